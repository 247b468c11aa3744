/* loop.c: N getppid() calls (default 200000): the syscall-heavy benchmark
 * and the simplest exact-count tracee. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	for (long i = 0; i < n; i++)
		getppid();
	return 0;
}
