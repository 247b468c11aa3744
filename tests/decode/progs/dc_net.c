/* dc_net.c: sockets: socket/bind/listen/connect/accept over IPv4 loopback
 * and AF_UNIX, sendto/recvfrom with addresses, sendmsg/recvmsg with
 * SCM_RIGHTS, and socket options (SOL_SOCKET, SOL_IP, SOL_TCP, IPv6). */
#include "dc_common.h"
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	DC_BEGIN();
	int port = argc > 1 ? atoi(argv[1]) : 45678;
	int s = R(SYS_socket, AF_INET | HI, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	int one = 1;
	R(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	R(SYS_setsockopt, s, SOL_TCP, TCP_NODELAY | HI, &one, sizeof(one));
	R(SYS_setsockopt, s, SOL_IP, IP_TOS, &one, sizeof(one));
	struct ip_mreqn mr = {{htonl(0xe0000001)}, {htonl(INADDR_LOOPBACK)}, 0};
	R(SYS_setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr));
	struct sockaddr_in a = {
	    .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_LOOPBACK)}};
	R(SYS_bind, s, &a, sizeof(a));
	R(SYS_listen, s, 5 | HI);
	int c = R(SYS_socket, AF_INET, SOCK_STREAM, 0);
	R(SYS_connect, c, &a, sizeof(a));
	struct sockaddr_in peer;
	socklen_t pl = sizeof(peer);
	int acc = R(SYS_accept, s, &peer, &pl);
	pl = sizeof(peer);
	R(SYS_getsockname, c, &peer, &pl);
	pl = sizeof(peer);
	R(SYS_getpeername, acc, &peer, &pl);
	pl = 4; /* shorter than a sockaddr_in: sa_data */
	R(SYS_getsockname, s, &peer, &pl);
	int v = 0;
	socklen_t vl = sizeof(v);
	R(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, &vl);
	vl = sizeof(v);
	R(SYS_getsockopt, s, SOL_SOCKET, SO_RCVBUF, &v, &vl);
	vl = sizeof(v);
	R(SYS_getsockopt, s, SOL_TCP, TCP_MAXSEG, &v, &vl);
	R(SYS_sendto, c, "ping", 4, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);
	char buf[16];
	R(SYS_recvfrom, acc, buf, sizeof(buf), MSG_PEEK, NULL, NULL);
	pl = sizeof(peer);
	R(SYS_recvfrom, acc, buf, 2, MSG_TRUNC, &peer, &pl);
	R(SYS_shutdown, c, SHUT_WR);
	R(SYS_accept4, -1, NULL, NULL, SOCK_NONBLOCK);
	R(SYS_accept4, s | HI, BADADDR, NULL, SOCK_CLOEXEC | 0x40000000);
	int u = R(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un ua = {.sun_family = AF_UNIX};
	strcpy(ua.sun_path, "/nonexistent/dc_net.sock");
	R(SYS_connect, u, &ua, sizeof(ua));
	R(SYS_sendto, u, "x", 1, 0, &ua, sizeof(ua));
	int sp[2];
	R(SYS_socketpair, AF_UNIX, SOCK_SEQPACKET, 0, sp);
	struct iovec iov = {"data", 4};
	union {
		char b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr h;
	} cb;
	memset(&cb, 0, sizeof(cb));
	struct msghdr mh = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cb.b, .msg_controllen = sizeof(cb.b)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sp[0], sizeof(int));
	R(SYS_sendmsg, sp[0], &mh, 0);
	char rb[8];
	struct iovec riov = {rb, sizeof(rb)};
	union {
		char b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr h;
	} rc;
	struct msghdr rm = {
	    .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rc.b, .msg_controllen = sizeof(rc.b)};
	R(SYS_recvmsg, sp[1], &rm, MSG_CMSG_CLOEXEC);
	R(SYS_recvmsg, -1, &rm, 0);
	int s6 = R(SYS_socket, AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
	R(SYS_setsockopt, s6, SOL_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	struct sockaddr_in6 a6 = {
	    .sin6_family = AF_INET6, .sin6_port = htons(9), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	R(SYS_sendto, s6, "", 0, 0, &a6, sizeof(a6));
	struct group_req gr = {.gr_interface = 1};
	struct sockaddr_in *ga = (struct sockaddr_in *)&gr.gr_group;
	ga->sin_family = AF_INET;
	ga->sin_addr.s_addr = htonl(0xe0000002);
	R(SYS_setsockopt, s, SOL_IP, MCAST_JOIN_GROUP, &gr, sizeof(gr));
	R(SYS_setsockopt, -1, SOL_SOCKET, SO_LINGER, BADADDR, 8);
	R(SYS_getsockopt, -1, SOL_PACKET, 1, NULL, NULL);
	R(SYS_socket, AF_PACKET, SOCK_RAW, 0x300);
	R(SYS_socket, AF_NETLINK, SOCK_RAW, 0);
	{ /* strace prints nl_pid signed (ip(8)'s port ids often are) */
		struct sockaddr_nl nl = {
		    .nl_family = AF_NETLINK, .nl_pid = 0xb8cc8fd7u, .nl_groups = 5};
		R(SYS_connect, -1, &nl, sizeof(nl));
	}
	R(SYS_socket, 12345, 0, 0);
	return 0;
}
