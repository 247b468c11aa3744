/* rn_span_resource.c: the OTLP resource of a trace: service.name, process.*
 * of the recorded command (pid, command line, executable, exit code),
 * host.name, os.type, plus OTEL_RESOURCE_ATTRIBUTES. The executable and exit
 * code are found by reading only the first and last chunks. */
#include "rn_loss.h"
#include "rn_model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rn_model_keep(rn_model *m, const char *s)
{
	if (m->nstore >= (int)(sizeof(m->res_store) / sizeof(m->res_store[0])))
		return NULL;
	char *c = strdup(s ? s : "");
	if (c)
		m->res_store[m->nstore++] = c;
	return c;
}

static void quiet(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
}

typedef struct scan_out {
	char exe[4096];
	int have_exit;
	int exit_code;
	int killed;
} scan_out;

static void scan_event(const rn_header *h, const rn_event *ev, scan_out *o)
{
	if (ev->kind != RN_EV_PROC || ev->u.proc.pid != h->pid)
		return;
	const rn_proc *p = &ev->u.proc;
	if (p->kind == RN_PROC_EXEC && !o->exe[0] && p->data_len)
		snprintf(o->exe, sizeof(o->exe), "%.*s",
		         (int)strnlen((const char *)p->data, p->data_len), (const char *)p->data);
	if (p->kind == RN_PROC_EXIT || p->kind == RN_PROC_KILLED) {
		o->have_exit = 1;
		o->killed = p->kind == RN_PROC_KILLED;
		o->exit_code = p->kind == RN_PROC_EXIT ? p->status : 128 + p->status;
	}
}

static void scan_ends(const char *path, const rn_header *h, scan_out *o)
{
	char err[256];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	const rn_chunk_info *c;
	uint32_t n = 0;
	rn_event ev;
	if (!r)
		return;
	rn_reader_set_warn(r, quiet, NULL);
	if (rn_reader_chunks(r, &c, &n) == 0 && n > 0) {
		uint64_t first = c[0].nevents;
		for (uint64_t i = 0; i < first && rn_reader_next(r, &ev) == 1; i++)
			scan_event(h, &ev, o);
		if (n > 1 && rn_reader_seek_time(r, c[n - 1].first_ns) == 0)
			while (rn_reader_next(r, &ev) == 1)
				scan_event(h, &ev, o);
	}
	rn_reader_close(r);
}

static void add(rn_model *m, const char *key, int type, const char *s, int64_t i)
{
	if (type == RN_XA_STR && !s)
		return;
	for (int k = 0; k < m->nres; k++) {
		if (strcmp(m->res[k].key, key) == 0) {
			m->res[k] = (rn_xattr){m->res[k].key, type, s, i, 0};
			return;
		}
	}
	if (m->nres < RN_RES_MAX_ATTRS)
		m->res[m->nres++] = (rn_xattr){key, type, s, i, 0};
}

static int unhex(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Percent-decodes and trims s in place. */
static char *decode(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == '%' && unhex(p[1]) >= 0 && unhex(p[2]) >= 0) {
			*o++ = (char)(unhex(p[1]) * 16 + unhex(p[2]));
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	while (*s == ' ')
		s++;
	for (o = s + strlen(s); o > s && o[-1] == ' ';)
		*--o = 0;
	return s;
}

/* OTEL_RESOURCE_ATTRIBUTES: key1=value1,key2=value2 (percent-encoded). */
static void add_env_attrs(rn_model *m, const char *spec)
{
	char *copy = strdup(spec), *save = NULL;
	if (!copy)
		return;
	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		*eq = 0;
		const char *k = rn_model_keep(m, decode(kv));
		const char *v = rn_model_keep(m, decode(eq + 1));
		if (k && v && *k)
			add(m, k, RN_XA_STR, v, 0);
	}
	free(copy);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int rn_resource_build(rn_model *m, const char *path)
{
	const rn_header *h = m->h;
	scan_out o = {0};
	scan_ends(path, h, &o);
	char svc[256], cmd[8192];
	size_t len = 0;
	cmd[0] = 0;
	for (uint32_t i = 0; i < h->argc && len + 2 < sizeof(cmd); i++)
		len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, "%s%s", i ? " " : "",
		                        h->argv[i]);
	if (len >= sizeof(cmd))
		len = sizeof(cmd) - 1;
	snprintf(svc, sizeof(svc), "rn:%s", h->argc ? base_name(h->argv[0]) : "trace");
	/* Rule 2: what was lost and the damage, first (every batch's resource). */
	rn_loss_scan_file(path, &m->pre_loss, &m->dmg.pre);
	add(m, "rn.trace.lost_events", RN_XA_INT, NULL, (int64_t)m->pre_loss.total);
	if (m->dmg.pre.line[0])
		add(m, "rn.trace.damage", RN_XA_STR, m->dmg.pre.line, 0);
	if (m->pre_loss.unread)
		add(m, "rn.trace.unread_captures", RN_XA_INT, NULL, (int64_t)m->pre_loss.unread);
	add(m, "service.name", RN_XA_STR, rn_model_keep(m, svc), 0);
	if (m->o.resource_attrs)
		add_env_attrs(m, m->o.resource_attrs);
	if (m->o.service_name)
		add(m, "service.name", RN_XA_STR, rn_model_keep(m, m->o.service_name), 0);
	if (h->pid)
		add(m, "process.pid", RN_XA_INT, NULL, h->pid);
	if (cmd[0])
		add(m, "process.command_line", RN_XA_STR, rn_model_keep(m, cmd), 0);
	if (o.exe[0])
		add(m, "process.executable.path", RN_XA_STR, rn_model_keep(m, o.exe), 0);
	else if (h->argc)
		add(m, "process.executable.path", RN_XA_STR, rn_model_keep(m, h->argv[0]), 0);
	if (o.have_exit)
		add(m, "process.exit.code", RN_XA_INT, NULL, o.exit_code);
	if (h->hostname)
		add(m, "host.name", RN_XA_STR, rn_model_keep(m, h->hostname), 0);
	add(m, "host.arch", RN_XA_STR, rn_model_keep(m, rn_arch_name(h->arch)), 0);
	add(m, "os.type", RN_XA_STR, "linux", 0);
	if (h->kernel)
		add(m, "os.version", RN_XA_STR, rn_model_keep(m, h->kernel), 0);
	add(m, "telemetry.sdk.name", RN_XA_STR, "rn", 0);
	add(m, "telemetry.sdk.version", RN_XA_STR, RN_VERSION, 0);
	return 0;
}

void rn_resource_free(rn_model *m)
{
	for (int i = 0; i < m->nstore; i++)
		free(m->res_store[i]);
	m->nstore = 0;
}

void rn_model_resource(const rn_model *m, const rn_xattr **attrs, int *n)
{
	*attrs = m->res;
	*n = m->nres;
}
