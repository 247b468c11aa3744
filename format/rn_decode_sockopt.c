/* rn_decode_sockopt.c: setsockopt's and getsockopt's option names (by
 * level) and values: ints as [1], IPv4 and any-family group requests as
 * strace prints them, other values as strings or addresses. */
#include "rn_decode_int.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>

/* The option-name table of a level, or -1. */
static int level_table(uint32_t level)
{
	switch (level) {
	case 0:
		return RN_XLAT_ip_opts;
	case 1:
		return RN_XLAT_so_opts;
	case 6:
		return RN_XLAT_tcp_opts;
	case 17:
		return RN_XLAT_udp_opts;
	case 41:
		return RN_XLAT_ipv6_opts;
	case 263:
		return RN_XLAT_packet_opts;
	case 270:
		return RN_XLAT_netlink_opts;
	default:
		return -1;
	}
}

void rn_put_sockopt_name(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	int t = level_table((uint32_t)sc->args[1]);
	if (t < 0)
		rn_put_udec(sb, (uint32_t)sc->args[i]);
	else
		rn_put_enum(sb, o, t, (uint32_t)sc->args[i], 0);
}

static void put_inaddr(rn_sb *sb, const rn_decode_opts *o, const char *field, const uint8_t *p)
{
	char a[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, p, a, sizeof(a));
	if (o->xlat != RN_XLAT_ABBREV) { /* the bytes; -X verbose adds the address */
		rn_sb_printf(sb, "%s=", field);
		rn_put_hexstr(sb, p, 4, 4, 0);
		if (o->xlat == RN_XLAT_VERBOSE)
			rn_sb_printf(sb, " /* inet_addr(\"%s\") */", a);
		return;
	}
	rn_sb_printf(sb, "%s=inet_addr(\"%s\")", field, a);
}

/* A value of len bytes the kernel read (setsockopt) or wrote (getsockopt). */
static void put_value(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, const uint8_t *p,
                      size_t have, uint64_t len)
{
	uint32_t level = (uint32_t)sc->args[1], name = (uint32_t)sc->args[2];
	if (len == 4 && have >= 4) {
		rn_sb_printf(sb, "[%d]", (int32_t)rn_ld32(p));
		return;
	}
	if (level == 0 && (name == 35 || name == 36) && len >= 8 && have >= 8) {
		rn_sb_putc(sb, '{'); /* IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP */
		put_inaddr(sb, o, "imr_multiaddr", p);
		rn_sb_puts(sb, ", ");
		put_inaddr(sb, o, "imr_interface", p + 4);
		rn_sb_putc(sb, '}');
		return;
	}
	if ((level == 0 || level == 41) && (name == 42 || name == 45) && len >= 136 &&
	    have >= 136) {
		uint32_t ifi = rn_ld32(p); /* MCAST_JOIN_GROUP, MCAST_LEAVE_GROUP */
		char ifn[IF_NAMESIZE];
		rn_sb_puts(sb, "{gr_interface=");
		if (ifi && o->xlat == RN_XLAT_ABBREV && if_indextoname(ifi, ifn))
			rn_sb_printf(sb, "if_nametoindex(\"%s\")", ifn);
		else
			rn_put_udec(sb, ifi);
		if (ifi && o->xlat == RN_XLAT_VERBOSE && if_indextoname(ifi, ifn))
			rn_sb_printf(sb, " /* if_nametoindex(\"%s\") */", ifn);
		rn_sb_puts(sb, ", gr_group=");
		rn_put_sockaddr(sb, o, p + 8, 128);
		rn_sb_putc(sb, '}');
		return;
	}
	size_t n = have < len ? have : (size_t)len;
	rn_decode_quote(sb, p, n, o->strsize, len > n);
}

void rn_put_sockopt_val(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out)
{
	uint64_t v = sc->args[i];
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, out);
	if (!out) {
		uint64_t len = (uint32_t)sc->args[4];
		if (c && len <= 4096)
			put_value(sb, o, sc, c->data, c->len, len);
		else
			rn_put_ptr(sb, v);
		return;
	}
	const rn_capture *l = rn_decode_cap(sc, 4, RN_CAP_ARRAY, 1);
	if (c && l && l->len >= 4 && !rn_sc_failed(sc) && !(sc->flags & RN_SC_NO_EXIT))
		put_value(sb, o, sc, c->data, c->len, rn_ld32(l->data));
	else
		rn_put_ptr(sb, v);
}
