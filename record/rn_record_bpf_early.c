/* rn_record_bpf_early.c: lets libbpf create the maps while the kernel
 * types are still being made. The load waited for the kernel-types thread
 * (rn_record_bpf_btf.c, ~4 ms) and only then began, with the maps (~2 ms:
 * the object's BTF, the feature probes, a 4 MiB thread map): one after the
 * other on the way to the verifier. libbpf 1.1 (Debian 12's; read in its
 * source) creates an object's maps before it reads btf_custom_path (for
 * the CO-RE relocations; later versions relocate first: they load as
 * before), and logs each map as it makes it: the load
 * starts at once, and when libbpf logs the last map, the gate (called from
 * the log callback, on the loading thread) waits for the kernel types and
 * puts them in place (before the wait, the caller's maps(): the syscall
 * tables, filled while the thread works, and the split copy let go: it
 * takes the maps and starts its own load, which waits at the same gate,
 * its last map, for the types: rn_bpf_early_join). Until then btf_custom_path names /dev/null:
 * should the gate never run (another libbpf's messages), libbpf finds no types and the load fails
 * into rn_record_bpf_load.c's plain retry (the whole kernel BTF), never reading a half-written
 * file. */
#include "rn_record_bpf.h"

#include <bpf/libbpf.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* per thread: 0 off, 1 the loading thread's gate (it waits for the
 * types), 2 the split copy's (it waits for the loading thread's) */
static __thread int armed;
static rn_bpf_core *core_job;
static void (*at_maps)(void *);
static void *at_arg;
static int core_fd = -1, path_fd = -1, fired, core_rc = -1;
static int types = 0; /* 0 not yet, 1 in place, -1 never */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static char last[64];

int rn_bpf_early_ok(void)
{
	return libbpf_major_version() == 1 && libbpf_minor_version() <= 1;
}

void rn_bpf_early_arm(rn_bpf_core *cj, int core, int path, struct bpf_object *obj,
                      void (*maps)(void *), void *arg)
{
	at_maps = maps;
	at_arg = arg;
	struct bpf_map *m, *end = NULL;
	for (m = bpf_object__next_map(obj, NULL); m; m = bpf_object__next_map(obj, m))
		end = m;
	snprintf(last, sizeof(last), "%s", end ? bpf_map__name(end) : "");
	core_job = cj;
	core_fd = core;
	path_fd = path;
	fired = 0;
	core_rc = -1;
	types = 0;
	armed = 1;
}

void rn_bpf_early_join(void *arg)
{
	(void)arg;
	armed = 2;
}

/* The kernel types and tracepoint ids: once, on the gate or after; then
 * the copy's gate opens. */
static void finish(void)
{
	uint32_t ids[RN_BPF_MAXTP];
	armed = 0;
	core_rc = rn_bpf_core_wait(core_job, ids) == 0 && rn_bpf_tp_ids(ids) == 0 ? 0 : -1;
	core_job = NULL;
	if (core_rc == 0 && dup2(core_fd, path_fd) < 0)
		core_rc = -1;
	pthread_mutex_lock(&mu);
	types = core_rc == 0 ? 1 : -1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

int rn_bpf_early_msg(const char *fmt, va_list ap)
{
	static const char *const made[] = {"created successfully", "skipping creation",
	                                   "skipped auto-creating"};
	if (!armed || strncmp(fmt, "map '%s': ", 10))
		return 0;
	int k = 0;
	while (k < 3 && !strstr(fmt, made[k]))
		k++;
	if (k == 3)
		return 0;
	va_list cp;
	va_copy(cp, ap);
	const char *name = va_arg(cp, const char *);
	va_end(cp);
	if (!name || strcmp(name, last))
		return 0;
	if (armed == 2) { /* the copy: until the loading thread has the types */
		armed = 0;
		pthread_mutex_lock(&mu);
		while (!types)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
		return 1;
	}
	rn_bpf_times_mark("load.maps");
	armed = 0;
	if (at_maps) /* while the kernel types are still being made */
		at_maps(at_arg);
	finish();
	fired = 1;
	rn_bpf_times_mark("core_btf");
	return 1;
}

int rn_bpf_early_end(void)
{
	if (armed == 1) /* never came: the load failed before, or other messages */
		finish();
	return fired ? core_rc : -1;
}
