/* rn-record --functions end to end: the real recorder (ptrace, its writer
 * thread draining the rings) on the known program. Exact counts as with the
 * harness, and the syscalls stamp() made lie inside stamp()'s span on the
 * shared clock. Then -e trace=none (functions only) and a crash. */
#include "../rn_test.h"
#include "fh_harness.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_rec(char *const argv[])
{
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	CHECK(waitpid(p, &st, 0) == p);
	return st;
}

/* Entry and exit times of the openat of stamp.txt; 0 if absent. */
static void stamp_open(const char *trace, uint64_t *t_in, uint64_t *t_out)
{
	char err[256];
	rn_reader *r = rn_reader_open(trace, err, sizeof(err));
	CHECK(r != NULL);
	rn_event ev;
	*t_in = *t_out = 0;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind != RN_EV_SYSCALL)
			continue;
		for (uint16_t i = 0; i < ev.u.sc.ncap; i++) {
			const rn_capture *c = &ev.u.sc.caps[i];
			if (c->kind == RN_CAP_STRING && c->len == 9 &&
			    memcmp(c->data, "stamp.txt", 9) == 0) {
				*t_in = ev.u.sc.t_entry;
				*t_out = ev.u.sc.t_exit;
			}
		}
	}
	rn_reader_close(r);
}

static void counts(const char *extra)
{
	char rec[512], prog[512];
	snprintf(rec, sizeof(rec), "%s/bin/rn-record", fh_build());
	snprintf(prog, sizeof(prog), "%s/tests/functions/prog_calls", fh_build());
	remove("r.rn");
	remove("addrs.txt");
	char *argv[] = {rec,           "-q", "-f", "--functions", "-o", "r.rn",
	                (char *)extra, "--", prog, "counts",      NULL};
	if (!extra)
		memmove(&argv[6], &argv[7], 4 * sizeof(char *));
	int st = run_rec(argv);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct stat sb;
	CHECK(stat("r.rn", &sb) == 0 && (sb.st_mode & 0777) == 0600);
	fh_trace t;
	fh_load("r.rn", &t);
	CHECK_EQ_U(t.lost, 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("rec"), 0, 0, 0), 6);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 1, 0, 0), 1000);
	CHECK_EQ_U(fh_count(&t, fh_addr("work"), 0, 0, 0), 300);
	CHECK_EQ_U(fh_count(&t, fh_addr("in_handler"), 0, 0, 0), 1);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	uint64_t s_in = 0, s_out = 0, o_in, o_out;
	for (size_t i = 0; i < t.n; i++)
		if (t.ev[i].addr == fh_addr("stamp"))
			*(t.ev[i].exit ? &s_out : &s_in) = t.ev[i].time;
	stamp_open("r.rn", &o_in, &o_out);
	if (extra) { /* trace=none: no syscalls at all */
		CHECK_EQ_U(o_in, 0);
	} else {
		fprintf(stderr, "stamp() [%llu, %llu], its openat [%llu, %llu]\n",
		        (unsigned long long)s_in, (unsigned long long)s_out,
		        (unsigned long long)o_in, (unsigned long long)o_out);
		CHECK(o_in > 0 && s_in <= o_in && o_out <= s_out);
	}
	fh_free(&t);
}

static void crash(void)
{
	char rec[512], prog[512];
	snprintf(rec, sizeof(rec), "%s/bin/rn-record", fh_build());
	snprintf(prog, sizeof(prog), "%s/tests/functions/prog_calls", fh_build());
	remove("c.rn");
	char *argv[] = {rec, "-q", "--functions", "-o", "c.rn", "--", prog, "crash", NULL};
	int st = run_rec(argv);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGSEGV);
	fh_trace t;
	fh_load("c.rn", &t);
	CHECK_EQ_U(fh_count(&t, fh_addr("crash2"), 0, 0, 0), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("crash2"), 1, 0, 0), 0);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 3);
	/* the recorder's own Signal event carries the fault */
	char err[256];
	rn_reader *r = rn_reader_open("c.rn", err, sizeof(err));
	CHECK(r != NULL);
	rn_event ev;
	int segv = 0;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind != RN_EV_SIGNAL || ev.u.sig.signo != SIGSEGV)
			continue;
		/* the faulting address: the program wrote through NULL */
		siginfo_t si;
		CHECK(ev.u.sig.siginfo_len >= sizeof(si));
		memcpy(&si, ev.u.sig.siginfo, sizeof(si));
		CHECK(si.si_addr == NULL);
		CHECK_EQ_U(si.si_code, SEGV_MAPERR);
		segv = 1;
	}
	rn_reader_close(r);
	CHECK(segv);
	fh_free(&t);
}

