/* rn_ndjson_cmd.c: `rn-export json FILE`: NDJSON, one object per event: a
 * header line, then every syscall, process event, signal, mapping, loss,
 * snapshot, fd and function entry/exit in file order. Times are
 * CLOCK_MONOTONIC ns ("time_ns") and unix ns ("unix_ns"). */
#include "rn_export.h"
#include "rn_export_buf.h"
#include "rn_export_decode.h"
#include "rn_loss.h"
#include "rn_symbols.h"

#include <inttypes.h>
#include <string.h>

typedef struct nd_run {
	const rn_header *h;
	rn_export_decode *dec;
	rn_symbols *sym;
	rn_export_buf b;
	FILE *f;
} nd_run;

static uint64_t unix_ns(const nd_run *n, uint64_t t)
{
	return rn_header_unix_ns(n->h, t);
}

static void head(nd_run *n, const char *type, uint64_t t, int32_t pid, int32_t tid)
{
	rn_export_buf_printf(&n->b,
	                     "{\"type\":\"%s\",\"time_ns\":%" PRIu64 ",\"unix_ns\":%" PRIu64
	                     ",\"pid\":%d,\"tid\":%d",
	                     type, t, unix_ns(n, t), (int)pid, (int)tid);
}

/* NUL-separated strings as a JSON array. */
static void str_array(rn_export_buf *b, const char *p, size_t len)
{
	rn_export_buf_str(b, "[");
	for (size_t i = 0, first = 1; i < len; first = 0) {
		size_t l = strnlen(p + i, len - i);
		if (!first)
			rn_export_buf_str(b, ",");
		rn_export_buf_json_mem(b, p + i, l);
		i += l + 1;
	}
	rn_export_buf_str(b, "]");
}

static void syscall_line(nd_run *n, const rn_syscall *sc)
{
	char name[48], args[4096];
	head(n, "syscall", sc->t_entry, sc->pid, sc->tid);
	rn_export_buf_str(&n->b, ",\"name\":");
	rn_export_buf_json_str(&n->b, rn_export_decode_name(n->dec, sc, name, sizeof(name)));
	rn_export_buf_printf(&n->b, ",\"nr\":%u,\"args\":", sc->nr);
	rn_export_buf_json_str(&n->b, rn_export_decode_args(n->dec, sc, args, sizeof(args)));
	rn_export_buf_str(&n->b, ",\"raw_args\":[");
	for (int i = 0; i < 6; i++)
		rn_export_buf_printf(&n->b, "%s\"%#" PRIx64 "\"", i ? "," : "", sc->args[i]);
	rn_export_buf_str(&n->b, "]");
	if (sc->flags & RN_SC_NO_EXIT) {
		rn_export_buf_str(&n->b, ",\"unfinished\":true");
	} else {
		rn_export_buf_printf(&n->b, ",\"ret\":%" PRId64, sc->ret);
		if (sc->flags & RN_SC_NO_ENTRY) /* in progress at the start: its start is unknown */
			rn_export_buf_str(&n->b, ",\"entry_unseen\":true");
		else
			rn_export_buf_printf(&n->b, ",\"duration_ns\":%" PRIu64,
			                     sc->t_exit - sc->t_entry);
		const char *en = rn_sc_failed(sc) ? rn_export_decode_errno((int)-sc->ret) : NULL;
		if (en) {
			rn_export_buf_str(&n->b, ",\"error\":");
			rn_export_buf_json_str(&n->b, en);
		}
	}
	rn_export_buf_printf(&n->b, ",\"flags\":%u}\n", sc->flags);
}

static const char *proc_kind(int k)
{
	static const char *names[] = {"?",    "fork",   "vfork",  "clone",  "exec",
	                              "exit", "killed", "attach", "detach", "thread_exit"};
	return k > 0 && k <= RN_PROC_THREAD_EXIT ? names[k] : "unknown";
}

