/* vforker.c: vfork() then exec /bin/true in the child, or _exit(4) when
 * given "exit"; the parent exits with the child's status + 10. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int do_exit = argc > 1 && strcmp(argv[1], "exit") == 0;
	pid_t p = vfork();
	if (p == 0) {
		if (do_exit)
			_exit(4);
		execl("/bin/true", "true", (char *)NULL);
		_exit(99);
	}
	int st;
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st))
		return 100;
	return WEXITSTATUS(st) + 10;
}
