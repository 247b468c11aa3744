/* early_main.c: the program linked with lib_early.so: joins the thread the
 * library's constructor started, writes early_work's address to ./addrs.txt. */
#include <stdio.h>

void early_work(void);
void early_join(void);

int main(void)
{
	early_join();
	FILE *f = fopen("addrs.txt", "w");
	if (!f)
		return 1;
	fprintf(f, "early_work %llx\n", (unsigned long long)(unsigned long)&early_work);
	fclose(f);
	return 0;
}
