/* forkenv.c: a child execs with argv and envp arrays that cross a page
 * boundary, the page after it never touched by the child since fork. On
 * arm64 cores without hardware access flags (Cortex-A53/A72, qemu's
 * cortex-a72) fork leaves the child's pages "old", and reading one without
 * faulting (bpf_probe_read_user) fails until the child touches it: the
 * recorder must not cut argv or envp there silently (tests/vm). The child
 * ("forkenv child ...") exits 0 when it got every string and variable; the
 * parent exits with the child's status. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NENV 520 /* 512 pointers a page: the last 8 on the second page */

extern char **environ;

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		int n = 0;
		while (environ[n])
			n++;
		return argc == 4 && strcmp(argv[3], "y") == 0 && n == NENV ? 0 : 1;
	}
	long pg = sysconf(_SC_PAGESIZE);
	char *strs = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char **env = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char **av = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (strs == MAP_FAILED || env == MAP_FAILED || av == MAP_FAILED)
		return 90;
	strcpy(strs, "forkenv");
	strcpy(strs + 16, "child");
	strcpy(strs + 32, "x");
	strcpy(strs + 48, "y");
	strcpy(strs + 64, "RN_FORKENV=1");
	for (int i = 0; i < NENV; i++)
		env[i] = strs + 64;
	env[NENV] = NULL;
	/* argv's 5 pointers: 2 at the end of the first page, 3 on the second */
	char **a = (char **)((char *)av + pg - 2 * sizeof(char *));
	a[0] = strs;
	a[1] = strs + 16;
	a[2] = strs + 32;
	a[3] = strs + 48;
	a[4] = NULL;
	pid_t p = fork();
	if (p == 0) {
		/* touch the strings and the arrays' first pages, not their second */
		volatile char c = strs[0];
		volatile uintptr_t u = (uintptr_t)env[0] + (uintptr_t)a[0];
		(void)c;
		(void)u;
		execve("/proc/self/exe", a, env);
		_exit(99);
	}
	int st;
	if (waitpid(p, &st, 0) != p)
		return 91;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 92;
}
