/* dc_prctl.c: prctl options and their sub-options, arch_prctl, capget. */
#include "dc_common.h"
#include <asm/prctl.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <signal.h>
#include <sys/prctl.h>

int main(void)
{
	DC_BEGIN();
	int v;
	R(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	R(SYS_prctl, PR_SET_DUMPABLE | HI, 1, 0, 0, 0);
	R(SYS_prctl, PR_GET_PDEATHSIG, &v, 0, 0, 0);
	R(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	R(SYS_prctl, PR_SET_NAME, "dc-prctl", 0, 0, 0);
	char name[16];
	R(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	R(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	R(SYS_prctl, PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0);
	R(SYS_prctl, PR_CAPBSET_READ, 0x7f, 0, 0, 0);
	R(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_RAW, 0, 0);
	R(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	R(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0);
	R(SYS_prctl, PR_GET_SECUREBITS, 0, 0, 0, 0);
	R(SYS_prctl, PR_GET_TIMERSLACK, 0, 0, 0, 0);
	R(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	R(SYS_prctl, PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
	R(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0);
	R(SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0, 0);
	R(SYS_prctl, PR_GET_THP_DISABLE, 0, 0, 0, 0);
	R(SYS_prctl, PR_MCE_KILL_GET, 0, 0, 0, 0);
	R(SYS_prctl, PR_GET_TID_ADDRESS, &v, 0, 0, 0);
	R(SYS_prctl, PR_SET_PTRACER, 0, 0, 0, 0);
	R(SYS_prctl, 0x12345678, 1, 2, 3, 4);
	unsigned long fs;
	R(SYS_arch_prctl, ARCH_GET_FS, &fs);
	R(SYS_arch_prctl, 0x1234, 0);
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	R(SYS_capget, &h, d);
	h.version = 0x12345678;
	R(SYS_capget, &h, NULL);
	return 0;
}
