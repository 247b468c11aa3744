/* rn_scrub_cmd.c: `rn-export scrub FILE -o OUT`: a copy of a trace safe to
 * attach to a bug report. Buffer contents (read/write payloads, iovecs) and
 * exec environments are removed (their lengths stay), every string matching
 * a --redact REGEX (paths, argv, names, fd paths, mapping paths, header
 * strings) has its matches replaced by "***", and the rest is kept as it
 * was. The copy is rewritten through the format library's writer, so every
 * tool reads it. */
#include "rn_catalog.h"
#include "rn_export.h"
#include "rn_optmsg.h"

#include <getopt.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PATTERNS 32
#define REDACTED     "***"
#define CHUNK_FLUSH  (1u << 20)
#define MAX_HDR_ARGV 4096

typedef struct scrub {
	regex_t re[MAX_PATTERNS];
	int nre;
	int keep_data;
	int no_stacks;
	uint16_t arch;
	uint64_t redactions;
	uint64_t buffers_dropped;
	char *owned[64]; /* strings made for the current event */
	int nowned;
	int oom;
} scrub;

/* Redacts one NUL-free string of len bytes. Returns a new string (owned by
 * the scrub until the event is written) or NULL when nothing matched. */
static char *redact_one(scrub *s, const char *in, size_t len, size_t *outlen)
{
	if (!s->nre || s->nowned >= 60)
		return NULL;
	char *cur = strndup(in, len);
	int changed = 0;
	if (!cur) {
		s->oom = 1;
		return NULL;
	}
	for (int k = 0; k < s->nre; k++) {
		size_t cap = strlen(cur) * 4 + 16, o = 0;
		char *out = malloc(cap);
		const char *p = cur;
		regmatch_t m;
		int flags = 0;
		if (!out) {
			s->oom = 1;
			break;
		}
		while (*p && regexec(&s->re[k], p, 1, &m, flags) == 0) {
			size_t adv = m.rm_eo > m.rm_so ? (size_t)m.rm_eo : (size_t)m.rm_so + 1;
			if (o + (size_t)m.rm_so + sizeof(REDACTED) + 2 > cap) {
				cap = (cap + (size_t)m.rm_so + sizeof(REDACTED)) * 2;
				char *n = realloc(out, cap);
				if (!n) {
					s->oom = 1;
					break;
				}
				out = n;
			}
			memcpy(out + o, p, (size_t)m.rm_so);
			o += (size_t)m.rm_so;
			if (m.rm_eo > m.rm_so) {
				memcpy(out + o, REDACTED, sizeof(REDACTED) - 1);
				o += sizeof(REDACTED) - 1;
				changed = 1;
				s->redactions++;
			} else {
				out[o++] = p[m.rm_so];
			}
			p += adv > strlen(p) ? strlen(p) : adv;
			flags = REG_NOTBOL;
		}
		size_t rest = strlen(p);
		char *n = realloc(out, o + rest + 1);
		if (!n) {
			free(out);
			s->oom = 1;
			break;
		}
		memcpy(n + o, p, rest + 1);
		free(cur);
		cur = n;
	}
	if (!changed) {
		free(cur);
		return NULL;
	}
	*outlen = strlen(cur);
	s->owned[s->nowned++] = cur;
	return cur;
}

/* Redacts NUL-separated strings (argv, exec data, cmdline). Returns the
 * new block (owned) or NULL when nothing changed. */
static char *redact_multi(scrub *s, const char *in, size_t len, size_t *outlen)
{
	if (!s->nre)
		return NULL;
	char *out = malloc(len * 4 + 16);
	size_t o = 0;
	int changed = 0;
	if (!out) {
		s->oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < len;) {
		size_t l = strnlen(in + i, len - i), nl;
		char *r = redact_one(s, in + i, l, &nl);
		if (r) {
			char *n = realloc(out, o + nl + 1 + (len - i) * 4 + 16);
			if (!n) {
				s->oom = 1;
				break;
			}
			out = n;
			memcpy(out + o, r, nl);
			o += nl;
			changed = 1;
		} else {
			memcpy(out + o, in + i, l);
			o += l;
		}
		i += l;
		if (i < len) {
			out[o++] = 0;
			i++;
		}
	}
	if (!changed || s->nowned >= 63) {
		free(out);
		return NULL;
	}
	*outlen = o;
	s->owned[s->nowned++] = out;
	return out;
}

