/* Exact call counts of a known -finstrument-functions program recorded
 * through the shared-memory channel: recursion, three threads, a function
 * called from a signal handler; balanced nesting, callees' time within the
 * caller's, and function times on the same CLOCK_MONOTONIC as the program's. */
#include "../rn_test.h"
#include "fh_harness.h"

#include <sys/wait.h>

static void run_counts(const char *prog, const char *clock)
{
	char path[512], lib[512];
	snprintf(path, sizeof(path), "%s/tests/functions/%s", fh_build(), prog);
	snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
	setenv("RN_FUNCS_CLOCK", clock, 1);
	remove("addrs.txt");
	remove("counts.rn");
	char *argv[] = {path, "counts", NULL};
	rn_funcs_opts o = {lib, 0, NULL, NULL, 0, 0, 0};
	fh_run run;
	fh_record("counts.rn", argv, &o, &run);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	fh_trace t;
	fh_load("counts.rn", &t);
	CHECK_EQ_U(t.lost, 0);
	int pid = run.pid;
	CHECK_EQ_U(fh_count(&t, fh_addr("main"), 0, pid, pid), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("main"), 1, pid, pid), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("rec"), 0, pid, pid), 6);
	CHECK_EQ_U(fh_count(&t, fh_addr("rec"), 1, pid, pid), 6);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, pid, pid), 1000);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 1, pid, pid), 1000);
	CHECK_EQ_U(fh_count(&t, fh_addr("on_usr1"), 0, pid, pid), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("in_handler"), 0, pid, pid), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("in_handler"), 1, pid, pid), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("work"), 0, pid, 0), 300);
	CHECK_EQ_U(fh_count(&t, fh_addr("work"), 1, pid, 0), 300);
	CHECK_EQ_U(fh_count(&t, fh_addr("thread_main"), 0, pid, 0), 3);
	CHECK_EQ_U(fh_count(&t, fh_addr("work"), 0, pid, pid), 0); /* not the main thread's */
	/* Three worker threads, each with its own tid and 100 calls. */
	int32_t tids[8];
	int nt = 0;
	for (size_t i = 0; i < t.n; i++) {
		CHECK_EQ_U(t.ev[i].pid, pid);
		int seen = 0;
		for (int k = 0; k < nt; k++)
			seen |= tids[k] == t.ev[i].tid;
		if (!seen) {
			CHECK(nt < 8);
			tids[nt++] = t.ev[i].tid;
		}
	}
	CHECK_EQ_U(nt, 4);
	for (int k = 0; k < nt; k++)
		if (tids[k] != pid)
			CHECK_EQ_U(fh_count(&t, fh_addr("work"), 0, pid, tids[k]), 100);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	/* Same clock: stamp() read CLOCK_MONOTONIC between its entry and exit. */
	FILE *f = fopen("stamp.txt", "r");
	CHECK(f != NULL);
	unsigned long long st = 0;
	CHECK(fscanf(f, "%llu", &st) == 1);
	fclose(f);
	uint64_t in = 0, out = 0;
	for (size_t i = 0; i < t.n; i++)
		if (t.ev[i].addr == fh_addr("stamp"))
			*(t.ev[i].exit ? &out : &in) = t.ev[i].time;
	fprintf(stderr, "%s/%s: stamp entry %+lld ns, exit %+lld ns from the program's clock\n",
	        prog, clock, (long long)(in - st), (long long)(out - st));
	CHECK(in >= run.t0 && out <= run.t1);
	CHECK(in <= st + 2000 && st <= out + 2000); /* within 2 us of the bracket */
	fh_free(&t);
}

/* Signals arriving at any instruction, also inside the library's own put:
 * on x86_64 no event is lost or overwritten. */
static void async_signals(void)
{
	char path[512], lib[512];
	snprintf(path, sizeof(path), "%s/tests/functions/prog_calls", fh_build());
	snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
	setenv("RN_FUNCS_CLOCK", "tsc", 1);
	remove("addrs.txt");
	char *argv[] = {path, "async", NULL};
	rn_funcs_opts o = {lib, 0, NULL, NULL, 0, 64u << 20, 0};
	fh_run run;
	fh_record("async.rn", argv, &o, &run);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	fh_trace t;
	fh_load("async.rn", &t);
	FILE *f = fopen("ticks.txt", "r");
	int ticks = 0;
	CHECK(f && fscanf(f, "%d", &ticks) == 1);
	fclose(f);
	size_t got = fh_count(&t, fh_addr("tick"), 0, 0, 0);
	fprintf(stderr, "async: %d ticks, %zu recorded, %llu lost\n", ticks, got,
	        (unsigned long long)t.lost);
	CHECK(ticks > 10);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
#if defined(__x86_64__)
	CHECK_EQ_U(t.lost, 0);
	CHECK_EQ_U(got, ticks);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, 0, 0), 2000000);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 1, 0, 0), 2000000);
#else
	CHECK(got + t.lost >= (size_t)ticks);
#endif
	fh_free(&t);
}

int main(void)
{
	async_signals();
	run_counts("prog_calls", "tsc");
	run_counts("prog_calls-pie", "tsc");
	run_counts("prog_calls", "mono");
	return 0;
}
