/* rn_bpf_iov.h: the BPF side's reads of memory reached through pointers in
 * the program's memory, included by rn_record.bpf.c after its helpers:
 * iovec arrays (readv, writev, preadv2...) and struct msghdr (sendmsg,
 * recvmsg), as the ptrace backend reads them (record/rn_record_mem.c): the
 * array itself, then the buffers of its first RN_BPF_IOVSEG iovecs joined,
 * cut at -s; for a msghdr also msg_name and msg_control. Each part is one
 * capture and one run of a tail-called program (rn_bpf_step.sub says
 * which), so the verifier checks each reading loop once. A read that
 * faults is stored as unreadable; a record that is full cuts the capture
 * and flags it truncated. */
#ifndef RN_BPF_IOV_H
#define RN_BPF_IOV_H

#define CAP_STRUCT 3
#define CAP_IOVEC  5
#define CAP_ARRAY  8
#define MSGHDR_LEN 56

/* A capture header at off; room: the bytes its data may take. */
static __always_inline struct rn_bpf_cap *cap_at(struct rn_scratch *s, u32 off, u64 addr, u8 kind,
                                                 u8 arg, u16 flags, u32 slot, u32 *room)
{
	struct rn_bpf_cap *c = (void *)&s->buf[off];
	*room = RN_BPF_MAXEV - off - sizeof(struct rn_bpf_cap) - 8;
	c->addr = addr;
	c->kind = kind;
	c->arg = arg;
	c->flags = flags;
	c->slot = slot;
	c->len = 0;
	c->orig_len = 0;
	return c;
}

/* len bytes at addr as one capture (orig_len = len asked, as planned).
 * The length goes through the pass in the map first: whatever path and
 * bounds it came with, the verifier then checks the read once. */
static __always_inline u32 read_sub_in(struct rn_scratch *s, struct rn_bpf_step *st, u32 off,
                                       u64 addr, u64 len, u8 kind, u8 arg, u16 flags, u32 slot)
{
	u32 room;
	*(volatile u64 *)&st->sublen = len;
	len = *(volatile u64 *)&st->sublen;
	off &= RN_BPF_MAXEV - 1;
	if (off + sizeof(struct rn_bpf_cap) + 8 > RN_BPF_MAXEV)
		return off;
	struct rn_bpf_cap *c = cap_at(s, off, addr, kind, arg, flags, slot, &room);
	c->orig_len = len > 0xffffffffull ? 0xffffffffu : (u32)len;
	if (len > room) {
		len = room;
		c->flags |= CAPF_TRUNC;
	}
	u32 l = (u32)BOUND(len, RN_BPF_MAXEV - 1);
	if (l && bpf_probe_read_user(&s->buf[off + sizeof(*c)], l, (const void *)addr) < 0) {
		c->flags |= CAPF_UNREAD;
		l = 0;
	}
	c->len = l;
	return off + sizeof(*c) + ((l + 7) & ~7u);
}

/* The parts' reads as global functions: the verifier checks a global
 * function once per program, on its own, where an inlined copy is checked
 * at each of its call sites in every state that reaches it (read_sub has
 * eight in rn_exit_parts; read_iovdata is reached from three kinds of
 * part). These two: 7,890 -> 6,013 instructions walked for the two parts
 * programs; with the part readers (rn_read_part_*, rn_record.bpf.c)
 * 4,113 (Linux 6.18, RN_BPF_STATS=1). Their arguments are scalars only
 * (what Linux 5.10 accepts): the scratch and the pass are looked up again
 * (per-CPU: the caller's), the small ones packed in pk (IOV_PK: bits 0-3
 * the capture's kind or read_iovdata's nodata, 4-7 the slot, 8-15 the
 * argument, 16-31 the flags). */
#define IOV_PK(kind_or_nodata, arg, flags, slot)                                                   \
	((u32)(u8)(kind_or_nodata) | ((u32)(u8)(arg) << 8) | ((u32)(u16)(flags) << 16) |           \
	 (((u32)(slot)&0xf) << 4))

_Static_assert(RN_BPF_SLOTS <= 16 && CAP_ARRAY < 16 && CAP_STRUCT < 16,
               "IOV_PK: slots and kinds take 4 bits");

__noinline int rn_iov_read_sub(u32 off, u64 addr, u64 len, u32 pk)
{
	struct rn_scratch *s = scratch();
	struct rn_bpf_step *st = step();
	if (!s || !st)
		return off & (RN_BPF_MAXEV - 1);
	return (int)read_sub_in(s, st, off, addr, len, pk & 0xf, (u8)(pk >> 8), (u16)(pk >> 16),
	                        (pk >> 4) & 0xf);
}

