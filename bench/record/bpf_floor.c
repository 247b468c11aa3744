/* bpf_floor.c: rn-bench-bpf-floor -- CMD...: runs CMD under the minimal
 * kernel-side recorder of issue 12's "libbpf prototype" row
 * (bench/record/bpf/floor.bpf.c): one ring buffer of fixed 72-byte records,
 * drained by a loop that polls with a 0.5 ms back-off and only counts.
 * The floor rn's bpf backend is compared with in bench/record/backends.py
 * ("bpf floor"): what any recorder of this design pays on this host before
 * it captures memory, keeps per-CPU order, accounts for loss or writes a
 * file. Prints "bpf-floor: N records, L lost" on stderr; exits with CMD's
 * status. */
#include "floor_bpf.skel.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long long records;

static int count_one(void *ctx, void *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	records++;
	return 0;
}

static int fail(const char *what)
{
	fprintf(stderr, "rn-bench-bpf-floor: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int a = 1;
	if (a < argc && strcmp(argv[a], "--") == 0)
		a++;
	if (a >= argc) {
		fprintf(stderr, "usage: rn-bench-bpf-floor -- CMD [ARG]...\n");
		return 2;
	}
	int go[2];
	if (pipe(go) != 0)
		return fail("pipe");
	pid_t child = fork();
	if (child < 0)
		return fail("fork");
	if (child == 0) { /* held until the programs are attached */
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		close(go[0]);
		execvp(argv[a], argv + a);
		_exit(127);
	}
	close(go[0]);
	struct floor_bpf *skel = floor_bpf__open_and_load();
	if (!skel)
		return fail("loading the BPF programs");
	unsigned int tgid = (unsigned int)child;
	unsigned char one = 1;
	if (bpf_map__update_elem(skel->maps.floor_tgids, &tgid, sizeof(tgid), &one, sizeof(one),
	                         0) != 0)
		return fail("seeding the traced process");
	if (floor_bpf__attach(skel) != 0)
		return fail("attaching");
	struct ring_buffer *rb =
	    ring_buffer__new(bpf_map__fd(skel->maps.floor_ring), count_one, NULL, NULL);
	if (!rb)
		return fail("mapping the ring");
	if (write(go[1], "g", 1) != 1)
		return fail("starting the command");
	close(go[1]);
	int status = 0;
	for (;;) {
		int n = ring_buffer__consume(rb);
		if (n < 0)
			return fail("reading the ring");
		if (n > 0)
			continue;
		pid_t w = waitpid(child, &status, WNOHANG);
		if (w == child)
			break;
		usleep(500);
	}
	floor_bpf__detach(skel);
	if (ring_buffer__consume(rb) < 0)
		return fail("reading the ring");
	fprintf(stderr, "bpf-floor: %llu records, %llu lost\n", records,
	        (unsigned long long)skel->bss->floor_lost);
	ring_buffer__free(rb);
	floor_bpf__destroy(skel);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
