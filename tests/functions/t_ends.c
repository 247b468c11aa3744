/* How threads and processes end: exit() called deep inside and
 * pthread_exit() deep inside a thread leave balanced enter/exit pairs (the
 * library's atexit handler and thread-key destructor close the open frames),
 * and so do the other threads' frames when one thread calls exit();
 * a crash (SIGSEGV) and abort() keep their buffered events, and the
 * functions open at the time stay open (entries without exits). */
#include "../rn_test.h"
#include "fh_prog.h"

#include <signal.h>
#include <sys/wait.h>

static void exit_deep(void)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"exit_deep", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	const char *names[] = {"main", "deep1", "deep2", "deep3"};
	for (int i = 0; i < 4; i++) {
		CHECK_EQ_U(fh_count(&t, fh_addr(names[i]), 0, run.pid, run.pid), 1);
		CHECK_EQ_U(fh_count(&t, fh_addr(names[i]), 1, run.pid, run.pid), 1);
	}
	CHECK_EQ_U(fh_check_nesting(&t, run.pid), 0);
	fh_free(&t);
}

/* exit() while another thread runs: its frames end at the exit too. */
static void exit_threads(void)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){"exit_threads", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(fh_count(&t, fh_addr("spin_main"), 0, run.pid, 0), 1);
	CHECK_EQ_U(fh_count(&t, fh_addr("spin_main"), 1, run.pid, 0), 1);
	CHECK(fh_count(&t, fh_addr("leaf"), 0, run.pid, 0) >= 5);
	CHECK_EQ_U(fh_count(&t, fh_addr("deep3"), 1, run.pid, run.pid), 1);
	CHECK_EQ_U(fh_check_nesting(&t, run.pid), 0);
	fh_free(&t);
}

static void thread_exit(void)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls-pie", (char *[]){"thread_exit", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	const char *names[] = {"tdeep_main", "tdeep1", "tdeep2"};
	for (int i = 0; i < 3; i++) {
		CHECK_EQ_U(fh_count(&t, fh_addr(names[i]), 0, run.pid, 0), 1);
		CHECK_EQ_U(fh_count(&t, fh_addr(names[i]), 1, run.pid, 0), 1);
		CHECK_EQ_U(fh_count(&t, fh_addr(names[i]), 0, run.pid, run.pid), 0);
	}
	CHECK_EQ_U(fh_check_nesting(&t, run.pid), 0);
	fh_free(&t);
}

static void crash(const char *mode, int sig)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls", (char *[]){(char *)mode, NULL}, &o, &run, &t);
	CHECK(WIFSIGNALED(run.status) && WTERMSIG(run.status) == sig);
	CHECK_EQ_U(t.killed_by, sig);
	const char *open[] = {"main", "crash1", "crash2"};
	for (int i = 0; i < 3; i++) {
		CHECK_EQ_U(fh_count(&t, fh_addr(open[i]), 0, run.pid, run.pid), 1);
		CHECK_EQ_U(fh_count(&t, fh_addr(open[i]), 1, run.pid, run.pid), 0);
	}
	/* The three frames open at the crash, innermost last. */
	CHECK_EQ_U(fh_check_nesting(&t, run.pid), 3);
	CHECK(t.n >= 3);
	CHECK_EQ_U(t.ev[t.n - 1].addr, fh_addr("crash2"));
	CHECK_EQ_U(t.ev[t.n - 1].exit, 0);
	fh_free(&t);
}

int main(void)
{
	exit_deep();
	exit_threads();
	thread_exit();
	crash("crash", SIGSEGV);
	crash("abort", SIGABRT);
	return 0;
}
