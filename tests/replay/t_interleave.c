/* rn-replay on synthetic traces written with the format library: calls of
 * two threads that overlap print as <unfinished ...>/<... resumed> pairs in
 * entry order, though records are stored in completion order; a call that
 * spans more than the reorder window (the first pass's job) still prints at
 * its entry; a thread killed inside a call; signals; a truncated file. */
#include "../rn_test.h"
#include "rn_trace.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 1000000000ull

static rn_header hdr;

static void open_trace_arch(rn_writer **w, const char *path, uint16_t arch)
{
	char err[256];
	rn_header_init_local(&hdr, "t_interleave");
	hdr.arch = arch;
	hdr.mono_start_ns = T0;
	hdr.wall_start_ns = 1700000000ull * 1000000000ull;
	unlink(path);
	*w = rn_writer_open(path, &hdr, NULL, err, sizeof(err));
	CHECK(*w);
}

static void open_trace(rn_writer **w, const char *path)
{
	open_trace_arch(w, path, RN_ARCH_X86_64);
}

static void sc(rn_chunk_builder *b, int tid, int nr, uint64_t t0, uint64_t t1, int64_t ret,
               uint64_t a0, uint64_t a1, uint64_t a2, const rn_capture *caps, int ncap)
{
	rn_syscall s = {0};
	s.t_entry = t0;
	s.t_exit = t1;
	s.args[0] = a0;
	s.args[1] = a1;
	s.args[2] = a2;
	s.ret = ret;
	s.pid = 100;
	s.tid = tid;
	s.nr = (uint16_t)nr;
	if (!t1)
		s.flags = RN_SC_NO_EXIT;
	CHECK(rn_chunk_add_syscall(b, &s, caps, (uint16_t)ncap) == 0);
}

static char *run(const char *args)
{
	static char out[1 << 20];
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "%s/rn-replay %s 2>stderr.txt", getenv("RN_BIN"), args);
	FILE *p = popen(cmd, "r");
	CHECK(p);
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	int st = pclose(p);
	CHECK(WIFEXITED(st));
	snprintf(out + n, sizeof(out) - n, "exit %d\n", WEXITSTATUS(st));
	return out;
}

static void interleave(void)
{
	rn_writer *w;
	char err[256];
	open_trace(&w, "il.rn");
	rn_chunk_builder b;
	rn_chunk_init(&b);
	static const uint8_t data[] = "wake";
	rn_capture rc = {0x5000, 4, 4, RN_CAP_BUFFER, 1, RN_CAPF_EXIT, data};
	rn_capture wc = {0x6000, 4, 4, RN_CAP_BUFFER, 1, 0, data};
	/* Completion order: 101's write ends first, then 100's read. */
	sc(&b, 101, SYS_write, T0 + 2000, T0 + 3000, 4, 4, 0x6000, 4, &wc, 1);
	sc(&b, 100, SYS_read, T0 + 1000, T0 + 4000, 4, 3, 0x5000, 8, &rc, 1);
	sc(&b, 100, SYS_getpid, T0 + 5000, T0 + 5100, 100, 0, 0, 0, NULL, 0);
	/* 101 dies inside a read: " = ?" at its death, then the +++ line; the
	 * buffer the kernel never filled is not shown (strace: <unfinished ...>). */
	sc(&b, 101, SYS_read, T0 + 6000, 0, 0, 5, 0x7000, 10, NULL, 0);
	rn_proc death = {T0 + 8000, 0, 100, 101, 0, 9, RN_PROC_KILLED, 0, NULL, 0};
	sc(&b, 100, SYS_getppid, T0 + 7000, T0 + 7100, 1, 0, 0, 0, NULL, 0);
	CHECK(rn_chunk_add_proc(&b, &death) == 0);
	uint8_t si[128] = {0};
	int32_t f[] = {17, 0, 1, 0, 101, 0, 0};
	memcpy(si, f, sizeof(f));
	rn_signal sig = {T0 + 9000, 100, 100, 17, 1, si, sizeof(si)};
	CHECK(rn_chunk_add_signal(&b, &sig) == 0);
	sc(&b, 100, SYS_exit_group, T0 + 10000, 0, 0, 0, 0, 0, NULL, 0);
	rn_proc ex = {T0 + 11000, 0, 100, 100, 0, 0, RN_PROC_EXIT, 0, NULL, 0};
	CHECK(rn_chunk_add_proc(&b, &ex) == 0);
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
	CHECK_STR(run("il.rn"),
	          "100   read(3,  <unfinished ...>\n"
	          "101   write(4, \"wake\", 4)               = 4\n"
	          "100   <... read resumed>\"wake\", 8)      = 4\n"
	          "100   getpid()                          = 100\n"
	          "101   read(5,  <unfinished ...>\n"
	          "100   getppid()                         = 1\n"
	          "101   <... read resumed> <unfinished ...>) = ?\n"
	          "101   +++ killed by SIGKILL +++\n"
	          "100   --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, "
	          "si_status=0, si_utime=0, si_stime=0} ---\n"
	          "100   exit_group(0)                     = ?\n"
	          "100   +++ exited with 0 +++\n"
	          "exit 0\n");
	/* One thread selected: no pid prefix, as strace without -f. */
	CHECK_STR(run("-T --tid 101 il.rn"),
	          "write(4, \"wake\", 4)                     = 4 <0.000001>\n"
	          "read(5,  <unfinished ...>)              = ?\n"
	          "+++ killed by SIGKILL +++\n"
	          "exit 0\n");
	CHECK_STR(run("-ttt -e trace=getpid il.rn"),
	          "100   1700000000.000005 getpid()        = 100\n"
	          "101   1700000000.000008 +++ killed by SIGKILL +++\n"
	          "100   1700000000.000009 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, "
	          "si_pid=101, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---\n"
	          "100   1700000000.000011 +++ exited with 0 +++\n"
	          "exit 0\n");
}

