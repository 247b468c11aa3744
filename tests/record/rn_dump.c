/* rn_dump.c: prints a trace one event a line, for rn-record's tests (until
 * rn-replay exists). Syscall names come from the catalog.
 *   rn-dump FILE          events
 *   rn-dump -x FILE       also capture bytes in hex
 * Lines:  H arch pid flags argc argv0
 *         O options (the recorder's, as the header keeps them)
 *         S pid tid name ret flags t_entry t_exit ncap [kind:arg:len:orig:flags[:hex]]...
 *         P kind pid tid other status flags clone_flags data(NUL shown as |)
 *         G pid tid signo code siginfo_len
 *         M pid start end pgoff prot path buildid
 *         L reason count pid tid
 *         N pid ppid cmdline exe cwd
 *         F pid fd path
 *         U pid tid nevents (function batch)
 * The damage line, if any, goes to stderr and the exit status is 1. */
#include "rn_catalog.h"
#include "rn_trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void put_bytes(const char *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		putchar(p[i] ? p[i] : '|');
}

static void put_hex(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

int main(int argc, char **argv)
{
	int hex = 0, ai = 1;
	if (argc > 2 && strcmp(argv[1], "-x") == 0) {
		hex = 1;
		ai = 2;
	}
	if (ai >= argc) {
		fprintf(stderr, "usage: rn-dump [-x] FILE\n");
		return 2;
	}
	char err[512];
	rn_reader *r = rn_reader_open(argv[ai], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "rn-dump: %s\n", err);
		return 1;
	}
	const rn_header *h = rn_reader_header(r);
	printf("H %s %d %u %u %s\n", rn_arch_name(h->arch), h->pid, h->flags, h->argc,
	       h->argc ? h->argv[0] : "-");
	printf("O %s\n", h->options ? h->options : "");
	rn_event ev;
	char nb[32];
	while (rn_reader_next(r, &ev) == 1) {
		switch (ev.kind) {
		case RN_EV_SYSCALL: {
			const rn_syscall *s = &ev.u.sc;
			printf("S %d %d %s %" PRId64 " %u %" PRIu64 " %" PRIu64 " %u", s->pid,
			       s->tid,
			       rn_syscall_name_buf(rn_sc_abi(h->arch, s), s->nr, nb, sizeof(nb)),
			       s->ret, s->flags, s->t_entry, s->t_exit, s->ncap);
			for (uint16_t i = 0; i < s->ncap; i++) {
				const rn_capture *c = &s->caps[i];
				printf(" %u:%u:%u:%u:%u", c->kind, c->arg, c->len, c->orig_len,
				       c->flags);
				if (hex) {
					printf(":%" PRIx64 ":", c->addr);
					put_hex(c->data, c->len);
				}
			}
			putchar('\n');
			break;
		}
		case RN_EV_PROC: {
			const rn_proc *p = &ev.u.proc;
			printf("P %u %d %d %d %d %u %" PRIx64 " ", p->kind, p->pid, p->tid,
			       p->other, p->status, p->flags, p->clone_flags);
			put_bytes((const char *)p->data, p->data_len);
			putchar('\n');
			break;
		}
		case RN_EV_SIGNAL:
			printf("G %d %d %d %d %u\n", ev.u.sig.pid, ev.u.sig.tid, ev.u.sig.signo,
			       ev.u.sig.code, ev.u.sig.siginfo_len);
			break;
		case RN_EV_MAPPING: {
			const rn_mapping *m = &ev.u.map;
			printf("M %d %" PRIx64 " %" PRIx64 " %" PRIx64 " %d %.*s ", m->pid,
			       m->start, m->end, m->pgoff, m->prot, (int)m->path_len, m->path);
			put_hex(m->build_id, m->build_id_len);
			putchar('\n');
			break;
		}
		case RN_EV_LOSS:
			printf("L %u %" PRIu64 " %d %d\n", ev.u.loss.reason, ev.u.loss.count,
			       ev.u.loss.pid, ev.u.loss.tid);
			break;
		case RN_EV_SNAPSHOT: {
			const rn_snapshot *s = &ev.u.snap;
			printf("N %d %d ", s->pid, s->ppid);
			put_bytes(s->cmdline, s->cmdline_len);
			printf(" %.*s %.*s\n", (int)s->exe_len, s->exe, (int)s->cwd_len, s->cwd);
			break;
		}
		case RN_EV_FDINFO:
			printf("F %d %d %.*s\n", ev.u.fd.pid, ev.u.fd.fd, (int)ev.u.fd.path_len,
			       ev.u.fd.path);
			break;
		case RN_EV_FUNCS:
			printf("U %d %d %u\n", ev.u.funcs.pid, ev.u.funcs.tid, ev.u.funcs.nevents);
			break;
		default:
			printf("? %d\n", ev.kind);
		}
	}
	const char *d = rn_reader_damage(r);
	int rc = 0;
	if (d) {
		fprintf(stderr, "rn-dump: %s\n", d);
		rc = 1;
	}
	rn_reader_close(r);
	return rc;
}