static void proc_line(nd_run *n, const rn_proc *p)
{
	head(n, "proc", p->time, p->pid, p->tid);
	rn_export_buf_printf(&n->b,
	                     ",\"kind\":\"%s\",\"other\":%d,\"status\":%d,\"clone_flags\":%" PRIu64,
	                     proc_kind(p->kind), (int)p->other, (int)p->status, p->clone_flags);
	if (p->kind == RN_PROC_KILLED ||
	    (p->kind == RN_PROC_THREAD_EXIT && (p->flags & RN_PROCF_SIGNALED))) {
		const char *s = rn_export_decode_signal(p->status);
		rn_export_buf_str(&n->b, ",\"signal\":");
		rn_export_buf_json_str(&n->b, s ? s : "?");
		rn_export_buf_printf(&n->b, ",\"core\":%s",
		                     (p->flags & RN_PROCF_CORE) ? "true" : "false");
	}
	if (p->kind == RN_PROC_EXEC && p->data_len) {
		size_t pl = strnlen((const char *)p->data, p->data_len);
		rn_export_buf_str(&n->b, ",\"path\":");
		rn_export_buf_json_mem(&n->b, (const char *)p->data, pl);
		rn_export_buf_str(&n->b, ",\"argv\":");
		str_array(&n->b, (const char *)p->data + pl + 1,
		          pl + 1 < p->data_len ? p->data_len - pl - 1 : 0);
	}
	rn_export_buf_str(&n->b, "}\n");
}

static void funcs_lines(nd_run *n, const rn_funcs *f)
{
	uint64_t t = f->base_ns;
	for (uint32_t i = 0; i < f->nevents; i++) {
		rn_func_event e;
		char name[256];
		int found;
		rn_funcs_get(f, i, &t, &e);
		head(n, "func", e.time, f->pid, f->tid);
		rn_export_buf_printf(&n->b, ",\"phase\":\"%s\",\"addr\":\"%#" PRIx64 "\",\"name\":",
		                     e.exit ? "exit" : "entry", e.addr);
		rn_export_buf_json_str(
		    &n->b, rn_symbols_name(n->sym, f->pid, e.addr, name, sizeof(name), &found));
		rn_export_buf_str(&n->b, "}\n");
	}
}

static void event_line(nd_run *n, const rn_event *ev)
{
	switch (ev->kind) {
	case RN_EV_SYSCALL:
		syscall_line(n, &ev->u.sc);
		break;
	case RN_EV_PROC:
		proc_line(n, &ev->u.proc);
		break;
	case RN_EV_SIGNAL: {
		const rn_signal *s = &ev->u.sig;
		const char *name = rn_export_decode_signal(s->signo);
		head(n, "signal", s->time, s->pid, s->tid);
		rn_export_buf_printf(&n->b, ",\"signo\":%d,\"code\":%d,\"name\":", (int)s->signo,
		                     (int)s->code);
		rn_export_buf_json_str(&n->b, name ? name : "?");
		rn_export_buf_str(&n->b, "}\n");
		break;
	}
	case RN_EV_MAPPING: {
		const rn_mapping *m = &ev->u.map;
		rn_symbols_add_mapping(n->sym, m);
		head(n, "mapping", m->time, m->pid, m->pid);
		rn_export_buf_printf(&n->b,
		                     ",\"start\":\"%#" PRIx64 "\",\"end\":\"%#" PRIx64
		                     "\",\"pgoff\":%" PRIu64 ",\"prot\":%d,\"path\":",
		                     m->start, m->end, m->pgoff, (int)m->prot);
		rn_export_buf_json_mem(&n->b, m->path, m->path_len);
		rn_export_buf_str(&n->b, ",\"build_id\":\"");
		rn_export_buf_hex(&n->b, m->build_id, m->build_id_len);
		rn_export_buf_str(&n->b, "\"}\n");
		break;
	}
	case RN_EV_LOSS:
		head(n, "loss", ev->u.loss.time, ev->u.loss.pid, ev->u.loss.tid);
		rn_export_buf_printf(&n->b, ",\"count\":%" PRIu64 ",\"reason\":%u}\n",
		                     ev->u.loss.count, ev->u.loss.reason);
		break;
	case RN_EV_SNAPSHOT: {
		const rn_snapshot *s = &ev->u.snap;
		head(n, "snapshot", s->time, s->pid, s->pid);
		rn_export_buf_printf(&n->b, ",\"ppid\":%d,\"cmdline\":", (int)s->ppid);
		str_array(&n->b, s->cmdline, s->cmdline_len);
		rn_export_buf_str(&n->b, ",\"exe\":");
		rn_export_buf_json_mem(&n->b, s->exe, s->exe_len);
		rn_export_buf_str(&n->b, ",\"cwd\":");
		rn_export_buf_json_mem(&n->b, s->cwd, s->cwd_len);
		rn_export_buf_str(&n->b, "}\n");
		break;
	}
	case RN_EV_FDINFO:
		rn_export_buf_printf(&n->b, "{\"type\":\"fd\",\"pid\":%d,\"fd\":%d,\"path\":",
		                     (int)ev->u.fd.pid, (int)ev->u.fd.fd);
		rn_export_buf_json_mem(&n->b, ev->u.fd.path, ev->u.fd.path_len);
		rn_export_buf_str(&n->b, "}\n");
		break;
	case RN_EV_FUNCS:
		funcs_lines(n, &ev->u.funcs);
		break;
	default:
		break;
	}
}

