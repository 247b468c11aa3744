/* fh_harness.c: see fh_harness.h. */
#include "fh_harness.h"

#include "../rn_test.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *fh_build(void)
{
	const char *b = getenv("RN_BUILD");
	if (!b) {
		fprintf(stderr, "RN_BUILD is not set\n");
		exit(1);
	}
	return b;
}

static void write_chunk(rn_writer *w, rn_chunk_builder *b)
{
	char err[256];
	if (rn_writer_write_chunk(w, b, err, sizeof(err)) < 0) {
		fprintf(stderr, "write_chunk: %s\n", err);
		exit(1);
	}
}

int fh_record(const char *trace, char *const argv[], const rn_funcs_opts *o, fh_run *run)
{
	char err[512];
	rn_funcs_session *s = rn_funcs_start(o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "rn_funcs_start: %s\n", err);
		exit(1);
	}
	rn_header h;
	memset(&h, 0, sizeof(h));
	rn_header_init_local(&h, "fh-harness");
	h.argv = (const char *const *)argv;
	h.argc = 1;
	h.flags = RN_HDR_FUNCTIONS;
	rn_writer *w = rn_writer_open(trace, &h, NULL, err, sizeof(err));
	CHECK(w != NULL);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	run->t0 = rn_now_ns();
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		rn_funcs_child_env(s);
		execv(argv[0], argv);
		_exit(127);
	}
	run->pid = pid;
	run->t_kill = 0;
	const char *tog = getenv("FH_TOGGLE_MS");
	long toggle_ms = tog ? atol(tog) : 0;
	int status = 0, toggled = 0, kicked = 0;
	int no_drain = getenv("FH_NO_DRAIN") != NULL;
	uint64_t last_drain = run->t0;
	/* Real time, not loop turns: a loaded machine stretches every turn. */
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		CHECK(r >= 0);
		if (r == pid)
			break;
		uint64_t now = rn_now_ns();
		if (toggle_ms > 0 && !toggled && now - run->t0 >= (uint64_t)toggle_ms * 1000000) {
			run->t_kill = now;
			kill(pid, SIGUSR2);
			toggled = 1;
		}
		/* As rn-record: when a ring passes its mark, else every 50 ms
		 * (FH_NO_DRAIN=1: a recorder that stalled until the end). */
		if (!no_drain && (kicked || now - last_drain >= 50000000)) {
			rn_funcs_drain(s, &b);
			write_chunk(w, &b);
			last_drain = now;
		}
		kicked = rn_funcs_wait(s, 2000000);
	}
	run->t1 = rn_now_ns();
	run->status = status;
	run->lost = rn_funcs_stop(s, &b);
	if (WIFSIGNALED(status)) {
		rn_proc p = {run->t1, 0, pid, pid, 0, WTERMSIG(status), RN_PROC_KILLED, 0, NULL, 0};
		CHECK(rn_chunk_add_proc(&b, &p) == 0);
	}
	write_chunk(w, &b);
	rn_chunk_free(&b);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	return 0;
}

void fh_load(const char *trace, fh_trace *t)
{
	char err[512];
	memset(t, 0, sizeof(*t));
	rn_reader *r = rn_reader_open(trace, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	size_t cap = 0;
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind == RN_EV_LOSS && ev.u.loss.reason == RN_LOSS_BUFFER_FULL) {
			t->lost += ev.u.loss.count;
			t->nloss++;
		}
		if (ev.kind == RN_EV_PROC && ev.u.proc.kind == RN_PROC_KILLED)
			t->killed_by = ev.u.proc.status;
		if (ev.kind != RN_EV_FUNCS)
			continue;
		t->batches++;
		const rn_funcs *f = &ev.u.funcs;
		uint64_t time = f->base_ns;
		for (uint32_t i = 0; i < f->nevents; i++) {
			rn_func_event fe;
			rn_funcs_get(f, i, &time, &fe);
			if (t->n == cap) {
				cap = cap ? 2 * cap : 1024;
				t->ev = realloc(t->ev, cap * sizeof(*t->ev));
				CHECK(t->ev != NULL);
			}
			t->ev[t->n++] = (fh_ev){f->pid, f->tid, fe.time, fe.addr, fe.exit};
		}
	}
	CHECK(rn_reader_damage(r) == NULL);
	rn_reader_close(r);
}