static void release(scrub *s)
{
	for (int i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	s->nowned = 0;
}

static int env_arg(scrub *s, uint16_t nr)
{
	const char *name = rn_syscall_name(s->arch, nr);
	if (!name)
		return -1;
	if (strcmp(name, "execve") == 0)
		return 2;
	if (strcmp(name, "execveat") == 0)
		return 3;
	return -1;
}

static void scrub_capture(scrub *s, rn_capture *c, int envp)
{
	size_t nl;
	char *r;
	switch (c->kind) {
	case RN_CAP_BUFFER:
	case RN_CAP_IOVEC:
		if (s->keep_data || !c->len)
			return;
		c->len = 0;
		c->flags |= RN_CAPF_TRUNCATED;
		s->buffers_dropped++;
		return;
	case RN_CAP_ARGV:
		if (c->arg == envp && c->len) {
			c->len = 0;
			c->flags |= RN_CAPF_TRUNCATED;
			s->buffers_dropped++;
			return;
		}
		if ((r = redact_multi(s, (const char *)c->data, c->len, &nl))) {
			c->data = (const uint8_t *)r;
			c->len = (uint32_t)nl;
		}
		return;
	case RN_CAP_STRING:
		if ((r = redact_one(s, (const char *)c->data,
		                    strnlen((const char *)c->data, c->len), &nl))) {
			c->data = (const uint8_t *)r;
			c->len = c->orig_len = (uint32_t)nl;
		}
		return;
	case RN_CAP_STACK:
		if (s->no_stacks && c->len) {
			c->len = 0;
			c->flags |= RN_CAPF_TRUNCATED;
			s->buffers_dropped++;
		}
		return;
	default:
		return;
	}
}

static int add_syscall(scrub *s, rn_chunk_builder *b, const rn_syscall *sc)
{
	rn_capture caps[256];
	rn_capture *cp = sc->ncap <= 256 ? caps : malloc(sc->ncap * sizeof(*cp));
	if (!cp)
		return -1;
	int envp = env_arg(s, sc->nr);
	for (uint16_t i = 0; i < sc->ncap; i++) {
		cp[i] = sc->caps[i];
		scrub_capture(s, &cp[i], envp);
	}
	int rc = rn_chunk_add_syscall(b, sc, cp, sc->ncap);
	if (cp != caps)
		free(cp);
	return rc;
}

static void redact_field(scrub *s, const char **p, uint32_t *len, int multi)
{
	size_t nl;
	char *r = multi ? redact_multi(s, *p, *len, &nl) : redact_one(s, *p, *len, &nl);
	if (r) {
		*p = r;
		*len = (uint32_t)nl;
	}
}

static int add_event(scrub *s, rn_chunk_builder *b, const rn_event *in)
{
	rn_event ev = *in;
	int rc;
	switch (ev.kind) {
	case RN_EV_SYSCALL:
		rc = add_syscall(s, b, &ev.u.sc);
		release(s);
		return rc;
	case RN_EV_PROC:
		if (ev.u.proc.kind == RN_PROC_EXEC && ev.u.proc.data_len)
			redact_field(s, (const char **)&ev.u.proc.data, &ev.u.proc.data_len, 1);
		break;
	case RN_EV_MAPPING:
		redact_field(s, &ev.u.map.path, &ev.u.map.path_len, 0);
		break;
	case RN_EV_SNAPSHOT:
		redact_field(s, &ev.u.snap.cmdline, &ev.u.snap.cmdline_len, 1);
		redact_field(s, &ev.u.snap.exe, &ev.u.snap.exe_len, 0);
		redact_field(s, &ev.u.snap.cwd, &ev.u.snap.cwd_len, 0);
		break;
	case RN_EV_FDINFO:
		redact_field(s, &ev.u.fd.path, &ev.u.fd.path_len, 0);
		break;
	default:
		break;
	}
	rc = rn_chunk_add_event(b, &ev);
	release(s);
	return rc;
}

static const char *redact_cstr(scrub *s, const char *str)
{
	size_t nl;
	if (!str)
		return NULL;
	char *r = redact_one(s, str, strlen(str), &nl);
	return r ? r : str;
}

static int parse(int argc, char **argv, scrub *s, const char **in, const char **out)
{
	static const struct option lo[] = {
	    {"output", required_argument, NULL, 'o'}, {"redact", required_argument, NULL, 'r'},
	    {"keep-data", no_argument, NULL, 'k'},    {"no-stacks", no_argument, NULL, 'S'},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:r:h", lo, NULL)) != -1) {
		switch (c) {
		case 'o':
			*out = optarg;
			break;
		case 'r': {
			if (s->nre >= MAX_PATTERNS)
				return rn_export_usage_error("scrub: at most %d --redact patterns",
				                             MAX_PATTERNS);
			int e = regcomp(&s->re[s->nre], optarg, REG_EXTENDED);
			if (e) {
				char msg[128];
				regerror(e, &s->re[s->nre], msg, sizeof(msg));
				return rn_export_usage_error("scrub: --redact '%s': %s", optarg,
				                             msg);
			}
			s->nre++;
			break;
		}
		case 'k':
			s->keep_data = 1;
			break;
		case 'S':
			s->no_stacks = 1;
			break;
		case 'h':
			rn_export_usage(stdout);
			return 1;
		default: {
			char why[256];
			return rn_export_usage_error("scrub: %s",
			                             rn_optmsg(why, sizeof(why), c, argv, "o:r:h"));
		}
		}
	}
	if (optind >= argc)
		return rn_export_usage_error("scrub: no trace file given");
	if (optind + 1 < argc)
		return rn_export_usage_error("scrub: unexpected argument '%s'", argv[optind + 1]);
	*in = argv[optind];
	if (!*out)
		return rn_export_usage_error("scrub: the output file (-o OUT) is required");
	if (strcmp(*in, "-") == 0 || strcmp(*out, "-") == 0)
		return rn_export_usage_error("scrub: trace files are files, not '-'");
	return 0;
}

static rn_writer *open_out(scrub *s, const rn_header *ih, const char *out, const char ***argv_copy)
{
	char err[512], producer[256];
	rn_header h = *ih;
	snprintf(producer, sizeof(producer), "rn-export scrub " RN_VERSION " (from %s)",
	         ih->producer ? ih->producer : "?");
	h.producer = producer;
	h.cwd = redact_cstr(s, ih->cwd);
	h.hostname = redact_cstr(s, ih->hostname);
	h.options = redact_cstr(s, ih->options);
	uint32_t argc = ih->argc > MAX_HDR_ARGV ? MAX_HDR_ARGV : ih->argc;
	*argv_copy = calloc(argc + 1, sizeof(char *));
	if (!*argv_copy)
		return NULL;
	for (uint32_t i = 0; i < argc && s->nowned < 56; i++)
		(*argv_copy)[i] = redact_cstr(s, ih->argv[i]);
	for (uint32_t i = 0; i < argc; i++)
		if (!(*argv_copy)[i])
			(*argv_copy)[i] = ih->argv[i];
	h.argv = *argv_copy;
	h.argc = argc;
	if (!s->keep_data)
		h.flags |= RN_HDR_NO_DATA;
	if (access(out, F_OK) == 0) {
		rn_export_error("%s: exists; scrub never overwrites a file (remove it or "
		                "choose another -o)",
		                out);
		return NULL;
	}
	rn_writer *w = rn_writer_open(out, &h, NULL, err, sizeof(err));
	if (!w)
		rn_export_error("%s", err);
	return w;
}

int rn_export_scrub(int argc, char **argv)
{
	scrub s = {0};
	rn_damage dmg;
	const char *in = NULL, *out = NULL, **argv_copy = NULL;
	char err[512];
	int rc = parse(argc, argv, &s, &in, &out);
	if (rc) {
		for (int i = 0; i < s.nre; i++)
			regfree(&s.re[i]);
		return rc == 1 ? 0 : rc;
	}
	rn_reader *r = rn_reader_open(in, err, sizeof(err));
	rn_writer *w = NULL;
	rc = 1;
	if (!r) {
		rn_export_error("%s", err);
		goto done;
	}
	rn_damage_listen(&dmg, r);
	s.arch = rn_reader_header(r)->arch;
	w = open_out(&s, rn_reader_header(r), out, &argv_copy);
	release(&s);
	if (!w)
		goto done;
	rn_chunk_builder b;
	rn_chunk_init(&b);
	rn_event ev;
	int bad = 0;
	uint64_t n = 0;
	while (!bad && rn_reader_next(r, &ev) == 1) {
		n++;
		if (add_event(&s, &b, &ev) < 0 || s.oom) {
			bad = rn_export_error("out of memory");
		} else if (rn_chunk_bytes(&b) >= CHUNK_FLUSH &&
		           rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0) {
			bad = rn_export_error("%s: %s", out, err);
		}
	}
	uint64_t lost = bad ? 0 : rn_damage_lost(r);
	if (lost) { /* rule 2: the copy says what the damage lost */
		rn_loss l = {0, lost, 0, 0, RN_LOSS_DAMAGED};
		rn_chunk_add_loss(&b, &l);
	}
	if (!bad && rn_writer_write_chunk(w, &b, err, sizeof(err)) < 0)
		bad = rn_export_error("%s: %s", out, err);
	rn_chunk_free(&b);
	if (rn_writer_close(w, err, sizeof(err)) < 0 && !bad)
		bad = rn_export_error("%s: %s", out, err);
	int damaged = rn_export_damage(r, &dmg); /* before the copy's line (rule 2) */
	if (!bad) {
		fprintf(stderr,
		        RN_EXPORT_TOOL ": scrub: %llu events written to %s; %llu buffers removed, "
		                       "%llu strings redacted\n",
		        (unsigned long long)n, out, (unsigned long long)s.buffers_dropped,
		        (unsigned long long)s.redactions);
		rc = 0;
	} else
		unlink(out); /* a cut-short copy is no copy: the message says why */
	rc |= damaged;
done:
	for (int i = 0; i < s.nre; i++)
		regfree(&s.re[i]);
	free(argv_copy);
	if (r)
		rn_reader_close(r);
	return rc ? 1 : 0;
}