/* The first line; what was lost and the damage open it (rule 2). */
static void header_line(nd_run *n, const rn_loss_tally *lt, const char *dmg)
{
	const rn_header *h = n->h;
	rn_export_buf_printf(
	    &n->b, "{\"type\":\"header\",\"lost_events\":%" PRIu64 ",\"damage\":", lt->total);
	if (dmg[0])
		rn_export_buf_json_str(&n->b, dmg);
	else
		rn_export_buf_str(&n->b, "null");
	rn_export_buf_printf(&n->b, ",\"unread_captures\":%" PRIu64, lt->unread);
	rn_export_buf_printf(&n->b, ",\"format\":\"%u.%u\",\"producer\":", h->major, h->minor);
	rn_export_buf_json_str(&n->b, h->producer);
	rn_export_buf_printf(&n->b,
	                     ",\"arch\":\"%s\",\"mono_start_ns\":%" PRIu64
	                     ",\"wall_start_ns\":%" PRIu64
	                     ",\"clock_res_ns\":%u,\"pid\":%d,\"flags\":%u,\"hostname\":",
	                     rn_arch_name(h->arch), h->mono_start_ns, h->wall_start_ns,
	                     rn_header_res(h), (int)h->pid, h->flags);
	rn_export_buf_json_str(&n->b, h->hostname);
	rn_export_buf_str(&n->b, ",\"kernel\":");
	rn_export_buf_json_str(&n->b, h->kernel);
	rn_export_buf_str(&n->b, ",\"cwd\":");
	rn_export_buf_json_str(&n->b, h->cwd);
	rn_export_buf_str(&n->b, ",\"argv\":[");
	for (uint32_t i = 0; i < h->argc; i++) {
		if (i)
			rn_export_buf_str(&n->b, ",");
		rn_export_buf_json_str(&n->b, h->argv[i]);
	}
	rn_export_buf_str(&n->b, "]}\n");
}

int rn_export_ndjson(int argc, char **argv)
{
	rn_file_opts fo;
	char err[512];
	int rc = rn_file_opts_parse("json", argc, argv, &fo);
	if (rc)
		return rc == 1 ? 0 : rc;
	rn_reader *r = rn_reader_open(fo.trace, err, sizeof(err));
	if (!r)
		return rn_export_error("%s", err);
	rn_loss_tally lt;
	rn_export_dmg dmg;
	rn_export_prescan(r, &lt, &dmg);
	nd_run n = {rn_reader_header(r), NULL, rn_symbols_new(), {0}, rn_export_open_out(fo.out)};
	n.dec = rn_export_decode_new(n.h);
	int werr = 0;
	if (n.f && n.dec && n.sym) {
		rn_event ev;
		header_line(&n, &lt, dmg.pre.line);
		while (!werr && rn_reader_next(r, &ev) == 1) {
			if (!fo.no_functions || ev.kind != RN_EV_FUNCS)
				event_line(&n, &ev);
			rn_export_decode_feed(n.dec, &ev);
			if (n.b.len > (1u << 20)) {
				werr = n.b.oom || fwrite(n.b.p, 1, n.b.len, n.f) != n.b.len;
				n.b.len = 0;
			}
		}
		werr |= n.b.oom || fwrite(n.b.p, 1, n.b.len, n.f) != n.b.len;
		rc = rn_export_close_out(n.f, fo.out);
		if (n.b.oom && !rc) /* a failed write was reported at close */
			rc = rn_export_error("out of memory");
	} else {
		rc = 1;
	}
	rc |= rn_export_damage_after(r, &dmg);
	rn_export_buf_free(&n.b);
	rn_export_decode_free(n.dec);
	rn_symbols_free(n.sym);
	rn_reader_close(r);
	return rc ? 1 : 0;
}