void fh_free(fh_trace *t)
{
	free(t->ev);
	memset(t, 0, sizeof(*t));
}

uint64_t fh_addr(const char *name)
{
	FILE *f = fopen("addrs.txt", "r");
	CHECK(f != NULL);
	char n[128];
	unsigned long long a;
	uint64_t found = 0;
	while (fscanf(f, "%127s %llx", n, &a) == 2)
		if (strcmp(n, name) == 0)
			found = a;
	fclose(f);
	if (!found) {
		fprintf(stderr, "no address for %s in addrs.txt\n", name);
		exit(1);
	}
	return found;
}

size_t fh_count(const fh_trace *t, uint64_t addr, int exit, int32_t pid, int32_t tid)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += t->ev[i].addr == addr && t->ev[i].exit == exit &&
		     (!pid || t->ev[i].pid == pid) && (!tid || t->ev[i].tid == tid);
	return n;
}

/* The start, among the functions in ./addrs.txt, of the one holding a. */
static uint64_t fh_owner(uint64_t a)
{
	FILE *f = fopen("addrs.txt", "r");
	CHECK(f != NULL);
	char n[128];
	unsigned long long x;
	uint64_t best = 0;
	while (fscanf(f, "%127s %llx", n, &x) == 2)
		if (x <= a && x > best)
			best = x;
	fclose(f);
	return best;
}

size_t fh_count_in(const fh_trace *t, uint64_t addr, int exit, int32_t pid, int32_t tid)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += t->ev[i].addr - addr < 32 && t->ev[i].exit == exit &&
		     (!pid || t->ev[i].pid == pid) && (!tid || t->ev[i].tid == tid) &&
		     fh_owner(t->ev[i].addr) == addr;
	return n;
}

size_t fh_check_nesting(const fh_trace *t, int32_t pid)
{
	size_t open_total = 0;
	int32_t *done = calloc(t->n + 1, sizeof(*done));
	size_t ndone = 0;
	fh_ev **stack = malloc((t->n + 1) * sizeof(*stack));
	uint64_t *kids = malloc((t->n + 2) * sizeof(*kids)); /* callees' time per level */
	CHECK(done && stack && kids);
	for (size_t i = 0; i < t->n; i++) {
		int32_t tid = t->ev[i].tid;
		if (pid && t->ev[i].pid != pid)
			continue;
		int seen = 0;
		for (size_t k = 0; k < ndone; k++)
			seen |= done[k] == tid;
		if (seen)
			continue;
		done[ndone++] = tid;
		size_t depth = 0;
		uint64_t last = 0;
		memset(kids, 0, (t->n + 1) * sizeof(*kids));
		for (size_t j = i; j < t->n; j++) {
			fh_ev *e = &t->ev[j];
			if (e->tid != tid || e->pid != t->ev[i].pid)
				continue;
			CHECK(e->time >= last);
			last = e->time;
			if (!e->exit) {
				kids[depth + 1] = 0;
				stack[depth++] = e;
				continue;
			}
			CHECK(depth > 0);
			fh_ev *open = stack[--depth];
			CHECK_EQ_U(open->addr, e->addr);
			/* the time of a frame's callees adds up to no more than its own */
			uint64_t dur = e->time - open->time;
			CHECK(kids[depth + 1] <= dur);
			kids[depth] += dur;
		}
		open_total += depth;
	}
	free(done);
	free(stack);
	free(kids);
	return open_total;
}
