/* The decoders on synthetic syscalls: each line is what strace 6.1 prints for
 * the same call (checked against real strace output on this machine). */
#include "t_decode_calls.h"

static void x86(void)
{
	rn_decode_opts_init(&O, RN_ARCH_X86_64);
	rn_capture c[4];
	rn_syscall sc = mk("openat", 3, (uint64_t)-100, 0x7f00, 02000000, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRING, 0, "/etc/ld.so.cache", 16, 16);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3");
	sc.ret = -2;
	CHECK_STR(line(&sc), "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = -1 "
	                     "ENOENT (No such file or directory)");
	sc = mk("openat", 3, (uint64_t)-100, 0x7f00, 01101 | 02000 | 04000, 0644, 0, 0);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "openat(AT_FDCWD, \"/etc/ld.so.cache\", "
	                     "O_WRONLY|O_CREAT|O_TRUNC|O_APPEND|O_NONBLOCK, 0644) = 3");
	/* Not captured: the address. */
	sc.ncap = 0;
	CHECK_STR(line(&sc), "openat(AT_FDCWD, 0x7f00, "
	                     "O_WRONLY|O_CREAT|O_TRUNC|O_APPEND|O_NONBLOCK, 0644) = 3");

	/* read: 32 bytes shown of 832, octal escapes as strace. */
	static const uint8_t elf[32] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0,
	                                3,    0,   '>', 0,   1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	sc = mk("read", 832, 3, 0x7ffd, 832, 0, 0, 0);
	c[0] = cap(1, RN_CAP_BUFFER, 1, elf, 32, 832);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc),
	          "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0"
	          "\\0\\0\\0\\0\\0\\0\\0\\0\"..., 832) = 832");
	sc = mk("read", 0, 3, 0x7ffd, 1024, 0, 0, 0);
	CHECK_STR(line(&sc), "read(3, \"\", 1024) = 0");
	sc = mk("write", 21, 1, 0x7ffd, 21, 0, 0, 0);
	static const char w[] = "a\"b\\c\t\n\r\v\f\1\0017\177\377\351 8\0\0";
	c[0] = cap(1, RN_CAP_BUFFER, 0, w, 21, 21);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(
	    line(&sc),
	    "write(1, \"a\\\"b\\\\c\\t\\n\\r\\v\\f\\1\\0017\\177\\377\\351 8\\0\\0\\0\", 21) = 21");

	/* mmap and friends. */
	sc = mk("mmap", 0x7f30d43f7000, 0, 8192, 3, 0x22, (uint64_t)-1, 0);
	CHECK_STR(line(&sc),
	          "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, "
	          "0) = 0x7f30d43f7000");
	sc = mk("mmap", 0x7f30d43c4000, 0x7f30d43c4000, 110592, 5, 0x812, 3, 0x7000);
	CHECK_STR(line(&sc), "mmap(0x7f30d43c4000, 110592, PROT_READ|PROT_EXEC, "
	                     "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x7000) = 0x7f30d43c4000");
	sc = mk("mprotect", 0, 0x7f30d43aa000, 16384, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "mprotect(0x7f30d43aa000, 16384, PROT_NONE) = 0");
	sc = mk("brk", 0x558e4b1ff000, 0, 0, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "brk(NULL) = 0x558e4b1ff000");
	sc = mk("arch_prctl", 0, 0x1002, 0x7f30d413fc40, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "arch_prctl(ARCH_SET_FS, 0x7f30d413fc40) = 0");
	sc = mk("arch_prctl", -22, 0x3001, 0x7ffd, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "arch_prctl(0x3001 /* ARCH_??? */, 0x7ffd) = -1 EINVAL (Invalid "
	                     "argument)");
	sc = mk("access", -2, 0x1, 4, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_STRING, 0, "/etc/ld.so.preload", 18, 18);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or "
	                     "directory)");
	sc.args[1] = 0;
	CHECK_STR(line(&sc), "access(\"/etc/ld.so.preload\", F_OK) = -1 ENOENT (No such file or "
	                     "directory)");

	/* stat family. */
	uint8_t st[144] = {0};
	uint32_t mode = 0100644;
	uint64_t size = 46267;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 48, &size, 8);
	sc = mk("newfstatat", 0, 3, 0x1, 0x2, 0x1000, 0, 0);
	c[0] = cap(1, RN_CAP_STRING, 0, "", 0, 0);
	c[1] = cap(2, RN_CAP_STRUCT, 1, st, 144, 144);
	sc.caps = c;
	sc.ncap = 2;
	CHECK_STR(line(&sc), "newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=46267, ...}, "
	                     "AT_EMPTY_PATH) = 0");
	mode = 020666;
	uint64_t rdev = 0x103;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 40, &rdev, 8);
	CHECK_STR(line(&sc), "newfstatat(3, \"\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, "
	                     "0x3), ...}, AT_EMPTY_PATH) = 0");

	/* prlimit64, rt_sigaction, rt_sigprocmask. */
	uint64_t rl[2] = {8192 * 1024, UINT64_MAX};
	sc = mk("prlimit64", 0, 0, 3, 0, 0x7ffd, 0, 0);
	c[0] = cap(3, RN_CAP_STRUCT, 1, rl, 16, 16);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, "
	                     "rlim_max=RLIM64_INFINITY}) = 0");
	uint64_t sa[4] = {1, 0x14000004, 0x7f1e363b5050, (1ull << 1) | (1ull << 36)};
	sc = mk("rt_sigaction", 0, 10, 0x7ffd, 0, 8, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, sa, 32, 32);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=[INT RT_5], "
	                     "sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, "
	                     "sa_restorer=0x7f1e363b5050}, NULL, 8) = 0");
	uint64_t full = ~((1ull << 31) | (1ull << 32));
	sc = mk("rt_sigprocmask", 0, 0, 0x7ffd, 0, 8, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, &full, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "rt_sigprocmask(SIG_BLOCK, ~[RTMIN RT_1], NULL, 8) = 0");

	/* getrandom prints hex; execve argv and envp count; exit_group. */
	static const uint8_t rnd[8] = {0x98, 0xad, 0xd2, 0x31, 0x3d, 0x01, 0x5f, 0xec};
	sc = mk("getrandom", 8, 0x7ffd, 8, 1, 0, 0, 0);
	c[0] = cap(0, RN_CAP_BUFFER, 1, rnd, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc),
	          "getrandom(\"\\x98\\xad\\xd2\\x31\\x3d\\x01\\x5f\\xec\", 8, GRND_NONBLOCK) = 8");
	sc = mk("execve", 0, 0x1, 0x2, 0x7fffd3b03bc8, 0, 0, 0);
	c[0] = cap(0, RN_CAP_STRING, 0, "/usr/bin/ls", 11, 11);
	c[1] = cap(1, RN_CAP_ARGV, 0, "ls\0-la\0/tmp/briefs", 18, 18);
	c[2] = cap(2, RN_CAP_ARGV, 0, "", 0, 3); /* envp: counted only */
	sc.caps = c;
	sc.ncap = 3;
	CHECK_STR(line(&sc), "execve(\"/usr/bin/ls\", [\"ls\", \"-la\", \"/tmp/briefs\"], "
	                     "0x7fffd3b03bc8 /* 3 vars */) = 0");
	sc = mk("exit_group", 0, 3, 0, 0, 0, 0, 0);
	sc.flags = RN_SC_NO_EXIT;
	CHECK_STR(line(&sc), "exit_group(3) = ?");

	/* Sockets. */
	uint8_t sun[110] = {1, 0};
	memcpy(sun + 2, "/var/run/nscd/socket", 21);
	sc = mk("connect", -2, 3, 0x7ffd, 110, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, sun, 110, 110);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "connect(3, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, "
	                     "110) = -1 ENOENT (No such file or directory)");
	sc = mk("socket", 3, 1, 1 | 02000000 | 04000, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3");
	uint8_t sin[16] = {2, 0, 0x1f, 0x90, 127, 0, 0, 1};
	sc = mk("bind", 0, 3, 0x7ffd, 16, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 0, sin, 16, 16);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "bind(3, {sa_family=AF_INET, sin_port=htons(8080), "
	                     "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0");

	/* Unknown syscalls print raw; lseek, ioctl, fcntl, wait4, pipe2, clone. */
	rn_syscall raw = {0};
	raw.nr = 999;
	raw.args[0] = 1;
	raw.args[1] = 0xff;
	raw.ret = 0;
	CHECK_STR(line(&raw), "syscall_0x3e7(0x1, 0xff, 0, 0, 0, 0) = 0");
	sc = mk("ioctl", -25, 1, 0x5401, 0x7ffeddcbbe80, 0, 0, 0);
	CHECK_STR(line(&sc), "ioctl(1, TCGETS, 0x7ffeddcbbe80) = -1 ENOTTY (Inappropriate ioctl "
	                     "for device)");
	sc = mk("fcntl", 0x8002, 3, 3, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)");
	sc = mk("fcntl", 0, 3, 2, 1, 0, 0, 0);
	CHECK_STR(line(&sc), "fcntl(3, F_SETFD, FD_CLOEXEC) = 0");
	int32_t status = 0x300;
	sc = mk("wait4", 1234, (uint64_t)-1, 0x7ffd, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 1, &status, 4, 4);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 1234");
	status = 9;
	CHECK_STR(line(&sc),
	          "wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], 0, NULL) = 1234");
	int32_t fds[2] = {3, 4};
	sc = mk("pipe2", 0, 0x7ffd, 02000000, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_ARRAY, 1, fds, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "pipe2([3, 4], O_CLOEXEC) = 0");
	sc = mk("clone", 8431, 0x1200011, 0, 0, 0x7f5c6d6f4a10, 0, 0);
	CHECK_STR(line(&sc),
	          "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|"
	          "SIGCHLD, child_tidptr=0x7f5c6d6f4a10) = 8431");
	sc = mk("lseek", 0, 3, 0, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "lseek(3, 0, SEEK_SET) = 0");
	sc = mk("umask", 022, 077, 0, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "umask(077) = 022");
	sc = mk("futex", 0, 0x7f30d43afa4c, 129, 2147483647, 0, 0, 0);
	CHECK_STR(line(&sc), "futex(0x7f30d43afa4c, FUTEX_WAKE_PRIVATE, 2147483647) = 0");

	/* getgroups, sched_getaffinity, prctl's capability names. */
	uint32_t gids[3] = {0, 4, 24};
	sc = mk("getgroups", 3, 3, 0x7ffd, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_ARRAY, 1, gids, 12, 12);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "getgroups(3, [0, 4, 24]) = 3");
	sc = mk("getgroups", 0, 0, 0, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "getgroups(0, NULL) = 0");
	uint8_t cpus[8] = {3};
	sc = mk("sched_getaffinity", 8, 0, 512, 0x7ffd, 0, 0, 0);
	c[0] = cap(2, RN_CAP_ARRAY, 1, cpus, 8, 8);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "sched_getaffinity(0, 512, [0 1]) = 8");
	sc = mk("prctl", 1, 23, 32, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "prctl(PR_CAPBSET_READ, CAP_MAC_OVERRIDE) = 1");

	/* capget, ioctl FICLONE, poll arrays cut at -s elements. */
	uint32_t hdr[2] = {0x20080522, 0}, data[6] = {0x21, 0, 0, 0, 0, 0};
	sc = mk("capget", 0, 0x1, 0x2, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_STRUCT, 0, hdr, 8, 8);
	c[1] = cap(1, RN_CAP_STRUCT, 1, data, 24, 24);
	sc.caps = c;
	sc.ncap = 2;
	CHECK_STR(line(&sc),
	          "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, "
	          "{effective=1<<CAP_CHOWN|1<<CAP_KILL, permitted=0, inheritable=0}) = 0");
	sc = mk("ioctl", -95, 4, 0x40049409, 3, 0, 0, 0);
	CHECK_STR(line(&sc),
	          "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not "
	          "supported)");
	uint32_t pfd[6] = {5, 1, 6, 1, 7, 1};
	sc = mk("poll", 0, 0x7ffd, 3, 0, 0, 0, 0);
	c[0] = cap(0, RN_CAP_ARRAY, 0, pfd, 24, 24);
	sc.caps = c;
	sc.ncap = 1;
	O.strsize = 2;
	CHECK_STR(line(&sc), "poll([{fd=5, events=POLLIN}, {fd=6, events=POLLIN}, ...], 3, 0) = 0 "
	                     "(Timeout)");
	O.strsize = 32;

	sc = mk("socket", 3, 16, 3 | 02000000, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3");
	sc = mk("ioctl", 0, 3, 0x5451, 0, 0, 0, 0);
	CHECK_STR(line(&sc), "ioctl(3, FIOCLEX) = 0");

	/* writev with two iovecs. */
	uint64_t iov[4] = {0x5000, 5, 0x6000, 1};
	sc = mk("writev", 6, 1, 0x7ffd, 2, 0, 0, 0);
	c[0] = cap(1, RN_CAP_ARRAY, 0, iov, 32, 32);
	c[1] = cap(1, RN_CAP_IOVEC, 0, "hello\n", 6, 6);
	sc.caps = c;
	sc.ncap = 2;
	CHECK_STR(line(&sc), "writev(1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\"\\n\", "
	                     "iov_len=1}], 2) = 6");

	/* Entry/exit split for <unfinished ...>. */
	rn_sb sb = {0};
	sc = mk("read", 5, 0, 0x7ffd, 100, 0, 0, 0);
	rn_decode_entry_part(&sb, &O, &sc);
	CHECK_STR(sb.p, "read(0, ");
	rn_sb_reset(&sb);
	rn_decode_exit_part(&sb, &O, &sc);
	CHECK_STR(sb.p, "0x7ffd, 100)");
	rn_sb_reset(&sb);
	sc = mk("futex", 0, 0x7f30, 128, 2, 0, 0, 0);
	rn_decode_entry_part(&sb, &O, &sc);
	CHECK_STR(sb.p, "futex(0x7f30, FUTEX_WAIT_PRIVATE, 2, NULL");
	rn_sb_reset(&sb);
	/* Padding to column 40. */
	sc = mk("close", 0, 3, 0, 0, 0, 0, 0);
	rn_decode_syscall(&sb, &O, &sc, 0);
	CHECK_STR(sb.p, "close(3)                                = 0");
	rn_sb_free(&sb);

	/* -X raw and verbose. */
	sc = mk("openat", 3, (uint64_t)-100, 0x7f00, 02000000, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRING, 0, "/x", 2, 2);
	sc.caps = c;
	sc.ncap = 1;
	O.xlat = RN_XLAT_RAW;
	CHECK_STR(line(&sc), "openat(-100, \"/x\", 0x80000) = 3");
	O.xlat = RN_XLAT_VERBOSE;
	CHECK_STR(line(&sc),
	          "openat(-100 /* AT_FDCWD */, \"/x\", 0x80000 /* O_RDONLY|O_CLOEXEC */) "
	          "= 3");
	O.xlat = RN_XLAT_ABBREV;
	/* -s 4 */
	O.strsize = 4;
	sc = mk("write", 5, 1, 0x7ffd, 5, 0, 0, 0);
	c[0] = cap(1, RN_CAP_BUFFER, 0, "hello", 5, 5);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "write(1, \"hell\"..., 5) = 5");
	O.strsize = 32;
}

