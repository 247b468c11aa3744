/* rn_decode_prctl.c: prctl's and arch_prctl's arguments and return values,
 * shaped by the option as data/prctl.def declares (names, how many
 * arguments print, what the second one is, what names the result). */
#include "rn_decode_int.h"

#include <stdio.h>

/* The pointer argument i written by the kernel, or its address when the
 * call failed or nothing was captured. */
static const rn_capture *out_cap(const rn_syscall *sc, int i, uint32_t len)
{
	if (rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT))
		return NULL;
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, 1);
	return c && c->len >= len ? c : NULL;
}

void rn_put_prctl_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	const rn_prctl_ent *pe = rn_prctl_find(sc->args[0]);
	uint64_t v = sc->args[i];
	int shape = pe ? pe->arg2 : RN_PRA_HEX;
	if (shape == RN_PRA_AMB && i == 2) {
		uint64_t op = sc->args[1];
		shape = op >= 1 && op <= 3 ? RN_PRA_CAP : RN_PRA_HEX;
	} else if (i != 1) {
		shape = RN_PRA_HEX;
	}
	const rn_capture *c;
	switch (shape) {
	case RN_PRA_DEC:
		rn_put_udec(sb, v);
		break;
	case RN_PRA_SIG:
		rn_put_signame(sb, o, (int)v);
		break;
	case RN_PRA_DUMP:
		rn_put_enum(sb, o, RN_XLAT_suid_dump, v, 0);
		break;
	case RN_PRA_CAP:
		rn_put_enum(sb, o, RN_XLAT_caps, v, 0);
		break;
	case RN_PRA_AMB:
		rn_put_enum(sb, o, RN_XLAT_cap_ambient, v, 0);
		break;
	case RN_PRA_PTRACER:
		if (v == UINT64_MAX && o->xlat != RN_XLAT_RAW)
			rn_sb_puts(sb, "PR_SET_PTRACER_ANY");
		else
			rn_put_udec(sb, v);
		break;
	case RN_PRA_STRIN:
		c = rn_decode_cap(sc, i, RN_CAP_STRING, 0);
		if (c)
			rn_decode_quote(sb, c->data, c->len, o->strsize, 0);
		else
			rn_put_ptr(sb, v);
		break;
	case RN_PRA_STROUT:
		if ((c = out_cap(sc, i, 16)))
			rn_decode_quote(sb, c->data, strnlen((const char *)c->data, 16), o->strsize,
			                0);
		else
			rn_put_ptr(sb, v);
		break;
	case RN_PRA_INTOUT:
		if ((c = out_cap(sc, i, 4)))
			rn_sb_printf(sb, "[%d]", (int32_t)rn_ld32(c->data));
		else
			rn_put_ptr(sb, v);
		break;
	case RN_PRA_PTROUT:
		if ((c = out_cap(sc, i, 8))) {
			rn_sb_putc(sb, '[');
			rn_put_ptr(sb, rn_ld64(c->data));
			rn_sb_putc(sb, ']');
		} else
			rn_put_ptr(sb, v);
		break;
	default:
		rn_put_hex(sb, v);
	}
}

void rn_put_prctl_ret(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc)
{
	const rn_prctl_ent *pe = rn_prctl_find(sc->args[0]);
	const char *n =
	    pe && pe->ret_xlat >= 0 ? rn_xlat_name(pe->ret_xlat, (uint64_t)sc->ret) : NULL;
	if (n) /* also under -X raw, as strace */
		rn_sb_printf(sb, " (%s)", n);
	(void)o;
}

/* arch_prctl's second argument: ARCH_GET_FS and ARCH_GET_GS write it. */
void rn_put_arch_prctl_arg(rn_sb *sb, const rn_syscall *sc)
{
	uint32_t op = (uint32_t)sc->args[0];
	const rn_capture *c = op == 0x1003 || op == 0x1004 ? out_cap(sc, 1, 8) : NULL;
	if (c) {
		rn_sb_putc(sb, '[');
		rn_put_ptr(sb, rn_ld64(c->data));
		rn_sb_putc(sb, ']');
	} else if (op == 0x1003 || op == 0x1004)
		rn_put_ptr(sb, sc->args[1]);
	else
		rn_put_hex(sb, sc->args[1]);
}
