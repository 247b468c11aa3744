/* funcs_app.c: a -finstrument-functions tracee for the functions/graph
 * tests: main calls work 1000 times, work calls leaf twice. */
#include <stdio.h>

__attribute__((noinline)) int leaf(int x)
{
	return x * 3 + 1;
}

__attribute__((noinline)) int work(int x)
{
	return leaf(x) + leaf(x + 1);
}

int main(void)
{
	int s = 0;
	for (int i = 0; i < 1000; i++)
		s += work(i);
	printf("%d\n", s);
	return 0;
}
