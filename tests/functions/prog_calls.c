/* prog_calls.c: a tracee built with -finstrument-functions whose exact calls
 * the function-tracing tests know. It writes its functions' addresses to
 * ./addrs.txt first. Modes (argv[1]):
 *   counts        rec() x6 (recursion), 3 threads x work() x100, leaf() x1000,
 *                 in_handler() x1 from a SIGUSR1 handler, stamp() x1 (writes its
 *                 CLOCK_MONOTONIC time to ./stamp.txt)
 *   exit_deep     deep1 -> deep2 -> deep3 -> exit(0)
 *   thread_exit   a thread: tdeep1 -> tdeep2 -> pthread_exit
 *   exit_threads  a thread loops in spin_main() -> leaf() while main calls
 *                 deep1 -> deep2 -> deep3 -> exit(0)
 *   crash         crash1 -> crash2 -> write through NULL (SIGSEGV)
 *   abort         crash1 -> crash2 -> abort()
 *   fork          child: leaf() x7 then exit; parent waits, leaf() x3
 *   exec          leaf() x2, then exec itself in mode "counts-small" (leaf x5)
 *   toggle        leaf() x100, raise(SIGUSR2), leaf2() x500, raise(SIGUSR2), leaf3() x300
 *   many_threads  1500 threads one after another, each calling leaf() once
 *                 (more threads than the channel has rings: rings are reused)
 *   scribble      leaf() x10, then overwrites the first 8 MiB of the channel
 *                 (header, dictionary, ring counters) with 0xff, leaf() x10
 *   slow_loop     leaf() x1000, one every millisecond
 *   loop N        leaf() N times
 *   hot T N       T threads (the main one among them), each calling mid() N
 *                 times, mid() calling leaf(): 2 N calls per thread, as fast
 *                 as the CPU goes
 *   async         leaf() x2000000 while SIGALRM every 20 us runs on_alrm() -> tick();
 *                 writes the number of ticks to ./ticks.txt
 *   wait          leaf() every millisecond until SIGUSR2 was toggled twice */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOINST __attribute__((no_instrument_function))

volatile int sink;

void leaf(void)
{
	sink++;
}

void leaf2(void)
{
	sink++;
}

void leaf3(void)
{
	sink++;
}

int rec(int n)
{
	return n == 0 ? 0 : 1 + rec(n - 1);
}

void work(void)
{
	sink += 2;
}

void *thread_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		work();
	return NULL;
}

void in_handler(void)
{
	sink += 3;
}

void on_usr1(int sig)
{
	(void)sig;
	in_handler();
}

void stamp(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	FILE *f = fopen("stamp.txt", "w");
	if (f) {
		fprintf(f, "%llu\n",
		        (unsigned long long)ts.tv_sec * 1000000000ull +
		            (unsigned long long)ts.tv_nsec);
		fclose(f);
	}
}

void deep3(void)
{
	exit(0);
}

void deep2(void)
{
	deep3();
}

void deep1(void)
{
	deep2();
}

void mid(void)
{
	leaf();
}

static long hot_n;

void *hot_main(void *arg)
{
	(void)arg;
	for (long i = 0; i < hot_n; i++)
		mid();
	return NULL;
}

void tdeep2(void)
{
	pthread_exit(NULL);
}

void tdeep1(void)
{
	tdeep2();
}

void *tdeep_main(void *arg)
{
	(void)arg;
	tdeep1();
	return NULL;
}

void *once_main(void *arg)
{
	(void)arg;
	leaf();
	return NULL;
}

void *spin_main(void *arg)
{
	(void)arg;
	for (;;) {
		leaf();
		usleep(1000);
	}
	return NULL;
}

void crash2(int how)
{
	if (how)
		abort();
	*(volatile int *)(long)sink = 1; /* sink is 0: a write to NULL */
}

void crash1(int how)
{
	crash2(how);
}

volatile sig_atomic_t ticks;

void tick(void)
{
	ticks++;
}

void on_alrm(int sig)
{
	(void)sig;
	tick();
}

void phase(void)
{
	raise(SIGUSR2);
	for (int i = 0; i < 500; i++)
		leaf2();
	raise(SIGUSR2);
}

int main(int argc, char **argv);

NOINST static void scribble(void)
{
	const char *e = getenv("RN_FUNCS_FD");
	struct stat st;
	if (!e || fstat(atoi(e), &st) != 0)
		return;
	size_t n = st.st_size < (8 << 20) ? (size_t)st.st_size : (8 << 20);
	void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, atoi(e), 0);
	if (m != MAP_FAILED)
		memset(m, 0xff, n);
}

