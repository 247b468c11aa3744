/* Nothing lost at default settings on the hottest loop there is: the real
 * rn-record (no --func-buffer, no --func-wait) on mid() -> leaf() as fast as
 * the CPU goes, 30 M calls in one thread, then 8 threads x 5 M calls. Every
 * call of every thread is in the trace, no Loss event, no loss line from
 * rn-record. Under SANITIZE=1 the recorder's side is slower: 1/10 of it. */
#include "../rn_test.h"
#include "fh_harness.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TIDS 16

typedef struct tcount {
	int32_t tid;
	uint64_t mid_in, mid_out, leaf_in, leaf_out;
	int64_t depth; /* mid/leaf frames open */
	int bad;       /* an exit without an open frame */
} tcount;

/* Runs rn-record on `prog_calls hot T N`; rn-record's stderr goes to err.txt. */
static void record(const char *threads, const char *n)
{
	char rec[512], prog[512];
	snprintf(rec, sizeof(rec), "%s/bin/rn-record", fh_build());
	snprintf(prog, sizeof(prog), "%s/tests/functions/prog_calls", fh_build());
	remove("hot.rn");
	remove("addrs.txt");
	char *argv[] = {rec,  "-q",  "--functions",   "-e",      "trace=none", "-o", "hot.rn", "--",
	                prog, "hot", (char *)threads, (char *)n, NULL};
	uint64_t t0 = rn_now_ns();
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		if (!freopen("err.txt", "w", stderr))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	fprintf(stderr, "hot %s x %s: recorded in %.2f s\n", threads, n,
	        (double)(rn_now_ns() - t0) / 1e9);
	FILE *f = fopen("err.txt", "r");
	CHECK(f != NULL);
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		fprintf(stderr, "rn-record said: %s", line);
		CHECK(strstr(line, "lost") == NULL);
	}
	fclose(f);
}

static tcount *get(tcount *tc, int *nt, int32_t tid)
{
	for (int i = 0; i < *nt; i++)
		if (tc[i].tid == tid)
			return &tc[i];
	CHECK(*nt < MAX_TIDS);
	tc[*nt].tid = tid;
	return &tc[(*nt)++];
}

static void check(int threads, uint64_t iters)
{
	uint64_t mid = fh_addr("mid"), leaf = fh_addr("leaf");
	char err[256];
	rn_reader *r = rn_reader_open("hot.rn", err, sizeof(err));
	CHECK(r != NULL);
	tcount tc[MAX_TIDS];
	memset(tc, 0, sizeof(tc));
	int nt = 0;
	uint64_t lost = 0;
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind == RN_EV_LOSS)
			lost += ev.u.loss.count;
		if (ev.kind != RN_EV_FUNCS)
			continue;
		const rn_funcs *fs = &ev.u.funcs;
		tcount *t = get(tc, &nt, fs->tid);
		uint64_t time = fs->base_ns;
		for (uint32_t i = 0; i < fs->nevents; i++) {
			rn_func_event e;
			rn_funcs_get(fs, i, &time, &e);
			if (e.addr != mid && e.addr != leaf)
				continue;
			if (e.exit) {
				t->bad |= t->depth == 0;
				t->depth--;
			} else {
				t->depth++;
			}
			uint64_t *c = e.addr == mid ? (e.exit ? &t->mid_out : &t->mid_in)
			                            : (e.exit ? &t->leaf_out : &t->leaf_in);
			++*c;
		}
	}
	CHECK(rn_reader_damage(r) == NULL);
	rn_reader_close(r);
	CHECK_EQ_U(lost, 0);
	CHECK_EQ_U(nt, threads);
	uint64_t calls = 0;
	for (int i = 0; i < nt; i++) {
		CHECK_EQ_U(tc[i].mid_in, iters);
		CHECK_EQ_U(tc[i].mid_out, iters);
		CHECK_EQ_U(tc[i].leaf_in, iters);
		CHECK_EQ_U(tc[i].leaf_out, iters);
		CHECK_EQ_U(tc[i].depth, 0);
		CHECK_EQ_U(tc[i].bad, 0);
		calls += tc[i].mid_in + tc[i].leaf_in;
	}
	fprintf(stderr, "hot: %d threads, %llu calls, all recorded\n", threads,
	        (unsigned long long)calls);
}

int main(void)
{
	const char *san = getenv("SANITIZE");
	uint64_t scale = san && strcmp(san, "1") == 0 ? 10 : 1;
	char n[32];
	/* 30 M calls: 15 M x (mid + leaf) in one thread. */
	snprintf(n, sizeof(n), "%llu", (unsigned long long)(15000000 / scale));
	record("1", n);
	check(1, 15000000 / scale);
	/* 8 threads x 5 M calls. */
	snprintf(n, sizeof(n), "%llu", (unsigned long long)(2500000 / scale));
	record("8", n);
	check(8, 2500000 / scale);
	return 0;
}