/* (off: where the capture goes; a capture's kind fits 4 bits) */
#define read_sub(s, st, off, addr, len, kind, arg, flags, slot)                                    \
	((u32)rn_iov_read_sub((off), (addr), (len), IOV_PK((kind), (arg), (flags), (slot))))

/* One iovec of read_iovdata's pass (k: its index): adds its length to the
 * total and reads its buffer while bytes are left. The bytes read and left
 * live in the map, not in registers (a fault sets left to 0: nothing more
 * is read, as process_vm_readv stops at the first fault). */
struct iov_pass {
	struct rn_scratch *s;
	struct rn_bpf_step *st;
	u32 base;
};

static __always_inline void iov_one(struct rn_scratch *s, struct rn_bpf_step *st, u32 base, u32 k)
{
	volatile u32 *dp = &st->done, *lp = &st->left;
	volatile u64 *tp = &st->total;
	k = (u32)BOUND(k, RN_BPF_IOVSEG - 1);
	u64 len, ptr;
	if (*(volatile u32 *)&st->w32) { /* an ia32 call's {u32 base, u32 len} */
		const u32 *w = (const u32 *)st->iov;
		ptr = w[2 * k];
		len = w[2 * k + 1];
	} else {
		ptr = st->iov[k][0];
		len = st->iov[k][1];
	}
	*tp += len;
	u32 d = *dp, l = *lp;
	u32 tl = (u32)BOUND(len < l ? len : l, RN_BPF_MAXEV - 1);
	u32 at = (u32)BOUND(base + d, RN_BPF_MAXEV - 1);
	if (!tl)
		return;
	if (bpf_probe_read_user(&s->buf[at], tl, (const void *)ptr) < 0) {
		*lp = 0;
		return;
	}
	*dp = d + tl;
	*lp = l - tl;
}

/* bpf_loop's body: verified once, not once per iovec (the unrolled loop's
 * 64 copies were 22,000 of the 25,000 instructions the verifier walked for
 * each parts program, ~12 ms of every start). */
static long iov_loop_cb(u64 k, struct iov_pass *p)
{
	iov_one(p->s, p->st, p->base, (u32)k);
	return 0;
}

/* The buffers of the cnt iovecs at addr (the first RN_BPF_IOVSEG), joined,
 * at most max bytes: an RN_CAP_IOVEC capture whose orig_len is their total
 * length. With cb (Linux 5.17: the loaded program is chosen by what the
 * kernel has) one bpf_loop, else an unrolled loop. */
static __always_inline u32 read_iovdata_in(u32 off, u64 addr, u64 cnt, u64 max, u32 pk, int cb)
{
	struct rn_scratch *s = scratch();
	struct rn_bpf_step *st = step();
	int nodata = pk & 1;
	u8 arg = (u8)(pk >> 8);
	u16 flags = (u16)(pk >> 16);
	u32 slot = (pk >> 4) & 0xf;
	if (!s || !st)
		return off & (RN_BPF_MAXEV - 1);
	u32 room;
	off &= RN_BPF_MAXEV - 1;
	if (off + sizeof(struct rn_bpf_cap) + 8 > RN_BPF_MAXEV)
		return off;
	struct rn_bpf_cap *c = cap_at(s, off, addr, CAP_IOVEC, arg, flags, slot, &room);
	u32 base = off + sizeof(*c);
	*(volatile u64 *)&st->sublen = cnt; /* (as read_sub's length) */
	cnt = *(volatile u64 *)&st->sublen;
	u32 n = cnt < RN_BPF_IOVSEG ? (u32)cnt : RN_BPF_IOVSEG;
	int w32 = *(volatile u32 *)&st->w32;
	u32 sz = (u32)BOUND(n * (w32 ? 8 : 16), 2047);
	if (sz > sizeof(st->iov))
		sz = sizeof(st->iov);
	if (!sz || bpf_probe_read_user(st->iov, sz, (const void *)addr) < 0) {
		if (sz)
			c->flags |= CAPF_UNREAD;
		return base;
	}

	u64 want = nodata ? 0 : max;
	if (want > room)
		want = room;
	/* One pass: the total length, and the buffers while bytes are left.
	 * Unrolled, the body has no exit but the count: every path through an
	 * iteration reaches the next one in the same state. */
	st->done = 0;
	st->left = (u32)want;
	st->total = 0;
	if (cb) {
		struct iov_pass p = {s, st, base};
		bpf_loop(n, iov_loop_cb, &p, 0);
	} else {
		for (u32 k = 0; k < RN_BPF_IOVSEG; k++) {
			if (k >= n)
				break;
			iov_one(s, st, base, k);
		}
	}
	u64 total = *(volatile u64 *)&st->total;
	u32 done = *(volatile u32 *)&st->done;
	c->len = done;
	c->orig_len = total > 0xffffffffull ? 0xffffffffu : (u32)total;
	if (done < total)
		c->flags |= CAPF_TRUNC;
	if (want && !done)
		c->flags |= CAPF_UNREAD;
	return base + ((done + 7) & ~7u);
}

