/* rp_waitsig.c: a parent waits in wait4 for children that sleep 50 ms
 * first, so each child's SIGCHLD (ignored by default, not blocked) is sent
 * while the parent is inside wait4: strace prints it when it is delivered,
 * after wait4's line, in every run. */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 2; i++) {
		pid_t c = fork();
		if (c < 0)
			return 1;
		if (c == 0) {
			struct timespec ts = {0, 50000000};
			nanosleep(&ts, NULL);
			_exit(i + 3);
		}
		int st;
		if (waitpid(c, &st, 0) != c)
			return 1;
	}
	return 0;
}
