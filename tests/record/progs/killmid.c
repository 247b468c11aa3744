/* killmid.c: a child blocked in read() is killed by SIGKILL from its parent:
 * the child's read never returns (the recorder writes it as unfinished).
 * Exits 0 when the child was killed by SIGKILL. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int a[2], b[2];
	if (pipe(a) < 0 || pipe(b) < 0)
		return 90;
	pid_t p = fork();
	if (p == 0) {
		char c;
		close(b[0]);
		if (write(b[1], "r", 1) != 1)
			_exit(91);
		if (read(a[0], &c, 1) < 0) /* blocks: nobody writes to a */
			_exit(92);
		_exit(93);
	}
	char c;
	if (read(b[0], &c, 1) != 1)
		return 1;
	usleep(100000); /* let the child enter its read */
	kill(p, SIGKILL);
	int st;
	if (waitpid(p, &st, 0) != p || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		return 2;
	return 0;
}