__noinline int rn_iov_read_data(u32 off, u64 addr, u64 cnt, u64 max, u32 pk)
{
	return (int)read_iovdata_in(off, addr, cnt, max, pk, 0);
}

__noinline int rn_iov_read_data_cb(u32 off, u64 addr, u64 cnt, u64 max, u32 pk)
{
	return (int)read_iovdata_in(off, addr, cnt, max, pk, 1);
}

/* (cb: the program's, a constant: one of the two is called) */
#define read_iovdata(s, st, off, addr, cnt, max, nodata, arg, flags, slot, cb)                     \
	((u32)((cb) ? rn_iov_read_data_cb : rn_iov_read_data)(                                     \
	    (off), (addr), (cnt), (max), IOV_PK(!!(nodata), (arg), (flags), (slot))))

/* Part st->sub of an IOV slot: 0 the iovecs (at most RN_BPF_IOVMAX), 1
 * their buffers (returned in req: address, count, most bytes, read by the
 * caller with the one read_iovdata of its program). Sets st->sub to the
 * next part, 0 when done. */
static __always_inline u32 read_iov_part(struct rn_scratch *s, struct rn_bpf_step *st,
                                         const struct rn_bpf_slot *sl, u32 i, u16 flags, u64 *req)
{
	u64 addr = step_arg(st->args, sl->arg);
	u64 cnt = step_arg(st->args, sl->len_src);
	if (cnt > RN_BPF_IOVMAX)
		cnt = RN_BPF_IOVMAX;
	if (!addr || !cnt) {
		st->sub = 0;
		return st->off;
	}
	if (st->sub == 0) {
		st->sub = 1;
		return read_sub(s, st, st->off, addr, cnt * (st->w32 ? 8 : 16), CAP_ARRAY, sl->arg,
		                flags, i);
	}
	st->sub = 0;
	req[0] = addr;
	req[1] = cnt;
	req[2] = sl->size;
	return st->off;
}

/* Part st->sub of a MSGHDR slot: 0 the header, 1 msg_name, 2 the iovecs,
 * 3 their buffers (at most the return value at exit; in req, as above),
 * 4 msg_control. */
static __always_inline u32 read_msghdr_part(struct rn_scratch *s, struct rn_bpf_step *st,
                                            const struct rn_bpf_slot *sl, u32 i, u16 flags,
                                            int at_exit, u64 *req)
{
	u64 *m = st->msg; /* name, namelen, iov, iovlen, control, controllen, flags */
	u32 sub = st->sub;
	u32 off = st->off;
	st->sub = sub + 1 < 5 ? sub + 1 : 0;
	if (sub == 0) {
		u64 addr = step_arg(st->args, sl->arg);
		u32 room;
		off &= RN_BPF_MAXEV - 1;
		if (!addr || off + sizeof(struct rn_bpf_cap) + MSGHDR_LEN + 8 > RN_BPF_MAXEV) {
			st->sub = 0;
			return off;
		}
		struct rn_bpf_cap *c = cap_at(s, off, addr, CAP_STRUCT, sl->arg, flags, i, &room);
		c->orig_len = MSGHDR_LEN;
		if (bpf_probe_read_user(m, MSGHDR_LEN, (const void *)addr) < 0) {
			c->flags |= CAPF_UNREAD;
			st->sub = 0; /* nothing to follow */
			return off + sizeof(*c);
		}
		__builtin_memcpy(&s->buf[off + sizeof(*c)], m, MSGHDR_LEN);
		c->len = MSGHDR_LEN;
		m[1] &= 0xffffffffull; /* msg_namelen is an int */
		return off + sizeof(*c) + MSGHDR_LEN;
	}
	if (sub == 1)
		return m[0] && m[1] ? read_sub(s, st, off, m[0], m[1] < 128 ? m[1] : 128,
		                               CAP_STRUCT, sl->arg, flags, i)
		                    : off;
	u64 cnt = m[3] < RN_BPF_IOVMAX ? m[3] : RN_BPF_IOVMAX;
	if (sub == 2)
		return m[2] && cnt
		           ? read_sub(s, st, off, m[2], cnt * 16, CAP_ARRAY, sl->arg, flags, i)
		           : off;
	if (sub == 3) {
		u64 max = sl->size;
		if (at_exit && (u64)st->ret < max)
			max = (u64)st->ret;
		req[0] = m[2] && cnt ? m[2] : 0;
		req[1] = cnt;
		req[2] = max;
		return off;
	}
	return m[4] && m[5] ? read_sub(s, st, off, m[4], m[5] < 4096 ? m[5] : 4096, CAP_ARRAY,
	                               sl->arg, flags, i)
	                    : off;
}

#endif
