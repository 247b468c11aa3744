/* mmsgcap.c: sendmmsg and recvmmsg of N datagrams (argv[1]) on a
 * socketpair, each message one iovec and no name: a msghdr of three
 * captures, so the ptrace backend follows 41 elements of a vector within
 * its 128 captures a call, the bpf backend 32 (its tail calls), and both
 * report the rest as a loss (test_bpf_mmsg.sh).
 * Prints what both calls returned. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAXN 200

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 42, sv[2];
	static struct mmsghdr m[MAXN];
	static struct iovec io[MAXN];
	static char b[MAXN][16];
	if (n < 0 || n > MAXN || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return 2;
	for (int i = 0; i < n; i++) {
		snprintf(b[i], sizeof(b[i]), "m%d", i);
		io[i].iov_base = b[i];
		io[i].iov_len = strlen(b[i]);
		m[i].msg_hdr.msg_iov = &io[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	int sent = sendmmsg(sv[0], m, (unsigned)n, 0);
	memset(b, 0, sizeof(b));
	for (int i = 0; i < n; i++)
		io[i].iov_len = sizeof(b[i]);
	int got = recvmmsg(sv[1], m, (unsigned)n, MSG_DONTWAIT, NULL);
	printf("%d %d\n", sent, got);
	return sent == n && got == n ? 0 : 1;
}
