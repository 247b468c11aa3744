/* The controls: --func-depth, --func-include/--func-exclude (names looked up
 * in the process, PIE and non-PIE), --func-start-disabled with SIGUSR2, and
 * --func-buffer with an honest count of what a full ring dropped. */
#include "../rn_test.h"
#include "fh_prog.h"

#include <sys/wait.h>

static void depth(void)
{
	rn_funcs_opts o = {0};
	o.max_depth = 3; /* main, rec(5), rec(4) */
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"counts", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("rec"), 0, run.pid, run.pid), 2);
	CHECK_EQ_U(fh_count(&t, fh_addr("rec"), 1, run.pid, run.pid), 2);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, run.pid, run.pid), 1000);
	/* the signal handler runs at depth 2 (main, on_usr1): in_handler is 3rd */
	CHECK_EQ_U(fh_count(&t, fh_addr("in_handler"), 0, run.pid, run.pid), 1);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
}

static void patterns(const char *prog)
{
	rn_funcs_opts o = {0};
	o.include = "rec,lea?,wor*";
	o.exclude = "work";
	fh_run run;
	fh_trace t;
	fh_run_prog(prog, (char *[]){"counts", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("rec"), 0, 0, 0), 6);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, 0, 0), 1000);
	uint64_t rec = fh_addr("rec"), leaf = fh_addr("leaf");
	for (size_t i = 0; i < t.n; i++)
		CHECK(t.ev[i].addr == rec || t.ev[i].addr == leaf);
	CHECK_EQ_U(t.n, 2 * (6 + 1000));
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
}

static void toggled(void)
{
	rn_funcs_opts o = {0};
	o.start_disabled = 1;
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"toggle", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, 0, 0), 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf2"), 0, 0, 0), 500);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf2"), 1, 0, 0), 500);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf3"), 0, 0, 0), 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("main"), 1, 0, 0), 0);
	CHECK_EQ_U(t.n, 1000);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
}

/* Switched on from outside (kill -USR2) while the program runs: only what
 * came after the signal is recorded, balanced. */
static void toggled_from_outside(void)
{
	rn_funcs_opts o = {0};
	o.start_disabled = 1;
	fh_run run;
	fh_trace t;
	setenv("FH_TOGGLE_MS", "100", 1);
	fh_run_prog("prog_calls", (char *[]){"slow_loop", NULL}, &o, &run, &t);
	unsetenv("FH_TOGGLE_MS");
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK(run.t_kill > 0);
	size_t in = fh_count(&t, fh_addr("leaf"), 0, 0, 0);
	fprintf(stderr, "switched on after %.0f ms: %zu of 1000 leaf calls\n",
	        (double)(run.t_kill - run.t0) / 1e6, in);
	CHECK(in > 0 && in < 1000);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 1, 0, 0), in);
	CHECK_EQ_U(t.n, 2 * in); /* main was entered before: its exit is not kept */
	for (size_t i = 0; i < t.n; i++)
		CHECK(t.ev[i].time > run.t_kill);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
}

/* The smallest ring at the default: the program waits for the recorder
 * whenever its ring is full, and nothing is lost. */
static void buffer_small(void)
{
	rn_funcs_opts o = {0};
	o.buffer_bytes = 64 << 10; /* 8192 words: far fewer than 2 x 300000 */
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"loop", "300000", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(t.lost, 0);
	CHECK_EQ_U(run.lost, 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 0, 0, 0), 300000);
	CHECK_EQ_U(fh_count(&t, fh_addr("leaf"), 1, 0, 0), 300000);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
}

/* Told never to wait (--func-wait 0), a full ring drops events, counted. */
static void buffer_full(void)
{
	rn_funcs_opts o = {0};
	o.buffer_bytes = 64 << 10; /* 8192 words: far fewer than 2 x 300000 */
	o.wait_ms = -1;
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"loop", "300000", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	size_t in = fh_count(&t, fh_addr("leaf"), 0, 0, 0);
	size_t out = fh_count(&t, fh_addr("leaf"), 1, 0, 0);
	fprintf(stderr, "64 KiB ring: %zu entries, %zu exits kept, %llu events lost\n", in, out,
	        (unsigned long long)t.lost);
	CHECK(t.lost > 0);
	CHECK_EQ_U(run.lost, t.lost);
	CHECK(in < 300000);
	/* every event the program made is either in the trace or counted lost
	 * (an exit whose entry was lost is counted by the library, dropped here) */
	CHECK(in + t.lost >= 300000);
	/* + 1: the exit-time marker, when it finds the ring full, counts too */
	CHECK(t.lost <= 2 * 300000 + 3);
	/* A kept entry whose exit was dropped gets an exit from the recorder
	 * when main returns: at most one per run of drops, and each run ends
	 * in a Loss event at the next drain. */
	CHECK(in + out + t.lost <= 2 * 300000 + 3 + t.nloss);
	/* main, and the leaf whose exit found the ring full, stay open when the
	 * exit-time marker was lost too: the Loss event says so */
	CHECK(fh_check_nesting(&t, 0) <= 2);
	fh_free(&t);
}

/* A recorder that stops draining never hangs the program: after --func-wait
 * ms without a drain its threads drop (and count) what finds the ring full. */
static void stalled(void)
{
	rn_funcs_opts o = {0};
	o.buffer_bytes = 64 << 10;
	o.wait_ms = 300;
	setenv("FH_NO_DRAIN", "1", 1);
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"loop", "300000", NULL}, &o, &run, &t);
	unsetenv("FH_NO_DRAIN");
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	size_t in = fh_count(&t, fh_addr("leaf"), 0, 0, 0);
	fprintf(stderr, "stalled recorder: %zu entries kept, %llu events lost, %.2f s\n", in,
	        (unsigned long long)t.lost, (double)(run.t1 - run.t0) / 1e9);
	CHECK(in < 8192);
	CHECK(in + t.lost >= 300000);
	CHECK_EQ_U(run.lost, t.lost);
	CHECK(run.t1 - run.t0 < 3000000000ull); /* one wait of 0.3 s, not one per event */
	fh_free(&t);
}

/* A program that overwrites the shared channel: the recording ends, the
 * trace stays readable, nothing hangs. */
static void hostile(void)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"scribble", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	fprintf(stderr, "scribble: %zu events kept, %llu lost\n", t.n, (unsigned long long)t.lost);
	CHECK(t.n <= 4 * 1024 * 1024);
	fh_free(&t);
}

int main(void)
{
	hostile();
	depth();
	patterns("prog_calls");
	patterns("prog_calls-pie");
	toggled();
	toggled_from_outside();
	buffer_small();
	buffer_full();
	stalled();
	return 0;
}
