/* dc_msg.c: message calls on UDP and AF_UNIX: sendmsg/recvmsg with names,
 * several iovecs, truncation (MSG_TRUNC, MSG_CTRUNC), credentials, and
 * sendmmsg/recvmmsg vectors. */
#include "dc_common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

int main(int argc, char **argv)
{
	DC_BEGIN();
	int port = argc > 1 ? atoi(argv[1]) : 45679;
	int u = R(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {
	    .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_LOOPBACK)}};
	R(SYS_bind, u, &a, sizeof(a));
	int c = R(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	struct iovec iov[2] = {{"hello ", 6}, {"world", 5}};
	struct msghdr mh = {
	    .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = iov, .msg_iovlen = 2};
	R(SYS_sendmsg, c, &mh, 0);
	char b1[4], b2[32];
	struct iovec riov[2] = {{b1, sizeof(b1)}, {b2, sizeof(b2)}};
	struct sockaddr_in from;
	struct msghdr rm = {
	    .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = riov, .msg_iovlen = 2};
	R(SYS_recvmsg, u, &rm, 0);
	R(SYS_sendmsg, c, &mh, MSG_DONTWAIT);
	struct iovec small = {b1, 2};
	struct msghdr rs = {.msg_iov = &small, .msg_iovlen = 1};
	R(SYS_recvmsg, u, &rs, MSG_TRUNC);
	R(SYS_recvmsg, u, &rs, MSG_DONTWAIT);
	int sp[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sp);
	int on = 1;
	setsockopt(sp[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	R(SYS_sendto, sp[0], "cred", 4, 0, NULL, 0);
	union {
		char b[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr h;
	} cb;
	struct iovec ci = {b2, sizeof(b2)};
	struct msghdr cm = {
	    .msg_iov = &ci, .msg_iovlen = 1, .msg_control = cb.b, .msg_controllen = sizeof(cb.b)};
	R(SYS_recvmsg, sp[1], &cm, 0);
	struct mmsghdr mm[2];
	memset(mm, 0, sizeof(mm));
	struct iovec m0 = {"one", 3}, m1 = {"two", 3};
	mm[0].msg_hdr.msg_iov = &m0;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = &m1;
	mm[1].msg_hdr.msg_iovlen = 1;
	R(SYS_sendmmsg, sp[0], mm, 2, 0);
	char r0[8], r1[8];
	struct iovec q0 = {r0, sizeof(r0)}, q1 = {r1, sizeof(r1)};
	struct mmsghdr rmm[2];
	memset(rmm, 0, sizeof(rmm));
	rmm[0].msg_hdr.msg_iov = &q0;
	rmm[0].msg_hdr.msg_iovlen = 1;
	rmm[1].msg_hdr.msg_iov = &q1;
	rmm[1].msg_hdr.msg_iovlen = 1;
	R(SYS_recvmmsg, sp[1], rmm, 2, MSG_DONTWAIT, NULL);
	/* with a timeout: given at entry, what is left in the result (on success) */
	struct timespec tmo = {5, 250000000};
	R(SYS_sendmmsg, sp[0], mm, 1, 0);
	R(SYS_recvmmsg, sp[1], rmm, 2, MSG_DONTWAIT, &tmo);
	tmo = (struct timespec){5, 250000000}; /* the kernel wrote what was left */
	R(SYS_recvmmsg, sp[1], rmm, 2, MSG_DONTWAIT, &tmo);
	/* Nine named datagrams of 14 bytes, sent and received as vectors (-s 8
	 * shows 8 elements, each message cut at 8 bytes). */
	enum { NV = 9 };
	struct mmsghdr vs[NV], vr[NV];
	struct iovec vi[NV], vo[NV];
	struct sockaddr_in vfrom[NV];
	char vmsg[NV][16], vbuf[NV][16] = {{0}};
	memset(vs, 0, sizeof(vs));
	memset(vr, 0, sizeof(vr));
	for (int k = 0; k < NV; k++) {
		snprintf(vmsg[k], sizeof(vmsg[k]), "message-%d-long", k);
		vi[k] = (struct iovec){vmsg[k], 14};
		vs[k].msg_hdr = (struct msghdr){
		    .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = &vi[k], .msg_iovlen = 1};
		vo[k] = (struct iovec){vbuf[k], sizeof(vbuf[k])};
		vr[k].msg_hdr = (struct msghdr){.msg_name = &vfrom[k],
		                                .msg_namelen = sizeof(vfrom[k]),
		                                .msg_iov = &vo[k],
		                                .msg_iovlen = 1};
	}
	R(SYS_sendmmsg, c, vs, NV, 0);
	R(SYS_recvmmsg, u, vr, NV, MSG_DONTWAIT, NULL);
	R(SYS_sendmsg, -1, NULL, 0);
	R(SYS_recvmsg, -1, BADADDR, 0);
	return 0;
}
