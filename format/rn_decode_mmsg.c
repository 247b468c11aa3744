/* rn_decode_mmsg.c: sendmmsg's and recvmmsg's struct mmsghdr vectors
 * (RN_PLAN_MMSGHDR), as strace prints them at exit:
 * [{msg_hdr={msg_name=NULL, ..., msg_flags=0}, msg_len=3}, ...]: sendmmsg's
 * vlen elements with msg_len on the first RET (none when it failed), each
 * message's data cut at -s; recvmmsg's RET elements, each message's data cut
 * at its msg_len too. Each element's msghdr prints through rn_put_msghdr on
 * a view of the call that holds that element's captures only. */
#include "rn_decode_int.h"

enum { MMSG_ELEM = 64 }; /* struct mmsghdr on LP64: msghdr (56), msg_len, padding */

/* Whether capture c is the followed msghdr of one of the n elements at base. */
static int is_head(const rn_capture *c, uint64_t base, uint64_t n)
{
	return c->kind == RN_CAP_STRUCT && c->len >= 56 && c->addr >= base &&
	       (c->addr - base) % MMSG_ELEM == 0 && (c->addr - base) / MMSG_ELEM < n;
}

/* The captures of the element at addr: from its msghdr up to the next
 * element's; NULL when it was not followed. */
static const rn_capture *element_caps(const rn_syscall *sc, int i, uint64_t base, uint64_t n,
                                      uint64_t addr, uint16_t *ncap)
{
	const rn_capture *first = NULL;
	*ncap = 0;
	for (uint16_t k = 0; k < sc->ncap; k++) {
		const rn_capture *c = &sc->caps[k];
		if (c->arg != i || !(c->flags & RN_CAPF_EXIT))
			continue;
		int head = is_head(c, base, n);
		if (first && head)
			break; /* the next element's */
		if (head && c->addr == addr)
			first = c;
		if (first)
			(*ncap)++;
	}
	return first;
}

void rn_put_mmsghdrs(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out)
{
	const rn_capture *arr = rn_decode_cap(sc, i, RN_CAP_ARRAY, 1);
	int failed = rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT);
	if (!arr || (out && failed)) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	uint64_t count = out ? (uint64_t)sc->ret : (uint32_t)sc->args[2];
	uint64_t with_len = failed ? 0 : (uint64_t)sc->ret; /* elements the kernel filled */
	uint64_t have = arr->len / MMSG_ELEM, base = sc->args[i];
	rn_sb_putc(sb, '[');
	for (uint64_t k = 0; k < count; k++) {
		if (k)
			rn_sb_puts(sb, ", ");
		if (k >= rn_dec_max_elems(o) || k >= have) {
			rn_sb_puts(sb, "...");
			break;
		}
		const uint8_t *el = arr->data + MMSG_ELEM * k;
		uint32_t msg_len = rn_ld32(el + 56);
		/* A view of the call: this element's captures and data budget. */
		rn_syscall v = *sc;
		v.args[i] = base + MMSG_ELEM * k;
		v.ret = out ? (int64_t)msg_len : INT64_MAX;
		v.flags &= (uint16_t)~RN_SC_NO_EXIT;
		v.caps = element_caps(sc, i, base, have, v.args[i], &v.ncap);
		rn_capture head;
		if (!v.caps) { /* not followed (captures ran out): the vector's fields */
			head = *arr;
			head.kind = RN_CAP_STRUCT;
			head.addr = v.args[i];
			head.data = el;
			head.len = head.orig_len = 56;
			v.caps = &head;
			v.ncap = 1;
		}
		rn_sb_puts(sb, "{msg_hdr=");
		rn_put_msghdr(sb, o, &v, i, 1);
		if (k < with_len)
			rn_sb_printf(sb, ", msg_len=%u", msg_len);
		rn_sb_putc(sb, '}');
	}
	rn_sb_putc(sb, ']');
}
