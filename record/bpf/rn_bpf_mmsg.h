/* rn_bpf_mmsg.h: the BPF side's reads of struct mmsghdr vectors (sendmmsg,
 * recvmmsg: RN_PLAN_MMSGHDR in format/rn_catalog.h), included by
 * rn_record.bpf.c after rn_bpf_iov.h, whose parts it reuses. As the ptrace
 * backend (record/rn_record_mem.c read_mmsghdr): the vector (at most
 * RN_BPF_MMSGMAX elements of 64 bytes) as one ARRAY capture, then each
 * element's msghdr as read_msghdr_part reads one (the header, msg_name,
 * the iovecs, their buffers cut at -s and for recvmmsg at the element's
 * msg_len, msg_control). One element per run of the tail-called parts
 * program, its buffers read by part_step's one read_iovdata (the verifier
 * checks that loop once), its msg_control at the start of the next run.
 * The element's header capture carries RN_BPF_CAPF_ELEM. It stops while
 * the record's captures leave less than a msghdr's five (ptrace's rule;
 * user space applies it exactly, entry captures counted), when the record
 * is full or when the tail calls run out (about 31 elements): user space
 * reports what is missing as a capture loss (rn_record_bpf_mmsg.c). */
#ifndef RN_BPF_MMSG_H
#define RN_BPF_MMSG_H

#define MMSG_ELEM 64

/* One capture of an element at the record's end so far (st->mend),
 * counted in st->mcap. The end and the count live in the map, not in
 * registers: every path through a part reaches the next one in the same
 * state, so the verifier checks each part once (as read_iovdata). */
#define MMSG_SUB(call)                                                                             \
	do {                                                                                       \
		u32 o_ = *ep, e_ = (call);                                                         \
		if (e_ != o_) {                                                                    \
			*ep = e_;                                                                  \
			*cp += 1;                                                                  \
		}                                                                                  \
	} while (0)

/* Element k's msghdr (in st->msg) but for its iovecs' buffers, asked in req
 * (read by part_step's one read_iovdata) and its msg_control (read at the
 * start of the next run, after the buffers). Returns 0 when the record is
 * full. */
static __always_inline int read_mmsg_elem(struct rn_scratch *s, struct rn_bpf_step *st,
                                          const struct rn_bpf_slot *sl, u32 i, u16 flags, u64 addr,
                                          u64 *req)
{
	u64 *m = st->msg; /* name, namelen, iov, iovlen, control, controllen, flags */
	volatile u32 *ep = &st->mend, *cp = &st->mcap;
	u32 off = *ep & (RN_BPF_MAXEV - 1), room;
	m[4] = 0; /* no msg_control to read next run unless the header says so */
	if (off + sizeof(struct rn_bpf_cap) + MSGHDR_LEN + 8 > RN_BPF_MAXEV)
		return 0;
	struct rn_bpf_cap *c =
	    cap_at(s, off, addr, CAP_STRUCT, sl->arg, flags | RN_BPF_CAPF_ELEM, i, &room);
	c->orig_len = MSGHDR_LEN;
	*cp += 1;
	if (bpf_probe_read_user(m, MSGHDR_LEN, (const void *)addr) < 0) {
		c->flags |= CAPF_UNREAD;
		m[4] = 0;
		*ep = off + sizeof(*c);
		return 1;
	}
	__builtin_memcpy(&s->buf[off + sizeof(*c)], m, MSGHDR_LEN);
	c->len = MSGHDR_LEN;
	*ep = off + sizeof(*c) + MSGHDR_LEN;
	u64 max = sl->size;
	if (sl->mult) { /* recvmmsg: at most the element's msg_len */
		u32 got = 0;
		bpf_probe_read_user(&got, 4, (const void *)(addr + MSGHDR_LEN));
		if (got < max)
			max = got;
	}
	m[1] &= 0xffffffffull; /* msg_namelen is an int */
	if (m[0] && m[1])
		MMSG_SUB(read_sub(s, st, o_, m[0], m[1] < 128 ? m[1] : 128, CAP_STRUCT, sl->arg,
		                  flags, i));
	u64 cnt = m[3] < RN_BPF_IOVMAX ? m[3] : RN_BPF_IOVMAX;
	if (m[2] && cnt) {
		MMSG_SUB(read_sub(s, st, o_, m[2], cnt * 16, CAP_ARRAY, sl->arg, flags, i));
		req[0] = m[2];
		req[1] = cnt;
		req[2] = max;
	}
	return 1;
}

/* Part st->sub of an MMSG slot: 0 the vector and element 0; k + 1 element
 * k - 1's msg_control, then element k; the buffers of the element's iovecs
 * are asked in req. Sets st->sub to the next part, 0 when done; st->mcap:
 * the captures it added but the buffers'. Returns the record's new end. */
static __always_inline u32 read_mmsg_part(struct rn_scratch *s, struct rn_bpf_step *st,
                                          const struct rn_bpf_slot *sl, u32 i, u16 flags, u64 *req)
{
	u64 addr = arg_of(st->args, sl->arg < 6 ? sl->arg : 0);
	u64 cnt = sl->len_src == RN_BPF_LEN_RET
	              ? (u64)st->ret
	              : arg_of(st->args, sl->len_src < 6 ? sl->len_src : 0);
	u64 *m = st->msg;
	u32 k = st->sub;
	volatile u32 *ep = &st->mend, *cp = &st->mcap;
	cnt = cnt < RN_BPF_MMSGMAX ? cnt : RN_BPF_MMSGMAX;
	st->sub = 0;
	*ep = st->off;
	*cp = 0;
	if (!addr)
		return st->off;
	if (k == 0) { /* as ptrace, an empty capture when no element is asked */
		u32 end =
		    read_sub(s, st, st->off, addr, cnt * MMSG_ELEM, CAP_ARRAY, sl->arg, flags, i);
		if (end == st->off)
			return end;
		*ep = end;
		*cp = 1;
		struct rn_bpf_cap *c = (void *)&s->buf[st->off & (RN_BPF_MAXEV - 1)];
		if (c->flags & (CAPF_UNREAD | CAPF_TRUNC))
			return end;
	} else if (m[4] && m[5]) { /* element k - 1's msg_control */
		MMSG_SUB(read_sub(s, st, o_, m[4], m[5] < 4096 ? m[5] : 4096, CAP_ARRAY, sl->arg,
		                  flags, i));
	}
	if (k < cnt && st->ncap + *cp + 5 <= RN_BPF_MAXCAP &&
	    read_mmsg_elem(s, st, sl, i, flags, addr + (u64)k * MMSG_ELEM, req) &&
	    (k + 1 < cnt || m[4]))
		st->sub = k + 1;
	return *ep;
}

#endif
