/* rn_replay_main.c: rn-replay prints a recorded trace exactly as strace
 * would have printed it: one pass to find calls that span many records,
 * one to print in time order (see rn_replay_order.c). */
#include "rn_damage.h"
#include "rn_ostream.h"
#include "rn_replay.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int setup_filter(rp_filter *f, const rp_opts *o, const rn_header *h)
{
	memset(f, 0, sizeof(*f));
	char err[256];
	if (o->filter) {
		if (rn_filter_parse(o->filter, h->arch, &f->set, err, sizeof(err)) < 0) {
			fprintf(stderr, "rn-replay: %s\nTry 'rn-replay --help'.\n", err);
			return 2;
		}
		f->have_set = 1;
		f->arch = h->arch;
		f->arch_names = 1;
	}
	f->only_ok = o->only_ok;
	f->only_fail = o->only_fail;
	f->quiet_exits = o->quiet >= 2;
	f->personality = !o->quiet && !o->out_path; /* as strace: -q and -o leave them out */
	f->signals = ~0ull;
	if ((o->status && rp_parse_status(o->status, &f->status, err, sizeof(err)) < 0) ||
	    (o->signals && rp_parse_signals(o->signals, &f->signals, err, sizeof(err)) < 0)) {
		fprintf(stderr, "rn-replay: %s\nTry 'rn-replay --help'.\n", err);
		return 2;
	}
	f->pids = o->pids;
	f->npids = o->npids;
	f->tids = o->tids;
	f->ntids = o->ntids;
	if ((o->from && rp_parse_when(o->from, h, h->mono_start_ns, &f->from) < 0) ||
	    (o->to && rp_parse_when(o->to, h, h->mono_start_ns, &f->to) < 0)) {
		fprintf(stderr,
		        "rn-replay: invalid time '%s' (seconds, or @unix-seconds)\n"
		        "Try 'rn-replay --help'.\n",
		        o->from && rp_parse_when(o->from, h, 0, &f->from) < 0 ? o->from : o->to);
		return 2;
	}
	if (o->from && !f->from)
		f->from = 1;
	f->fds = o->have_fds ? &o->fds : NULL;
	f->sysnum = o->sysnum;
	f->reads = o->reads.n || o->reads.all || o->reads.neg ? &o->reads : NULL;
	f->writes = o->writes.n || o->writes.all || o->writes.neg ? &o->writes : NULL;
	if (o->npaths && rp_paths_init(f, o->paths, o->npaths, h->cwd) < 0) {
		fprintf(stderr, "rn-replay: out of memory\n");
		return 1;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	rp_opts o;
	int rc = rp_opts_parse(&o, argc, argv);
	if (rc) {
		rp_opts_free(&o);
		return rc == 1 ? 0 : rc;
	}
	signal(SIGPIPE, SIG_IGN); /* a closed pipe shows up as EPIPE: end quietly */
	char err[512];
	rn_reader *r = rn_reader_open(o.trace, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "rn-replay: %s\n", err);
		rp_opts_free(&o);
		return 1;
	}
	const rn_header *h = rn_reader_header(r);
	if (!rn_syscall_name(h->arch, 0)) {
		fprintf(stderr, "rn-replay: %s: unknown architecture %u\n", o.trace, h->arch);
		rn_reader_close(r);
		rp_opts_free(&o);
		return 1;
	}
	rp_filter f;
	rc = setup_filter(&f, &o, h);
	rn_decode_opts d;
	rn_decode_opts_init(&d, h->arch);
	d.strsize = o.strsize;
	d.xlat = o.xlat;
	d.fd_paths = o.fd_paths;
	d.strhex = o.strhex;
	d.verbose = o.verbose;
	d.argnames = o.argnames;
	rp_scan scan = {0};
	rp_out w = {0};
	rn_damage damage;
	if (rc == 0 && o.count && !(scan.count = rp_count_new(h->arch))) {
		fprintf(stderr, "rn-replay: out of memory\n");
		rc = 1;
	}
	if (rc == 0) {
		rn_damage_listen(&damage, r); /* told before the output */
		if (rp_scan_run(&scan, r, &d, &f) < 0) {
			fprintf(stderr, "rn-replay: out of memory\n");
			rc = 1;
		}
	}
	/* Rule 2: what was lost or damaged is said before the first line of
	 * output (on stderr, like the reader's damage line always was); the
	 * first pass has read it all. */
	const char *dmg = rc == 0 && rn_damage_end(&damage, r) ? damage.line : NULL;
	if (rc == 0) {
		char line[512];
		if (rn_loss_line(&scan.loss, line, sizeof(line)))
			fprintf(stderr, "rn-replay: %s: %s\n", o.trace, line);
		/* -c alone shows no argument */
		if (o.count != 1 && rn_unread_line(&scan.loss, line, sizeof(line)))
			fprintf(stderr, "rn-replay: %s: %s\n", o.trace, line);
		rn_damage_print(&damage, stderr, "rn-replay", o.trace);
		fflush(stderr);
	}
	rn_reader *r2 = NULL;
	if (rc == 0) {
		r2 = rn_reader_open(o.trace, err, sizeof(err));
		if (!r2)
			fprintf(stderr, "rn-replay: %s\n", err);
		if (!r2 || rp_out_open(&w, o.out_path) < 0)
			rc = 1;
	}
	if (rc == 0) {
		/* the first pass told the problems */
		rn_reader_set_warn(r2, rn_damage_quiet, NULL);
		w.follow = o.follow || scan.several_tids;
		w.tstamp = o.tstamp;
		w.relative = o.relative;
		w.acolumn = o.acolumn;
		w.mono0 = h->mono_start_ns;
		w.wall0 = h->wall_start_ns;
		int orc = o.count == 1 ? 0 : rp_order_run(r2, &w, &d, &f, &scan, o.durations);
		if (scan.count && orc == 0 && !w.broken) {
			rp_out_flush(&w);
			rp_count_print(scan.count, w.f);
		}
		if (rp_out_close(&w) < 0)
			rc = 1;
		else if (orc == -2) {
			fprintf(stderr, "rn-replay: out of memory\n");
			rc = 1;
		} else if (orc == 0 && !w.broken && (dmg || rn_reader_damage(r2))) {
			rc = 1; /* said before the output */
		}
	}
	if (r2)
		rn_reader_close(r2);
	rp_count_free(scan.count);
	rp_scan_free(&scan);
	rp_paths_free(&f);
	rn_reader_close(r);
	rp_opts_free(&o);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	if (rn_ostream_close(stdout, "rn-replay") < 0 && rc == 0) /* --help */
		rc = 1;
	return rc;
}
