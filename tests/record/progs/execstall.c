/* execstall.c: an execve that waits inside the kernel until told to go on,
 * for recordings that start while a process is in the middle of execve.
 * Usage: execstall PROG ARG: execs PROG with argv {PROG, ARG}, ARG copied
 * from a page that userfaultfd serves: the kernel blocks in execve while it
 * copies the arguments, before the point of no return. A helper thread
 * prints "in execve" once the kernel waits for the page, then supplies it
 * when a line arrives on stdin. Exit 2 (with a line) when userfaultfd is
 * not available. execstall -at PROG ARG: the same through execveat, with a
 * descriptor of PROG's directory, its base name and AT_SYMLINK_NOFOLLOW. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static int uffd;
static char *page, *src;
static long psize;

static void *serve(void *arg)
{
	(void)arg;
	struct uffd_msg m;
	if (read(uffd, &m, sizeof(m)) != (ssize_t)sizeof(m) || m.event != UFFD_EVENT_PAGEFAULT) {
		fprintf(stderr, "execstall: no page fault from userfaultfd\n");
		exit(2);
	}
	printf("in execve\n");
	fflush(stdout);
	char line[64];
	if (!fgets(line, sizeof(line), stdin))
		exit(3);
	struct uffdio_copy c = {(uintptr_t)page, (uintptr_t)src, (uint64_t)psize, 0, 0};
	if (ioctl(uffd, UFFDIO_COPY, &c) < 0) {
		perror("execstall: UFFDIO_COPY");
		exit(2);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int at = argc == 4 && !strcmp(argv[1], "-at");
	if (at) {
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: execstall [-at] PROG ARG\n");
		return 2;
	}
	psize = sysconf(_SC_PAGESIZE);
	uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	struct uffdio_api api = {UFFD_API, 0, 0};
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api) < 0) {
		perror("execstall: userfaultfd");
		return 2;
	}
	page =
	    mmap(NULL, (size_t)psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	src = mmap(NULL, (size_t)psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || src == MAP_FAILED)
		return 2;
	snprintf(src, (size_t)psize, "%s", argv[2]);
	struct uffdio_register r = {
	    {(uintptr_t)page, (uint64_t)psize}, UFFDIO_REGISTER_MODE_MISSING, 0};
	if (ioctl(uffd, UFFDIO_REGISTER, &r) < 0) {
		perror("execstall: UFFDIO_REGISTER");
		return 2;
	}
	pthread_t th;
	if (pthread_create(&th, NULL, serve, NULL) != 0)
		return 2;
	char *args[] = {argv[1], page, NULL};
	if (at) {
		char *slash = strrchr(argv[1], '/');
		if (!slash || slash == argv[1])
			return 2;
		*slash = 0;
		int dfd = open(argv[1], O_RDONLY | O_DIRECTORY);
		*slash = '/';
		if (dfd < 0)
			return 2;
		syscall(SYS_execveat, dfd, slash + 1, args, environ, AT_SYMLINK_NOFOLLOW);
	} else {
		execve(argv[1], args, environ);
	}
	perror("execstall: execve");
	return 1;
}
