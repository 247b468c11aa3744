/* The fd tracker: paths from opens (relative ones resolved against the
 * working directory, chdir followed), dup/dup2/fcntl F_DUPFD, pipes,
 * sockets, close and close_range, O_CLOEXEC dropped at exec, tables copied
 * at fork and shared with CLONE_FILES, -p snapshots. */
#include "../rn_test.h"
#include "rn_catalog.h"
#include "rn_fdtrack.h"

static rn_fdtrack *T;
static const uint16_t A = RN_ARCH_X86_64;

static void sys(int pid, const char *name, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
                const char *str, int str_arg)
{
	rn_event ev = {0};
	ev.kind = RN_EV_SYSCALL;
	rn_syscall *sc = &ev.u.sc;
	sc->nr = (uint16_t)rn_syscall_lookup(A, name);
	sc->pid = sc->tid = pid;
	sc->args[0] = a0;
	sc->args[1] = a1;
	sc->args[2] = a2;
	sc->ret = ret;
	rn_capture c = {0x1000, 0, 0, RN_CAP_STRING, (uint8_t)str_arg, 0, (const uint8_t *)str};
	int32_t pair[2] = {(int32_t)a1, (int32_t)a2};
	if (str) {
		c.len = c.orig_len = (uint32_t)strlen(str);
		sc->caps = &c;
		sc->ncap = 1;
	} else if (strcmp(name, "pipe2") == 0) {
		c = (rn_capture){
		    0x1000, 8, 8, RN_CAP_ARRAY, 0, RN_CAPF_EXIT, (const uint8_t *)pair};
		sc->caps = &c;
		sc->ncap = 1;
		sc->args[1] = 02000000;
	}
	rn_fdtrack_event(T, &ev);
}

/* A call that created descriptors, with their recorded link texts: pipe2,
 * socketpair (fds fd0, fd1 in the array) or socket, accept4 (ret). */
static void links(int pid, const char *name, int64_t ret, int32_t fd0, int32_t fd1, const char *l0,
                  const char *l1)
{
	rn_event ev = {0};
	ev.kind = RN_EV_SYSCALL;
	rn_syscall *sc = &ev.u.sc;
	sc->nr = (uint16_t)rn_syscall_lookup(A, name);
	sc->pid = sc->tid = pid;
	sc->ret = ret;
	int32_t pair[2] = {fd0, fd1};
	int pair_arg = strcmp(name, "pipe2") == 0 ? 0 : 3;
	rn_capture c[3] = {
	    {0x1000, 8, 8, RN_CAP_ARRAY, (uint8_t)pair_arg, RN_CAPF_EXIT, (const uint8_t *)pair},
	    {0, (uint32_t)strlen(l0), (uint32_t)strlen(l0), RN_CAP_STRING, RN_CAP_FDLINK,
	     RN_CAPF_EXIT | RN_CAPF_FDLINK, (const uint8_t *)l0},
	    {0, 0, 0, RN_CAP_STRING, RN_CAP_FDLINK + 1, RN_CAPF_EXIT | RN_CAPF_FDLINK, NULL}};
	if (l1) {
		c[2].len = c[2].orig_len = (uint32_t)strlen(l1);
		c[2].data = (const uint8_t *)l1;
		sc->caps = c;
		sc->ncap = 3;
	} else {
		sc->caps = c + 1;
		sc->ncap = 1;
	}
	rn_fdtrack_event(T, &ev);
}

static void proc(int pid, int kind, int other, uint64_t flags)
{
	rn_event ev = {0};
	ev.kind = RN_EV_PROC;
	ev.u.proc.pid = ev.u.proc.tid = pid;
	ev.u.proc.kind = (uint8_t)kind;
	ev.u.proc.other = other;
	ev.u.proc.clone_flags = flags;
	rn_fdtrack_event(T, &ev);
}

static const char *path(int pid, int fd)
{
	const char *p = rn_fdtrack_path(T, pid, fd);
	return p ? p : "(none)";
}

