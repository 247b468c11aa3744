/* rn_record_bpf_split.c: verifies part of the BPF programs on a second CPU.
 * The kernel verifies one program per bpf(BPF_PROG_LOAD) and libbpf loads
 * an object's programs one after another: ~20 ms of every start on one
 * CPU. Here a second copy of the object (opened from the same ELF, set up
 * the same way) loads a few of the programs on a thread, while the main
 * object loads the others; the main object does not load those. The copy
 * uses the main object's maps (bpf_map__reuse_fd, map by map in ELF order,
 * rodata frozen with the same values), so the programs of both share every
 * map as if loaded together; it can start only when they exist: the main
 * thread says so (rn_bpf_split_go) from the tp_btf handler's first-load
 * call (rn_record_bpf_tpid.c), or after its own load. The tail-called
 * programs are the ones moved: nothing attaches them, their descriptors go
 * into the tail-call maps (rn_bpf_split_fd). The thread first runs the
 * caller's first() (filling the syscall tables: the maps exist, and the
 * copy has less to verify than the main object). */
#include "rn_record_bpf.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rn_record_bpf.skel.h"

struct rn_bpf_split {
	pthread_t thr;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct rn_record_bpf *main, *copy;
	int state; /* 0 waiting, 1 go, -1 give up */
	int err;   /* the copy's load: 0 or -errno */
	void (*first)(void *);
	void *arg;
};

static void *load(void *arg)
{
	rn_bpf_split *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->state)
		pthread_cond_wait(&s->cv, &s->mu);
	int state = s->state;
	pthread_mutex_unlock(&s->mu);
	if (state < 0) {
		s->err = -ECANCELED;
		return NULL;
	}
	if (s->first)
		s->first(s->arg);
	struct bpf_map *m = bpf_object__next_map(s->main->obj, NULL),
	               *c = bpf_object__next_map(s->copy->obj, NULL);
	for (; m && c;
	     m = bpf_object__next_map(s->main->obj, m), c = bpf_object__next_map(s->copy->obj, c))
		if (bpf_map__fd(m) < 0 || bpf_map__reuse_fd(c, bpf_map__fd(m)) < 0) {
			s->err = -(errno ? errno : EINVAL);
			return NULL;
		}
	s->err = m || c ? -EINVAL : rn_record_bpf__load(s->copy);
	return NULL;
}

rn_bpf_split *rn_bpf_split_start(struct rn_record_bpf *main, struct rn_record_bpf *copy,
                                 struct bpf_program *const *moved, int n, void (*first)(void *),
                                 void *arg)
{
	rn_bpf_split *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->main = main;
	s->copy = copy;
	s->first = first;
	s->arg = arg;
	/* the copy loads exactly the moved programs, the main object the rest */
	struct bpf_program *q;
	for (q = bpf_object__next_program(copy->obj, NULL); q;
	     q = bpf_object__next_program(copy->obj, q))
		bpf_program__set_autoload(q, false);
	for (int i = 0; i < n; i++) {
		for (q = bpf_object__next_program(copy->obj, NULL); q;
		     q = bpf_object__next_program(copy->obj, q)) {
			if (!strcmp(bpf_program__name(q), bpf_program__name(moved[i])))
				bpf_program__set_autoload(q, bpf_program__autoload(moved[i]));
		}
		bpf_program__set_autoload(moved[i], false);
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->thr, NULL, load, s) != 0) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		free(s);
		return NULL;
	}
	return s;
}

static void say(rn_bpf_split *s, int state)
{
	pthread_mutex_lock(&s->mu);
	if (!s->state)
		s->state = state;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void rn_bpf_split_go(void *arg)
{
	say(arg, 1);
}

int rn_bpf_split_wait(rn_bpf_split *s, int main_err)
{
	say(s, main_err ? -1 : 1); /* (no first-load call came: the maps exist now) */
	pthread_join(s->thr, NULL);
	return s->err;
}

int rn_bpf_split_fd(const rn_bpf_split *s, const struct bpf_program *p)
{
	struct bpf_program *q;
	for (q = bpf_object__next_program(s->copy->obj, NULL); q;
	     q = bpf_object__next_program(s->copy->obj, q)) {
		if (!strcmp(bpf_program__name(q), bpf_program__name(p)))
			return bpf_program__fd(q);
	}
	return -1;
}

void rn_bpf_split_free(rn_bpf_split *s)
{
	if (!s)
		return;
	rn_record_bpf__destroy(s->copy);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}
