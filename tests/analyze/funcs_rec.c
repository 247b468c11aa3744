/* funcs_rec.c: a recursion 2001 calls deep, for functions/graph: the
 * recursive function's total time must count each moment once. */
#include <stdio.h>

__attribute__((noinline)) int rec(int n)
{
	return n ? rec(n - 1) + 1 : 0;
}

int main(void)
{
	printf("%d\n", rec(2000));
	return 0;
}
