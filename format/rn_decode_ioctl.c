/* rn_decode_ioctl.c: ioctl's request and third argument as data/ioctl.def
 * declares them: names (shared numbers carry both), _IOC(dir, type, nr,
 * size) for the rest, ints, window sizes, modem bits and struct termios. */
#include "rn_decode_int.h"

#include <stdio.h>

void rn_put_ioctl_cmd(rn_sb *sb, const rn_decode_opts *o, uint32_t cmd)
{
	const char *n = rn_xlat_name(RN_XLAT_ioctl, cmd);
	if (n && o->xlat == RN_XLAT_ABBREV) {
		rn_sb_puts(sb, n);
		return;
	}
	if (o->xlat == RN_XLAT_RAW) { /* strace -X raw: the number alone */
		rn_put_hex(sb, cmd);
		return;
	}
	if (n) {
		rn_put_hex(sb, cmd);
		rn_sb_printf(sb, " /* %s */", n);
		return;
	}
	static const char *const dirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
	                                   "_IOC_READ|_IOC_WRITE"};
	if (o->xlat == RN_XLAT_VERBOSE) {
		rn_put_hex(sb, cmd);
		rn_sb_puts(sb, " /* ");
	}
	rn_sb_printf(sb, "_IOC(%s, %#x, %#x, %#x)", dirs[cmd >> 30], (cmd >> 8) & 0xff, cmd & 0xff,
	             (cmd >> 16) & 0x3fff);
	if (o->xlat == RN_XLAT_VERBOSE)
		rn_sb_puts(sb, " */");
}

/* c_oflag's delay fields, then its flags. */
static void put_oflag(rn_sb *sb, const rn_decode_opts *o, uint32_t v)
{
	static const struct {
		uint32_t mask, shift;
		const char *name;
	} d[] = {{0100, 6, "NL"},    {03000, 9, "CR"},   {014000, 11, "TAB"},
	         {020000, 13, "BS"}, {040000, 14, "VT"}, {0100000, 15, "FF"}};
	for (size_t k = 0; k < sizeof(d) / sizeof(d[0]); k++) {
		char nm[8];
		snprintf(nm, sizeof(nm), "%s%u", d[k].name, (v & d[k].mask) >> d[k].shift);
		rn_put_named(sb, o, v & d[k].mask, nm);
		rn_sb_putc(sb, '|');
	}
	v &= ~0177700u;
	rn_put_flags(sb, o, RN_XLAT_term_oflags, v);
}

static void put_termios(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p)
{
	uint32_t cf = rn_ld32(p + 8);
	rn_sb_puts(sb, "{c_iflag=");
	rn_put_flags(sb, o, RN_XLAT_term_iflags, rn_ld32(p));
	rn_sb_puts(sb, ", c_oflag=");
	put_oflag(sb, o, rn_ld32(p + 4));
	rn_sb_puts(sb, ", c_cflag=");
	rn_put_named(sb, o, cf & 010017, rn_xlat_name(RN_XLAT_baud, cf & 010017));
	char cs[4] = {'C', 'S', (char)('5' + ((cf >> 4) & 3)), 0};
	rn_sb_putc(sb, '|');
	rn_put_named(sb, o, cf & 060, cs);
	uint32_t rest = cf & ~(010017u | 060u | (010017u << 16));
	if (cf & (010017u << 16)) {
		const char *ib = rn_xlat_name(RN_XLAT_baud, (cf >> 16) & 010017);
		rn_sb_printf(sb, "|%s<<IBSHIFT", ib ? ib : "B0");
	}
	if (rest) {
		rn_sb_putc(sb, '|');
		rn_put_flags(sb, o, RN_XLAT_term_cflags, rest);
	}
	rn_sb_puts(sb, ", c_lflag=");
	rn_put_flags(sb, o, RN_XLAT_term_lflags, rn_ld32(p + 12));
	rn_sb_puts(sb, ", ...}");
}

void rn_put_ioctl_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	uint32_t cmd = (uint32_t)sc->args[1];
	const rn_ioctl_ent *ie = rn_ioctl_find(cmd);
	uint64_t v = sc->args[i];
	int shape = ie ? ie->arg : -1;
	int ok = !rn_sc_failed(sc) && !(sc->flags & RN_SC_NO_EXIT);
	const rn_capture *in = rn_decode_cap(sc, i, RN_CAP_STRUCT, 0);
	const rn_capture *out = ok ? rn_decode_cap(sc, i, RN_CAP_STRUCT, 1) : NULL;
	switch (shape) {
	case RN_IOA_VAL:
		rn_put_sdec(sb, (int32_t)v);
		return;
	case RN_IOA_FD:
		rn_put_fd(sb, o, sc->pid, (int32_t)v);
		return;
	case RN_IOA_TCFLSH:
		rn_put_enum(sb, o, RN_XLAT_tcflsh, (uint32_t)v, 0);
		return;
	case RN_IOA_INT_IN:
		if (in && in->len >= 4) {
			rn_sb_printf(sb, "[%d]", (int32_t)rn_ld32(in->data));
			return;
		}
		break;
	case RN_IOA_INT_OUT:
		if (out && out->len >= 4) {
			rn_sb_printf(sb, "[%d]", (int32_t)rn_ld32(out->data));
			return;
		}
		break;
	case RN_IOA_U64_OUT:
		if (out && out->len >= 8) {
			rn_sb_printf(sb, "[%llu]", (unsigned long long)rn_ld64(out->data));
			return;
		}
		break;
	case RN_IOA_MODEM_OUT:
		if (out && out->len >= 4) {
			rn_sb_putc(sb, '[');
			rn_put_flags(sb, o, RN_XLAT_modem, rn_ld32(out->data));
			rn_sb_putc(sb, ']');
			return;
		}
		break;
	case RN_IOA_WINSZ_IN:
	case RN_IOA_WINSZ_OUT: {
		const rn_capture *c = shape == RN_IOA_WINSZ_IN ? in : out;
		if (c && c->len >= 8) {
			rn_put_struct(sb, o, RN_ST_WINSIZE, c->data, 8);
			return;
		}
		break;
	}
	case RN_IOA_TERMIOS_OUT:
		if (out && out->len >= 36) {
			put_termios(sb, o, out->data);
			return;
		}
		break;
	case RN_IOA_TERMIOS_IN:
		if (in && in->len >= 36) {
			put_termios(sb, o, in->data);
			return;
		}
		break;
	case -1: /* unknown request: strace prints the raw value */
		rn_put_hex(sb, v);
		return;
	default:
		break;
	}
	rn_put_ptr(sb, v);
}
