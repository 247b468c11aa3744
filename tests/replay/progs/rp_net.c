/* rp_net.c: sockets on 127.0.0.1 and AF_UNIX, poll, for the golden
 * comparison with strace. The port is fixed; the test picks a free one. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 47011;
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send(sv[0], "ping", 4, 0);
	char buf[64];
	recv(sv[1], buf, sizeof(buf), 0);
	struct pollfd pfd = {sv[1], POLLIN, 0};
	poll(&pfd, 1, 0);
	close(sv[0]);
	close(sv[1]);
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0)
		return 1;
	listen(ls, 4);
	int cs = socket(AF_INET, SOCK_STREAM, 0);
	connect(cs, (struct sockaddr *)&a, sizeof(a));
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	int as = accept(ls, (struct sockaddr *)&peer, &plen);
	sendto(cs, "hello", 5, MSG_NOSIGNAL, NULL, 0);
	recvfrom(as, buf, sizeof(buf), 0, NULL, NULL);
	shutdown(cs, SHUT_WR);
	close(as);
	close(cs);
	close(ls);
	struct sockaddr_un u = {0};
	u.sun_family = AF_UNIX;
	strcpy(u.sun_path, "/nonexistent/sock");
	int us = socket(AF_UNIX, SOCK_DGRAM, 0);
	connect(us, (struct sockaddr *)&u, sizeof(u));
	close(us);
	return 0;
}
