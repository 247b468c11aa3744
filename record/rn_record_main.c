/* rn_record_main.c: rn-record's entry point: parses the options, opens the
 * trace (keeping an older one as .old), starts or attaches to the programs,
 * runs the ptrace loop, finishes the file and exits with the program's
 * status (128+N when a signal N killed it). */
#include "rn_ostream.h"
#include "rn_record.h"
#include "rn_record_bpf.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

const char *rn_rec_prog = "rn-record";

void rn_rec_err(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", rn_rec_prog, buf);
}

/* -p: detach cleanly. Wakes the loop by interrupting one tracee. */
static void on_stop_signal(int sig)
{
	(void)sig;
	rn_rec_stop = 1;
	if (rn_rec_kick > 0)
		ptrace(PTRACE_INTERRUPT, rn_rec_kick, 0, 0);
}

static void init_header(rn_header *h, const rn_rec_opts *o)
{
	rn_header_init_local(h, "rn-record " RN_VERSION);
	h->argv = (const char *const *)o->cmd;
	h->argc = (uint32_t)o->ncmd;
	h->flags = (o->npids || o->all || o->cgroup ? RN_HDR_ATTACHED : 0) |
	           (o->follow ? RN_HDR_FOLLOW : 0) | (o->stack ? RN_HDR_STACKS : 0) |
	           (o->filtered ? RN_HDR_FILTERED : 0) | (o->functions ? RN_HDR_FUNCTIONS : 0) |
	           (o->no_data ? RN_HDR_NO_DATA : 0);
	h->options = o->options;
	h->pid = o->npids ? o->pids[0] : 0;
}

static int exit_code(const rn_loop_result *r)
{
	if (!r->have_status)
		return 1;
	if (WIFEXITED(r->status))
		return WEXITSTATUS(r->status);
	if (WIFSIGNALED(r->status))
		return 128 + WTERMSIG(r->status);
	return 1;
}

static int run(int argc, char **argv)
{
	rn_rec_opts o;
	int rc = rn_rec_parse(argc, argv, &o);
	if (rc) {
		rn_rec_opts_free(&o);
		return rc == 1 ? 0 : 2;
	}
	rn_header h;
	init_header(&h, &o);
	if (o.backend != RN_BACKEND_PTRACE) { /* -1: auto chose ptrace */
		h.clock_res_ns = o.clock_res ? o.clock_res : RN_REC_BPF_CLOCK_RES_NS;
		int brc = rn_bpf_main(&o, &h);
		if (brc >= 0) {
			rn_rec_opts_free(&o);
			return brc;
		}
	}
	rn_bpf_note_backend(&o, "ptrace");
	h.clock_res_ns = o.clock_res ? o.clock_res : RN_REC_PTRACE_CLOCK_RES_NS;
	if (o.pin && rn_cpu_pin() < 0)
		rn_rec_err("--pin: %s (going on unpinned)", strerror(errno));
	rn_funcs_session *fs = NULL;
	char err[512];
	if (o.functions) {
		o.fopts.preload_path = NULL;
		fs = rn_funcs_start(&o.fopts, err, sizeof(err));
		if (!fs) {
			rn_rec_err("--functions: %s", err);
			rn_rec_opts_free(&o);
			return 1;
		}
	}
	/* The pid is known only after fork: the header is written at open, so
	 * launch first (the child waits on its pipe until seized). */
	pid_t pid = 0;
	if (!o.npids) {
		/* Handlers are set after the fork: the program must inherit the
		 * dispositions rn-record was started with, not ours. */
		pid = rn_launch(&o, fs);
		if (pid < 0) {
			rn_rec_opts_free(&o);
			return 1;
		}
		rn_launch_forward_signals(pid);
		h.pid = pid;
	}
	rn_out *out = rn_out_open(&o, &h, fs, err, sizeof(err));
	if (!out) {
		rn_rec_err("%s", err);
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, __WALL);
		}
		rn_rec_opts_free(&o);
		return 1;
	}
	int attached = 0;
	if (o.npids) {
		rn_rec_set_handler(SIGINT, on_stop_signal);
		rn_rec_set_handler(SIGTERM, on_stop_signal);
		rn_rec_set_handler(SIGHUP, on_stop_signal);
		rn_rec_set_handler(SIGXFSZ, SIG_IGN);
		if (rn_attach(&o, out) < 0) {
			rn_out_close(out);
			rn_rec_opts_free(&o);
			return 1;
		}
		attached = 1;
	}
	rn_loop_result res = {0, 0};
	rn_loop_run(&o, out, pid, attached, &res);
	int failed = rn_out_failed(out);
	if (rn_out_close(out) < 0 && !failed)
		failed = 1;
	rn_rec_opts_free(&o);
	if (attached || failed) /* a trace that could not be written is an error */
		return failed ? 1 : 0;
	return exit_code(&res);
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	if (rn_ostream_close(stdout, "rn-record") < 0 && rc == 0) /* --help, --version */
		rc = 1;
	return rc;
}