int main(void)
{
	T = rn_fdtrack_new(A, "/home/u");
	const uint64_t CWD = (uint64_t)-100, CLOEXEC = 02000000;
	sys(10, "openat", 3, CWD, 0, CLOEXEC, "/etc/passwd", 1);
	sys(10, "openat", 4, CWD, 0, 0, "docs/../notes.txt", 1);
	sys(10, "open", 5, 0, 0, 0, "./a//b", 0);
	CHECK_STR(path(10, 3), "/etc/passwd");
	CHECK_STR(path(10, 4), "/home/u/notes.txt");
	CHECK_STR(path(10, 5), "/home/u/a/b");
	sys(10, "openat", 6, 3, 0, 0, "x", 1); /* relative to a dirfd */
	CHECK_STR(path(10, 6), "/etc/passwd/x");
	sys(10, "openat", -2, CWD, 0, 0, "/missing", 1); /* failures change nothing */
	CHECK_STR(path(10, 6), "/etc/passwd/x");
	sys(10, "chdir", 0, 0, 0, 0, "/tmp", 0);
	CHECK_STR(rn_fdtrack_cwd(T, 10), "/tmp");
	sys(10, "openat", 7, CWD, 0, 0, "f", 1);
	CHECK_STR(path(10, 7), "/tmp/f");
	sys(10, "dup", 8, 4, 0, 0, NULL, 0);
	sys(10, "dup2", 20, 5, 20, 0, NULL, 0);
	sys(10, "fcntl", 9, 7, 1030, 0, NULL, 0); /* F_DUPFD_CLOEXEC */
	CHECK_STR(path(10, 8), "/home/u/notes.txt");
	CHECK_STR(path(10, 20), "/home/u/a/b");
	CHECK_STR(path(10, 9), "/tmp/f");
	sys(10, "pipe2", 0, 0, 11, 12, NULL, 0);
	sys(10, "socket", 13, 1, 1, 0, NULL, 0);
	CHECK_STR(path(10, 11), "pipe:[?]");
	/* accept's fourth register is no flags argument: the fd survives exec. */
	rn_event acc = {0};
	acc.kind = RN_EV_SYSCALL;
	acc.u.sc.nr = (uint16_t)rn_syscall_lookup(A, "accept");
	acc.u.sc.pid = acc.u.sc.tid = 12;
	acc.u.sc.args[0] = 3;
	acc.u.sc.args[3] = CLOEXEC; /* whatever the register held */
	acc.u.sc.ret = 5;
	rn_fdtrack_event(T, &acc);
	acc.u.sc.nr = (uint16_t)rn_syscall_lookup(A, "accept4");
	acc.u.sc.ret = 6;
	rn_fdtrack_event(T, &acc);
	proc(12, RN_PROC_EXEC, 0, 0);
	CHECK_STR(path(12, 6), "(none)");
	CHECK_STR(path(12, 5), "socket:[?]");
	CHECK_STR(path(10, 12), "pipe:[?]");
	CHECK_STR(path(10, 13), "socket:[?]");
	/* With the recorded link texts (RN_CAPF_FDLINK): the inodes. */
	links(10, "pipe2", 0, 14, 15, "pipe:[7001]", "pipe:[7001]");
	links(10, "socketpair", 0, 16, 17, "socket:[7002]", "socket:[7003]");
	links(10, "socket", 18, 0, 0, "socket:[7004]", NULL);
	links(10, "accept4", 19, 0, 0, "socket:[7005]", NULL);
	CHECK_STR(path(10, 14), "pipe:[7001]");
	CHECK_STR(path(10, 15), "pipe:[7001]");
	CHECK_STR(path(10, 16), "socket:[7002]");
	CHECK_STR(path(10, 17), "socket:[7003]");
	CHECK_STR(path(10, 18), "socket:[7004]");
	CHECK_STR(path(10, 19), "socket:[7005]");
	CHECK_STR(path(10, 11), "pipe:[?]");
	sys(10, "close", 0, 8, 0, 0, NULL, 0);
	CHECK_STR(path(10, 8), "(none)");
	/* fork copies; the child's close does not touch the parent. */
	proc(10, RN_PROC_FORK, 11, 0);
	CHECK_STR(path(11, 4), "/home/u/notes.txt");
	CHECK_STR(rn_fdtrack_cwd(T, 11), "/tmp");
	sys(11, "close", 0, 4, 0, 0, NULL, 0);
	CHECK_STR(path(11, 4), "(none)");
	CHECK_STR(path(10, 4), "/home/u/notes.txt");
	/* exec drops O_CLOEXEC descriptors (3, 9, 11, 12), keeps the rest. */
	proc(11, RN_PROC_EXEC, 0, 0);
	CHECK_STR(path(11, 3), "(none)");
	CHECK_STR(path(11, 9), "(none)");
	CHECK_STR(path(11, 11), "(none)");
	CHECK_STR(path(11, 5), "/home/u/a/b");
	/* CLONE_FILES shares the table. */
	proc(10, RN_PROC_CLONE, 12, 0x400);
	sys(12, "close", 0, 5, 0, 0, NULL, 0);
	CHECK_STR(path(10, 5), "(none)");
	/* close_range: a range closed, or marked close-on-exec. */
	sys(10, "close_range", 0, 6, 7, 0, NULL, 0);
	CHECK_STR(path(10, 6), "(none)");
	CHECK_STR(path(10, 7), "(none)");
	sys(10, "close_range", 0, 13, 20, 4, NULL, 0); /* CLOSE_RANGE_CLOEXEC */
	proc(10, RN_PROC_EXEC, 0, 0);
	CHECK_STR(path(10, 13), "(none)");
	CHECK_STR(path(10, 4), "/home/u/notes.txt");
	/* exit frees; -p snapshots and FdInfo seed a process. */
	proc(11, RN_PROC_EXIT, 0, 0);
	CHECK_STR(path(11, 5), "(none)");
	rn_event ev = {0};
	ev.kind = RN_EV_FDINFO;
	ev.u.fd = (rn_fdinfo){77, 1, "pipe:[4242]", 11};
	rn_fdtrack_event(T, &ev);
	CHECK_STR(path(77, 1), "pipe:[4242]");
	CHECK_STR(path(77, 2), "(none)");
	CHECK_STR(path(999, 0), "(none)");
	rn_fdtrack_free(T);
	printf("fdtrack: ok\n");
	return 0;
}
