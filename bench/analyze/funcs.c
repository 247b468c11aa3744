/* funcs.c: benchmark workload for functions/graph: main calls work N
 * times, work calls leaf twice (build with -finstrument-functions).
 * Usage: funcs N */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int leaf(int x)
{
	return x * 3 + 1;
}

__attribute__((noinline)) int work(int x)
{
	return leaf(x) + leaf(x + 1);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000000;
	long s = 0;
	for (int i = 0; i < n; i++)
		s += work(i);
	printf("%ld\n", s);
	return 0;
}
