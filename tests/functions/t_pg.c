/* Programs built with -pg (gcc's mcount, x86_64): the same exact counts as
 * with -finstrument-functions (recursion, threads, a signal handler),
 * balanced frames through exit() and pthread_exit() deep inside, and the
 * open frames of a crash. Each function is named by mcount's return
 * address, a few bytes into it. */
#include "../rn_test.h"
#include "fh_prog.h"

#include <signal.h>
#include <sys/wait.h>

#define IN(name, ex, pid, tid) fh_count_in(&t, fh_addr(name), ex, pid, tid)

static void counts(void)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls-pg", (char *[]){"counts", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	int pid = run.pid;
	CHECK_EQ_U(IN("main", 0, pid, pid), 1);
	CHECK_EQ_U(IN("rec", 0, pid, pid), 6);
	CHECK_EQ_U(IN("rec", 1, pid, pid), 6);
	CHECK_EQ_U(IN("leaf", 0, pid, pid), 1000);
	CHECK_EQ_U(IN("leaf", 1, pid, pid), 1000);
	CHECK_EQ_U(IN("in_handler", 0, pid, pid), 1);
	CHECK_EQ_U(IN("work", 0, pid, 0), 300);
	CHECK_EQ_U(IN("work", 1, pid, 0), 300);
	CHECK_EQ_U(IN("work", 0, pid, pid), 0);
	CHECK_EQ_U(t.n, 2626); /* nothing else: every event is one of the above */
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
}

static void ends(void)
{
	rn_funcs_opts o = {0};
	fh_run run;
	fh_trace t;
	fh_run_prog("prog_calls-pg", (char *[]){"exit_deep", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(IN("deep3", 0, 0, 0), 1);
	CHECK_EQ_U(IN("deep3", 1, 0, 0), 1);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
	/* pthread_exit unwinds through the frames whose return addresses
	 * were redirected: they are put back first. */
	fh_run_prog("prog_calls-pg", (char *[]){"thread_exit", NULL}, &o, &run, &t);
	CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
	CHECK_EQ_U(IN("tdeep2", 0, 0, 0), 1);
	CHECK_EQ_U(IN("tdeep2", 1, 0, 0), 1);
	CHECK_EQ_U(IN("tdeep_main", 1, 0, 0), 1);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
	fh_free(&t);
	fh_run_prog("prog_calls-pg", (char *[]){"crash", NULL}, &o, &run, &t);
	CHECK(WIFSIGNALED(run.status) && WTERMSIG(run.status) == SIGSEGV);
	CHECK_EQ_U(IN("crash2", 0, 0, 0), 1);
	CHECK_EQ_U(fh_check_nesting(&t, 0), 3);
	fh_free(&t);
}

/* C++ exceptions unwinding traced frames: the -pg build records exactly
 * what the -finstrument-functions build does, balanced. */
static void cxx_throw(void)
{
	if (system("command -v g++ >/dev/null 2>&1") != 0) {
		fprintf(stderr, "g++ not installed: C++ exception case not run\n");
		return;
	}
	char cmd[1024];
	const char *root = getenv("RN_ROOT");
	CHECK(root != NULL);
	for (int pg = 0; pg < 2; pg++) {
		snprintf(cmd, sizeof(cmd),
		         "g++ -O1 -fno-inline %s -o %s %s/tests/functions/prog_throw.cpp",
		         pg ? "-pg" : "-finstrument-functions", pg ? "throw-pg" : "throw-fi", root);
		CHECK(system(cmd) == 0);
		char path[256], lib[512];
		snprintf(path, sizeof(path), "./%s", pg ? "throw-pg" : "throw-fi");
		snprintf(lib, sizeof(lib), "%s/lib/librnfunc.so", fh_build());
		char *argv[] = {path, NULL};
		rn_funcs_opts o = {lib, 0, NULL, NULL, 0, 0, 0};
		fh_run run;
		fh_record("throw.rn", argv, &o, &run);
		CHECK(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0);
		fh_trace t;
		fh_load("throw.rn", &t);
		CHECK_EQ_U(t.n, 1102);
		CHECK_EQ_U(fh_check_nesting(&t, 0), 0);
		fh_free(&t);
		remove("throw.rn");
	}
}

int main(void)
{
#if !defined(__x86_64__)
	printf("-pg tracing is x86_64 only\n");
	return 77;
#endif
	counts();
	ends();
	cxx_throw();
	return 0;
}
