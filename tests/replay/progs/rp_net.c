/* rp_net.c: sockets on 127.0.0.1 and AF_UNIX, poll, sendmsg/recvmsg (two
 * iovecs, names, a descriptor passed with SCM_RIGHTS, a cut datagram, a
 * failure), for the golden comparison with strace. The ports are fixed (port,
 * port + 1, port + 2); the test picks free ones. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static void msgs(int port)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	char a[] = "hello", b[] = " world", in[64], in2[8];
	struct iovec iv[2] = {{a, 5}, {b, 6}};
	struct msghdr m = {0};
	m.msg_iov = iv;
	m.msg_iovlen = 2;
	sendmsg(sv[0], &m, 0);
	struct iovec ov[2] = {{in, 4}, {in2, sizeof(in2)}};
	struct msghdr r = {0};
	r.msg_iov = ov;
	r.msg_iovlen = 2;
	recvmsg(sv[1], &r, 0);
	/* A descriptor passed along. */
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cb, cb2;
	memset(&cb, 0, sizeof(cb));
	m.msg_iovlen = 1;
	m.msg_control = cb.buf;
	m.msg_controllen = sizeof(cb.buf);
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	int fd = 0;
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	sendmsg(sv[0], &m, 0);
	r.msg_iovlen = 1;
	r.msg_control = cb2.buf;
	r.msg_controllen = sizeof(cb2.buf);
	int got = recvmsg(sv[1], &r, MSG_CMSG_CLOEXEC) >= 0 && CMSG_FIRSTHDR(&r)
	              ? *(int *)CMSG_DATA(CMSG_FIRSTHDR(&r))
	              : -1;
	if (got >= 0)
		close(got);
	/* The last byte, then nothing to read: a failure, the msghdr as an
	 * address. */
	r.msg_control = NULL;
	r.msg_controllen = 0;
	recvmsg(sv[1], &r, MSG_DONTWAIT);
	recvmsg(sv[1], &r, MSG_DONTWAIT);
	close(sv[0]);
	close(sv[1]);
	/* Datagrams with addresses; one cut short (MSG_TRUNC). */
	struct sockaddr_in to = {0}, from = {0}, src = {0};
	to.sin_family = from.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)(port + 1));
	from.sin_port = htons((unsigned short)(port + 2));
	to.sin_addr.s_addr = from.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
	if (bind(u1, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    bind(u2, (struct sockaddr *)&from, sizeof(from)) < 0)
		return;
	struct msghdr d = {0};
	d.msg_name = &to;
	d.msg_namelen = sizeof(to);
	d.msg_iov = iv;
	d.msg_iovlen = 1;
	sendmsg(u2, &d, 0);
	struct iovec small = {in, 3};
	struct msghdr e = {0};
	e.msg_name = &src;
	e.msg_namelen = sizeof(src);
	e.msg_iov = &small;
	e.msg_iovlen = 1;
	recvmsg(u1, &e, 0);
	close(u1);
	close(u2);
}

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
	msgs(port);
	return 0;
}
