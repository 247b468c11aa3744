/* execat.c: execs a program through execveat, as strace's tests do not:
 * usage: execat DIR NAME [ARG...] runs DIR/NAME with argv {NAME, ARG...}
 * through a descriptor of DIR, with AT_SYMLINK_NOFOLLOW (DIR/NAME must not
 * be a symbolic link). For the record of a successful execveat, whose
 * exit the kernel reports with execve's number. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: execat DIR NAME [ARG...]\n");
		return 2;
	}
	int dfd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (dfd < 0) {
		perror("execat: open");
		return 2;
	}
	syscall(SYS_execveat, dfd, argv[2], argv + 2, environ, AT_SYMLINK_NOFOLLOW);
	perror("execat: execveat");
	return 1;
}
