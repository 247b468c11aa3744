/* stacks.c: benchmark workload for --source: N getppid()/getpid() calls
 * from three call sites at different depths. Usage: stacks N */
#include <stdlib.h>
#include <unistd.h>

static volatile long sink;

__attribute__((noinline)) static void leaf(int i)
{
	if (i % 3 == 0)
		sink += getppid();
	else
		sink += getpid();
	sink++;
}

__attribute__((noinline)) static void mid(int i)
{
	if (i % 2)
		leaf(i);
	else
		sink += getppid();
	sink++;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100000;
	for (int i = 0; i < n; i++)
		mid(i);
	return 0;
}