/* By hand: LD_PRELOAD cleared for a shell, set again for one program. */
static void by_hand(int preload_again)
{
	char rec[512], prog[512], lib[512], cmd[2048];
	snprintf(rec, sizeof(rec), "%s/bin/rn-record", fh_build());
	snprintf(prog, sizeof(prog), "%s/tests/functions/prog_calls", fh_build());
	snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
	snprintf(cmd, sizeof(cmd), "%s%s %s counts-small", preload_again ? "LD_PRELOAD=" : "",
	         preload_again ? lib : "", prog);
	remove("h.rn");
	remove("addrs.txt");
	char *argv[] = {rec,           "-q",      "-f",   "--functions", "-e",
	                "trace=none",  "-o",      "h.rn", "--",          "/usr/bin/env",
	                "LD_PRELOAD=", "/bin/sh", "-c",   cmd,           NULL};
	int st = run_rec(argv);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	fh_trace t;
	fh_load("h.rn", &t);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, 0, 0), preload_again ? 5 : 0);
	CHECK_EQ_U(t.n, preload_again ? 12 : 0); /* main and 5 leaf, entries and exits */
	fh_free(&t);
}

/* Without rn-record in front: RN_FUNCS_OUTPUT makes the library run the
 * program again under rn-record; RN_FUNCS_DEPTH becomes --func-depth. */
static void standalone(const char *depth)
{
	char prog[512], lib[512];
	snprintf(prog, sizeof(prog), "%s/tests/functions/prog_calls", fh_build());
	snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
	remove("s.rn");
	remove("addrs.txt");
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		setenv("RN_FUNCS_OUTPUT", "s.rn", 1);
		setenv("LD_PRELOAD", lib, 1);
		if (depth)
			setenv("RN_FUNCS_DEPTH", depth, 1);
		execl(prog, prog, "counts-small", (char *)NULL);
		_exit(127);
	}
	int st;
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	fh_trace t;
	fh_load("s.rn", &t);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, 0, 0), depth ? 0 : 5);
	CHECK_EQ_U(fh_count(&t, fh_addr("main"), 1, 0, 0), 1);
	CHECK_EQ_U(t.n, depth ? 2 : 12);
	fh_free(&t);
	/* rn-record's own events are there too: the program's mapping */
	char err[256];
	rn_reader *r = rn_reader_open("s.rn", err, sizeof(err));
	CHECK(r != NULL);
	rn_event ev;
	int mapped = 0;
	while (rn_reader_next(r, &ev) == 1)
		mapped |= ev.kind == RN_EV_MAPPING && ev.u.map.path_len >= 10 &&
		          memcmp(ev.u.map.path + ev.u.map.path_len - 10, "prog_calls", 10) == 0;
	rn_reader_close(r);
	CHECK(mapped);
}

/* Bad settings stop rn-record with one line and no trace. */
static void bad_options(void)
{
	char rec[512];
	snprintf(rec, sizeof(rec), "%s/bin/rn-record", fh_build());
	char *argv[] = {rec,      "--functions", "--func-buffer", "1K", "-o",
	                "bad.rn", "--",          "/bin/true",     NULL};
	int st = run_rec(argv);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 0);
	CHECK(access("bad.rn", F_OK) != 0);
}

int main(void)
{
	char rec[512];
	snprintf(rec, sizeof(rec), "%s/bin/rn-record", fh_build());
	if (access(rec, X_OK) != 0) {
		printf("rn-record not built\n");
		return 77;
	}
	counts(NULL);
	counts("-etrace=none");
	crash();
	by_hand(1);
	by_hand(0);
	standalone(NULL);
	standalone("1");
	bad_options();
	return 0;
}