static void a64(void)
{
	rn_decode_opts_init(&O, RN_ARCH_AARCH64);
	rn_capture c[2];
	/* aarch64 open flags differ: O_DIRECTORY is 040000 there. */
	rn_syscall sc = mk("openat", 3, (uint64_t)-100, 0x7f00, 040000 | 04000 | 02000000, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRING, 0, "/tmp", 4, 4);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc),
	          "openat(AT_FDCWD, \"/tmp\", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) "
	          "= 3");
	/* aarch64 struct stat: st_mode at 16. */
	uint8_t st[128] = {0};
	uint32_t mode = 040755;
	uint64_t size = 4096;
	memcpy(st + 16, &mode, 4);
	memcpy(st + 48, &size, 8);
	sc = mk("fstat", 0, 3, 0x7ffd, 0, 0, 0, 0);
	c[0] = cap(1, RN_CAP_STRUCT, 1, st, 128, 128);
	sc.caps = c;
	sc.ncap = 1;
	CHECK_STR(line(&sc), "fstat(3, {st_mode=S_IFDIR|0755, st_size=4096, ...}) = 0");
}

static void names(void)
{
	CHECK_STR(rn_errno_name(2), "ENOENT");
	CHECK_STR(rn_errno_desc(2), "No such file or directory");
	CHECK_STR(rn_errno_name(512), "ERESTARTSYS");
	CHECK(rn_errno_name(0) == NULL && rn_errno_name(9999) == NULL);
	CHECK_STR(rn_signal_name(17), "SIGCHLD");
	CHECK_STR(rn_signal_name(33), "SIGRT_1");
	CHECK(rn_signal_name(65) == NULL);
	CHECK_EQ_U(rn_signal_lookup("TERM"), 15);
	rn_decode_opts o;
	rn_decode_opts_init(&o, RN_ARCH_X86_64);
	uint8_t si[128] = {0};
	int32_t v[] = {17, 0, 1, 0, 4321, 0, 7};
	memcpy(si, v, sizeof(v));
	rn_signal s = {0, 1, 1, 17, 1, si, 128};
	rn_sb sb = {0};
	rn_decode_signal(&sb, &o, &s);
	CHECK_STR(sb.p, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4321, si_uid=0, "
	                "si_status=7, si_utime=0, si_stime=0} ---");
	rn_sb_free(&sb);
}

int main(void)
{
	x86();
	a64();
	names();
	printf("decode: ok\n");
	return 0;
}