NOINST static void write_addrs(void)
{
	FILE *f = fopen("addrs.txt", "a");
	if (!f)
		return;
#define A(fn) fprintf(f, "%s %llx\n", #fn, (unsigned long long)(unsigned long)&fn)
	A(leaf), A(leaf2), A(leaf3), A(rec), A(work), A(thread_main), A(in_handler), A(on_usr1);
	A(stamp), A(deep1), A(deep2), A(deep3), A(tdeep1), A(tdeep2), A(tdeep_main), A(crash1);
	A(crash2), A(phase), A(main), A(tick), A(on_alrm), A(spin_main), A(once_main);
	A(mid), A(hot_main);
#undef A
	fclose(f);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "counts";
	write_addrs();
	if (strcmp(mode, "counts") == 0) {
		signal(SIGUSR1, on_usr1);
		pthread_t th[3];
		for (int i = 0; i < 3; i++)
			pthread_create(&th[i], NULL, thread_main, NULL);
		sink = rec(5);
		for (int i = 0; i < 1000; i++)
			leaf();
		raise(SIGUSR1);
		stamp();
		for (int i = 0; i < 3; i++)
			pthread_join(th[i], NULL);
	} else if (strcmp(mode, "counts-small") == 0) {
		for (int i = 0; i < 5; i++)
			leaf();
	} else if (strcmp(mode, "exit_deep") == 0) {
		deep1();
	} else if (strcmp(mode, "many_threads") == 0) {
		for (int i = 0; i < 1500; i++) {
			pthread_t t;
			pthread_create(&t, NULL, once_main, NULL);
			pthread_join(t, NULL);
			usleep(200);
		}
	} else if (strcmp(mode, "scribble") == 0) {
		for (int i = 0; i < 10; i++)
			leaf();
		scribble();
		for (int i = 0; i < 10; i++)
			leaf();
	} else if (strcmp(mode, "exit_threads") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin_main, NULL);
		usleep(30000);
		deep1();
	} else if (strcmp(mode, "thread_exit") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, tdeep_main, NULL);
		pthread_join(t, NULL);
	} else if (strcmp(mode, "crash") == 0 || strcmp(mode, "abort") == 0) {
		sink = 0;
		crash1(strcmp(mode, "abort") == 0);
	} else if (strcmp(mode, "fork") == 0) {
		pid_t p = fork();
		if (p == 0) {
			for (int i = 0; i < 7; i++)
				leaf();
			exit(0);
		}
		waitpid(p, NULL, 0);
		for (int i = 0; i < 3; i++)
			leaf();
	} else if (strcmp(mode, "exec") == 0) {
		leaf();
		leaf();
		execl("/proc/self/exe", argv[0], "counts-small", (char *)NULL);
		return 1;
	} else if (strcmp(mode, "toggle") == 0) {
		for (int i = 0; i < 100; i++)
			leaf();
		phase();
		for (int i = 0; i < 300; i++)
			leaf3();
	} else if (strcmp(mode, "async") == 0) {
		signal(SIGALRM, on_alrm);
		struct itimerval it = {{0, 20}, {0, 20}}, off = {{0, 0}, {0, 0}};
		setitimer(ITIMER_REAL, &it, NULL);
		for (int i = 0; i < 2000000; i++)
			leaf();
		setitimer(ITIMER_REAL, &off, NULL);
		FILE *f = fopen("ticks.txt", "w");
		if (f) {
			fprintf(f, "%d\n", (int)ticks);
			fclose(f);
		}
	} else if (strcmp(mode, "slow_loop") == 0) {
		for (int i = 0; i < 1000; i++) {
			leaf();
			usleep(1000);
		}
	} else if (strcmp(mode, "loop") == 0) {
		long n = argc > 2 ? atol(argv[2]) : 1000;
		for (long i = 0; i < n; i++)
			leaf();
	} else if (strcmp(mode, "hot") == 0 && argc > 3) {
		int nt = atoi(argv[2]);
		hot_n = atol(argv[3]);
		pthread_t th[64];
		for (int i = 1; i < nt && i < 64; i++)
			pthread_create(&th[i], NULL, hot_main, NULL);
		hot_main(NULL);
		for (int i = 1; i < nt && i < 64; i++)
			pthread_join(th[i], NULL);
	}
	return 0;
}