/* Thread 100 blocks in wait4 while thread 101 makes 10000 calls (more than
 * the 4096-event reorder window): wait4 must still print at its entry. */
static void long_call(void)
{
	rn_writer *w;
	char err[256];
	open_trace(&w, "long.rn");
	rn_chunk_builder b;
	rn_chunk_init(&b);
	const int n = 10000;
	for (int i = 0; i < n; i++) {
		uint64_t t = T0 + 1000 + (uint64_t)i * 10;
		sc(&b, 101, SYS_getpid, t, t + 5, 100, 0, 0, 0, NULL, 0);
		if (rn_chunk_events(&b) >= 1000)
			CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	sc(&b, 100, SYS_wait4, T0 + 500, T0 + 1000 + (uint64_t)n * 10 + 100, 101, (uint64_t)-1, 0,
	   0, NULL, 0);
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
	char *out = run("long.rn");
	const char *head = "100   wait4(-1,  <unfinished ...>\n101   getpid()";
	CHECK(strncmp(out, head, strlen(head)) == 0);
	CHECK(strstr(out, "100   <... wait4 resumed>NULL, 0, NULL) = 101\nexit 0\n") != NULL);
	int lines = 0;
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	CHECK_EQ_U(lines, n + 2 + 1);
}

/* A trace cut in its middle prints what is there and says it was cut. */
static void truncated(void)
{
	rn_writer *w;
	char err[256];
	open_trace(&w, "cut.rn");
	rn_chunk_builder b;
	rn_chunk_init(&b);
	for (int c = 0; c < 3; c++) {
		for (int i = 0; i < 100; i++) {
			uint64_t t = T0 + (uint64_t)(c * 100 + i) * 10;
			sc(&b, 100, SYS_getpid, t, t + 5, 100, 0, 0, 0, NULL, 0);
		}
		CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	rn_writer_abandon(w); /* no index, no trailer */
	rn_chunk_free(&b);
	FILE *f = fopen("cut.rn", "r+");
	CHECK(f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	/* 20 bytes into the last zstd frame (before its 4.x frame check) */
	CHECK(ftruncate(fileno(f), size - 20 - (8 + RN_CHECK_SIZE)) == 0);
	fclose(f);
	char *out = run("cut.rn");
	CHECK(strstr(out, "getpid()                                = 100\nexit 1\n") != NULL);
	int lines = 0;
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	CHECK_EQ_U(lines, 200 + 1); /* the first two chunks, then the exit line */
	FILE *e = fopen("stderr.txt", "r");
	char msg[512] = "";
	CHECK(e && fgets(msg, sizeof(msg), e));
	CHECK(strncmp(msg, "rn-replay: cut.rn: ", 19) == 0);
	CHECK(strstr(msg, "recovered 2 chunks") != NULL);
	CHECK(strstr(msg, "cut short") != NULL);
	/* then where the file ends, and nothing more */
	CHECK(fgets(msg, sizeof(msg), e));
	CHECK(strncmp(msg, "rn-replay: cut.rn: file ends inside chunk 2 at offset ", 54) == 0);
	CHECK(strstr(msg, "(cut short)\n") != NULL);
	CHECK(fgets(msg, sizeof(msg), e) == NULL);
	fclose(e);
}

/* A trace recorded on aarch64 decodes here with aarch64's numbers and
 * struct layouts. */
static void aarch64(void)
{
	rn_writer *w;
	char err[256];
	open_trace_arch(&w, "a64.rn", RN_ARCH_AARCH64);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	static const uint8_t path[] = "/etc/hosts";
	rn_capture pc = {0x1000, 10, 10, RN_CAP_STRING, 1, 0, path};
	sc(&b, 100, 56, T0 + 100, T0 + 200, 3, (uint64_t)-100, 0x1000, 040000 | 02000000, &pc, 1);
	uint8_t st[128] = {0};
	uint32_t mode = 040755;
	memcpy(st + 16, &mode, 4);
	rn_capture stc = {0x2000, 128, 128, RN_CAP_STRUCT, 1, RN_CAPF_EXIT, st};
	sc(&b, 100, 80, T0 + 300, T0 + 400, 0, 3, 0x2000, 0, &stc, 1); /* fstat */
	sc(&b, 100, 94, T0 + 500, 0, 0, 0, 0, 0, NULL, 0);             /* exit_group */
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
	CHECK_STR(run("a64.rn"),
	          "openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 3\n"
	          "fstat(3, {st_mode=S_IFDIR|0755, st_size=0, ...}) = 0\n"
	          "exit_group(0)                           = ?\n"
	          "exit 0\n");
}

/* Two threads' calls overlapping in pairs, n calls in all, and one call
 * of a third thread spanning the whole trace. */
static void write_big(const char *path, int n)
{
	rn_writer *w;
	char err[256];
	open_trace(&w, path);
	rn_chunk_builder b;
	rn_chunk_init(&b);
	static const uint8_t data[64] = "some bytes read from a file, enough to be cut at -s";
	rn_capture rc = {0x5000, 64, 832, RN_CAP_BUFFER, 1, RN_CAPF_EXIT, data};
	for (int i = 0; i < n; i++) {
		uint64_t t = T0 + 1000 + (uint64_t)i * 100;
		sc(&b, 200 + i % 2, SYS_read, t, t + 150, 832, 3, 0x5000, 832, &rc, 1);
		if (rn_chunk_events(&b) >= 4000)
			CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	}
	sc(&b, 300, SYS_wait4, T0 + 10, T0 + 1000 + (uint64_t)n * 100, 1, (uint64_t)-1, 0, 0, NULL,
	   0);
	CHECK(rn_writer_write_chunk(w, &b, err, sizeof(err)) == 0);
	CHECK(rn_writer_close(w, err, sizeof(err)) == 0);
	rn_chunk_free(&b);
}

/* Peak resident KB of rn-replay printing path to /dev/null. */
static long replay_rss(const char *path)
{
	char bin[512];
	snprintf(bin, sizeof(bin), "%s/rn-replay", getenv("RN_BIN"));
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		/* under ASan, freed memory waits in a quarantine: keep none, so the
		 * peak measures what rn-replay holds */
		setenv("ASAN_OPTIONS", "quarantine_size_mb=0:thread_local_quarantine_size_kb=0", 1);
		execl(bin, "rn-replay", path, (char *)NULL);
		_exit(127);
	}
	int st;
	struct rusage ru;
	CHECK(wait4(pid, &st, 0, &ru) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return ru.ru_maxrss;
}

/* Memory stays bounded: ten times the events, about the same peak. */
static void bounded(void)
{
	write_big("small.rn", 20000);
	write_big("large.rn", 200000);
	long small = replay_rss("small.rn"), large = replay_rss("large.rn");
	printf("peak RSS: %ld KB for 20k calls, %ld KB for 200k calls\n", small, large);
	CHECK(large < small + small / 2);
	CHECK(large < 64 * 1024);
	char *out = run("-s 8 large.rn");
	CHECK(strncmp(out, "300   wait4(-1,  <unfinished ...>\n", 34) == 0);
	CHECK(strstr(out, "\n201   <... read resumed>\"some byt\"..., 832) = 832\n") != NULL);
}

int main(void)
{
	CHECK(getenv("RN_BIN"));
	interleave();
	long_call();
	truncated();
	aarch64();
	bounded();
	printf("interleave: ok\n");
	return 0;
}
