/* rn_decode_signal.c: a delivered signal's siginfo as strace prints it:
 * --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, ...} --- */
#include "rn_decode_int.h"

static const char *const cld_codes[] = {NULL,          "CLD_EXITED",  "CLD_KILLED",   "CLD_DUMPED",
                                        "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"};
static const char *const segv_codes[] = {NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR",
                                         "SEGV_PKUERR"};
static const char *const bus_codes[] = {NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR"};

static const char *si_code_name(int signo, int code)
{
	switch (code) {
	case 0:
		return "SI_USER";
	case 0x80:
		return "SI_KERNEL";
	case -1:
		return "SI_QUEUE";
	case -2:
		return "SI_TIMER";
	case -3:
		return "SI_MESGQ";
	case -4:
		return "SI_ASYNCIO";
	case -5:
		return "SI_SIGIO";
	case -6:
		return "SI_TKILL";
	default:
		break;
	}
	if (signo == 17 && code > 0 && code <= 6)
		return cld_codes[code];
	if (signo == 11 && code > 0 && code <= 4)
		return segv_codes[code];
	if (signo == 7 && code > 0 && code <= 3)
		return bus_codes[code];
	return NULL;
}

/* The siginfo_t fields strace shows, from at least 48 bytes. */
void rn_put_siginfo(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	int signo = (int32_t)rn_ld32(p), code = (int32_t)rn_ld32(p + 8);
	if (signo == 0) { /* nothing there: waitid with WNOHANG and no child ready */
		rn_sb_puts(sb, "{}");
		return;
	}
	rn_sb_puts(sb, "{si_signo=");
	rn_put_signame(sb, o, signo);
	rn_sb_puts(sb, ", si_code=");
	const char *cn = si_code_name(signo, code);
	if (cn || o->xlat != RN_XLAT_ABBREV)
		rn_put_named(sb, o, (uint32_t)code, cn); /* -X raw/verbose: 0x1 */
	else
		rn_put_sdec(sb, code);
	int errno_v = (int32_t)rn_ld32(p + 4);
	if (errno_v)
		rn_sb_printf(sb, ", si_errno=%d", errno_v);
	if (code <= 0) { /* sent by a process: pid and uid */
		rn_sb_printf(sb, ", si_pid=%d, si_uid=%u", (int32_t)rn_ld32(p + 16),
		             rn_ld32(p + 20));
		if (code == -1 || code == -2) {
			rn_sb_printf(sb, ", si_int=%d, si_ptr=", (int32_t)rn_ld32(p + 24));
			rn_put_hex(sb, rn_ld64(p + 24));
		}
	} else if (signo == 17) {
		rn_sb_printf(sb, ", si_pid=%d, si_uid=%u, si_status=", (int32_t)rn_ld32(p + 16),
		             rn_ld32(p + 20));
		int st = (int32_t)rn_ld32(p + 24);
		if (code == 1)
			rn_put_sdec(sb, st);
		else
			rn_put_signame(sb, o, st);
		rn_sb_puts(sb, ", si_utime=");
		rn_put_clock_t(sb, o, rn_ld64(p + 32));
		rn_sb_puts(sb, ", si_stime=");
		rn_put_clock_t(sb, o, rn_ld64(p + 40));
	} else if (signo == 11 || signo == 7 || signo == 4 || signo == 8 || signo == 5) {
		rn_sb_puts(sb, ", si_addr=");
		rn_put_ptr(sb, rn_ld64(p + 16));
	} else if (signo == 29 || signo == 23) {
		rn_sb_printf(sb, ", si_band=%lld, si_fd=%d", (long long)rn_ld64(p + 16),
		             (int32_t)rn_ld32(p + 24));
	}
	rn_sb_putc(sb, '}');
}

void rn_decode_signal(rn_sb *sb, const rn_decode_opts *o, const rn_signal *sig)
{
	rn_sb_puts(sb, "--- "); /* the header names the signal under any -X */
	const char *sn = rn_signal_name(sig->signo);
	if (sn)
		rn_sb_puts(sb, sn);
	else
		rn_put_sdec(sb, sig->signo);
	rn_sb_putc(sb, ' ');
	if (sig->siginfo && sig->siginfo_len >= 48)
		rn_put_siginfo(sb, o, sig->siginfo);
	else {
		rn_sb_puts(sb, "{si_signo=");
		rn_put_signame(sb, o, sig->signo);
		rn_sb_printf(sb, ", si_code=%d}", sig->code);
	}
	rn_sb_puts(sb, " ---");
}
