/* dc_str.c: strings and buffers: escapes, -s cuts, strings that run into
 * unmapped memory, a path longer than PATH_MAX, MSG_TRUNC's long result,
 * NULL and bad addresses. */
#include "dc_common.h"
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

int main(void)
{
	DC_BEGIN();
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(m + 4096, 4096, PROT_NONE);
	memset(m, 'a', 4096);
	R(SYS_chdir, m + 4096 - 10); /* no NUL before the unmapped page */
	R(SYS_chdir, m + 4096);
	R(SYS_chdir, NULL);
	static char longp[5000];
	memset(longp, 'b', sizeof(longp) - 1);
	R(SYS_chdir, longp);
	R(SYS_write, -1, "\t\n\r\v\f\\\"\x01\x7f\xff end", 16);
	R(SYS_write, -1, "0123456789012345678901234567890123456789", 40);
	R(SYS_write, -1, "", 0);
	R(SYS_write, -1, m + 4096 - 4, 8);
	int sp[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sp);
	R(SYS_sendto, sp[0], "abcdefgh", 8, 0, NULL, 0);
	char buf[4];
	R(SYS_recvfrom, sp[1], buf, sizeof(buf), MSG_TRUNC, NULL, NULL);
	R(SYS_sendto, sp[0], "ijklmnop", 8, 0, NULL, 0);
	R(SYS_recvfrom, sp[1], buf, sizeof(buf), 0, NULL, NULL);
	R(SYS_sethostname, "x\0y", 3);
	R(SYS_memfd_create, "name-of-memfd", 0);
	R(SYS_getxattr, "/", "user.none\x01", NULL, 0);
	return 0;
}
