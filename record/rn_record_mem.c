/* rn_record_mem.c: copies tracee memory into a thread's capture buffer, as
 * the catalog's plan asks (rn_catalog_plan), with one process_vm_readv for
 * all the direct reads of a stop; strings are read page by page so a read
 * never runs into an unmapped page. Also --stack registers and stack bytes,
 * and execve's path and argv for the Proc event. */
#include "rn_record.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE         4096u
#define MAXREQ       16
#define ARRAY_MAX    (64u << 10) /* largest struct/array copied */
#define ARGV_STRMAX  4096u
#define ENVP_MAX     (1u << 20) /* envp pointers counted at most */
#define PLAN_NOLIMIT (1u << 30)
#define STRING_MAX   (1u << 16) /* non-path strings, if -s is smaller */

static uint16_t arch;

size_t rn_mem_read(pid_t tid, uint64_t addr, void *dst, size_t len)
{
	if (!len)
		return 0;
	struct iovec l = {dst, len}, r = {(void *)(uintptr_t)addr, len};
	ssize_t k = process_vm_readv(tid, &l, 1, &r, 1, 0);
	return k > 0 ? (size_t)k : 0;
}

static size_t page_left(uint64_t addr)
{
	return PAGE - (size_t)(addr & (PAGE - 1));
}

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Reads a NUL-terminated string at addr (at most max bytes) appended to t's
 * buffer, page by page. first = bytes already read at off. Returns its
 * length (excluding NUL) and sets *trunc when no NUL was found. */
static size_t read_string_rest(rn_thr *t, long off, size_t first, uint64_t addr, size_t max,
                               int *trunc, int *fault)
{
	size_t have = first;
	for (;;) {
		const uint8_t *nul = memchr(t->buf + off, 0, have);
		if (nul) {
			size_t n = (size_t)(nul - (t->buf + off));
			t->blen = (size_t)off + n + 1;
			return n;
		}
		if (have >= max) {
			*trunc = 1;
			t->blen = (size_t)off + max;
			return max;
		}
		size_t want = min_sz(page_left(addr + have), max - have);
		t->blen = (size_t)off + have;
		if (rn_thr_reserve(t, want) < 0)
			break;
		size_t k = rn_mem_read(t->tid, addr + have, t->buf + off + have, want);
		if (k == 0)
			break;
		have += k;
	}
	t->blen = (size_t)off + have;
	if (have == 0)
		*fault = 1;
	*trunc = 1;
	return have;
}

static rn_capture *new_cap(rn_thr *t, const rn_cap_req *q, int phase)
{
	if (t->ncap >= RN_REC_MAXCAP) {
		t->cap_lost = 1;
		return NULL;
	}
	rn_capture *c = &t->caps[t->ncap];
	memset(c, 0, sizeof(*c));
	c->addr = q->addr;
	c->kind = q->kind;
	c->arg = q->arg;
	c->flags = (uint16_t)(q->flags | (phase ? RN_CAPF_EXIT : 0));
	t->capoff[t->ncap] = (uint32_t)t->blen;
	return c;
}

static void finish_cap(rn_thr *t, rn_capture *c, size_t len, size_t orig, int trunc, int fault)
{
	c->len = (uint32_t)len;
	c->orig_len = (uint32_t)orig;
	if (trunc)
		c->flags |= RN_CAPF_TRUNCATED;
	if (fault) {
		c->flags |= RN_CAPF_UNREADABLE;
		c->len = 0;
	}
	t->ncap++;
}

/* Counts the pointers of a NULL-terminated array (envp) without reading
 * what they point to, a page at a time. Sets *fault when nothing was
 * readable. */
/* A pointer of w bytes (4: an ia32 call's array, RN_CAPF_W32) at p. */
static uint64_t ld_ptr(const uint8_t *p, size_t w)
{
	uint64_t v = 0;
	memcpy(&v, p, w);
	return v;
}

static uint32_t count_ptrs(pid_t tid, uint64_t addr, size_t w, int *fault)
{
	uint8_t p[PAGE];
	uint32_t n = 0;
	while (n < ENVP_MAX) {
		size_t want = page_left(addr) & ~(w - 1);
		if (want == 0)
			want = w;
		size_t k = rn_mem_read(tid, addr, p, want) / w;
		for (size_t i = 0; i < k; i++, n++)
			if (!ld_ptr(p + i * w, w))
				return n;
		if (k * w < want) {
			*fault = n == 0;
			return n;
		}
		addr += want;
	}
	return n;
}

/* Reads an array of NUL-terminated strings (argv) joined by NUL; count 0
 * (envp): only the strings' number, in orig_len. */
static void read_argv(rn_thr *t, rn_capture *c, uint64_t addr, uint32_t count, size_t w)
{
	if (count == 0) {
		int fault = 0;
		uint32_t nv = count_ptrs(t->tid, addr, w, &fault);
		finish_cap(t, c, 0, nv, 0, fault);
		return;
	}
	size_t n = 0, start = t->blen;
	int trunc = 0, fault = 0;
	for (; n < count; n++) {
		uint64_t p = 0;
		if (rn_mem_read(t->tid, addr + n * w, &p, w) != w) {
			fault = n == 0;
			break;
		}
		if (!p)
			break;
		long off = rn_thr_reserve(t, 0);
		if (off < 0)
			break;
		size_t first = min_sz(page_left(p), ARGV_STRMAX);
		if (rn_thr_reserve(t, first) < 0)
			break;
		size_t k = rn_mem_read(t->tid, p, t->buf + off, first);
		int tr = 0, fl = 0;
		read_string_rest(t, off, k, p, ARGV_STRMAX, &tr, &fl);
		if (t->blen == (size_t)off || t->buf[t->blen - 1] != 0) {
			if (rn_thr_reserve(t, 1) < 0)
				break;
			t->buf[t->blen - 1] = 0;
		}
		trunc |= tr;
	}
	if (n == count && count) {
		uint64_t p = 0;
		if (rn_mem_read(t->tid, addr + n * w, &p, w) == w && p)
			trunc = 1;
	}
	size_t len = t->blen - start;
	if (len)
		len--; /* joined: no NUL after the last string */
	finish_cap(t, c, len, len, trunc, fault);
}

/* Reads the buffers an iovec array points to, up to max bytes in total. */
static void read_iovec(rn_thr *t, rn_capture *c, uint64_t addr, uint32_t count, size_t max,
                       int no_data)
{
	struct iovec iv[64];
	size_t niv = min_sz(count, 64), total = 0, got = 0;
	size_t k;
	if (c->flags & RN_CAPF_W32) { /* an ia32 call's {u32 base, u32 len} */
		uint32_t v[128] = {0};
		k = rn_mem_read(t->tid, addr, v, niv * 8) * 2;
		for (size_t i = 0; i < niv; i++) {
			iv[i].iov_base = (void *)(uintptr_t)v[2 * i];
			iv[i].iov_len = v[2 * i + 1];
		}
	} else
		k = rn_mem_read(t->tid, addr, iv, niv * sizeof(iv[0]));
	if (k != niv * sizeof(iv[0]) || niv == 0) {
		finish_cap(t, c, 0, 0, 0, niv != 0);
		return;
	}
	for (size_t i = 0; i < niv; i++)
		total += iv[i].iov_len;
	size_t want = no_data ? 0 : min_sz(total, max);
	long off = rn_thr_reserve(t, want);
	if (off < 0) {
		finish_cap(t, c, 0, total, 1, 0);
		return;
	}
	struct iovec loc[64], rem[64];
	size_t n = 0, left = want;
	for (size_t i = 0; i < niv && left; i++) {
		size_t take = min_sz(iv[i].iov_len, left);
		if (!take)
			continue;
		loc[n].iov_base = t->buf + off + (want - left);
		loc[n].iov_len = take;
		rem[n] = iv[i];
		rem[n].iov_len = take;
		n++;
		left -= take;
	}
	if (n) {
		ssize_t r = process_vm_readv(t->tid, loc, n, rem, n, 0);
		got = r > 0 ? (size_t)r : 0;
	}
	t->blen = (size_t)off + got;
	finish_cap(t, c, got, total, got < total, want && !got);
}

/* One direct read of len bytes at addr as a capture of the request's arg
 * and phase. Returns the capture's data (valid until the next reserve), or
 * NULL when it faulted or no capture was left. */
static const uint8_t *read_sub(rn_thr *t, const rn_cap_req *q, int phase, int kind, uint64_t addr,
                               size_t len)
{
	rn_cap_req r = *q;
	r.kind = (uint8_t)kind;
	r.addr = addr;
	rn_capture *c = new_cap(t, &r, phase);
	if (!c)
		return NULL;
	long off = rn_thr_reserve(t, len);
	if (off < 0) {
		finish_cap(t, c, 0, 0, 0, 1);
		return NULL;
	}
	size_t k = rn_mem_read(t->tid, addr, t->buf + off, len);
	t->capoff[t->ncap] = (uint32_t)off;
	t->blen = (size_t)off + k;
	finish_cap(t, c, k, len, 0, k < len);
	return k == len ? t->buf + off : NULL;
}

/* Follows a struct msghdr (RN_PLAN_MSGHDR, layout of LP64 Linux): the
 * header, msg_name, the iovecs and their buffers, msg_control. */
static void read_msghdr(rn_thr *t, const rn_cap_req *q, int phase, const rn_rec_opts *o)
{
	const uint8_t *p = read_sub(t, q, phase, RN_CAP_STRUCT, q->addr, 56);
	if (!p)
		return;
	uint64_t name, iov, iovlen, ctl, ctllen;
	uint32_t namelen;
	memcpy(&name, p, 8);
	memcpy(&namelen, p + 8, 4);
	memcpy(&iov, p + 16, 8);
	memcpy(&iovlen, p + 24, 8);
	memcpy(&ctl, p + 32, 8);
	memcpy(&ctllen, p + 40, 8);
	if (name && namelen)
		read_sub(t, q, phase, RN_CAP_STRUCT, name, min_sz(namelen, 128));
	if (iov && iovlen) {
		size_t n = min_sz(iovlen, 1024);
		read_sub(t, q, phase, RN_CAP_ARRAY, iov, n * 16);
		rn_cap_req r = *q;
		r.kind = RN_CAP_IOVEC;
		r.addr = iov;
		rn_capture *c = new_cap(t, &r, phase);
		if (c) {
			t->capoff[t->ncap] = (uint32_t)t->blen;
			read_iovec(t, c, iov, (uint32_t)n, min_sz(o->strsize, q->orig_len),
			           o->no_data);
		}
	}
	if (ctl && ctllen)
		read_sub(t, q, phase, RN_CAP_ARRAY, ctl, min_sz(ctllen, 4096));
}

/* Follows a struct mmsghdr vector (RN_PLAN_MMSGHDR): the elements (at most
 * 1024), then each element's msghdr while captures are left (those
 * that do not fit are reported: cap_lost). */
static void read_mmsghdr(rn_thr *t, const rn_cap_req *q, int phase, const rn_rec_opts *o)
{
	enum { ELEM = 64, MAXEL = 1024 };
	size_t n = min_sz(q->count, MAXEL); /* -v shows them all */
	const uint8_t *p = read_sub(t, q, phase, RN_CAP_ARRAY, q->addr, n * ELEM);
	if (!p)
		return;
	uint32_t msg_len[MAXEL]; /* p moves with the next reserve */
	for (size_t k = 0; k < n; k++)
		memcpy(&msg_len[k], p + ELEM * k + 56, 4);
	for (size_t k = 0; k < n; k++) {
		if (t->ncap + 5 > RN_REC_MAXCAP) { /* a msghdr takes up to 5 */
			t->cap_lost = 1;
			return;
		}
		rn_cap_req r = *q;
		r.kind = RN_PLAN_MSGHDR;
		r.addr = q->addr + ELEM * k;
		r.orig_len = q->orig_len ? msg_len[k] : UINT32_MAX;
		read_msghdr(t, &r, phase, o);
	}
}

/* The /proc link text of a descriptor the call created (RN_CAPF_FDLINK):
 * "pipe:[INODE]", "socket:[INODE]". Only at the exit of the few calls that
 * create pipes and sockets, never on a hot path. */
static void read_fdlink(rn_thr *t, rn_capture *c, const rn_cap_req *q, int64_t ret)
{
	int32_t fd = (int32_t)ret;
	if (q->addr && rn_mem_read(t->tid, q->addr + 4 * (uint64_t)q->count, &fd, 4) != 4) {
		finish_cap(t, c, 0, 0, 0, 1);
		return;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)t->tid, (int)fd);
	long off = rn_thr_reserve(t, RN_FDLINK_MAX);
	if (off < 0) {
		finish_cap(t, c, 0, 0, 0, 1);
		return;
	}
	ssize_t k = readlink(path, (char *)t->buf + off, RN_FDLINK_MAX);
	size_t n = k > 0 ? (size_t)k : 0;
	t->capoff[t->ncap] = (uint32_t)off;
	t->blen = (size_t)off + n;
	finish_cap(t, c, n, n, 0, n == 0);
}

void rn_mem_capture(rn_thr *t, int phase, int64_t ret, const rn_rec_opts *o)
{
	if (!arch)
		arch = rn_arch_native();
	rn_cap_req q[MAXREQ];
	/* an ia32 call carrying its arguments in memory: its words, then a
	 * second round for what they point to */
	int again = phase == 0 && rn_rec_args32_pending(t);
	/* The plan gets no -s limit: it returns full lengths, cut here so that
	 * orig_len tells how much the program really passed. */
	int n = rn_rec_plan(arch, t, ret, phase, PLAN_NOLIMIT, q, MAXREQ);
	if (n <= 0)
		return;
	/* Pass 1: the direct reads, one batch. */
	struct iovec loc[MAXREQ], rem[MAXREQ];
	size_t want[MAXREQ], orig[MAXREQ];
	int nio = 0, idx[MAXREQ];
	size_t total = 0;
	for (int i = 0; i < n; i++) {
		size_t w = 0, og = q[i].len;
		switch (q[i].kind) {
		case RN_CAP_STRING:
			if (q[i].flags & RN_CAPF_FDLINK)
				break; /* not memory: read in pass 2 */
			if (q[i].len > STRING_MAX)
				q[i].len = STRING_MAX > o->strsize ? STRING_MAX : o->strsize;
			w = min_sz(q[i].len, page_left(q[i].addr));
			break;
		case RN_CAP_BUFFER:
			w = o->no_data ? 0 : min_sz(q[i].len, o->strsize);
			break;
		case RN_CAP_STRUCT:
		case RN_CAP_ARRAY:
			w = min_sz(q[i].len, ARRAY_MAX);
			break;
		default:
			break;
		}
		want[i] = w;
		orig[i] = og;
		total += w;
	}
	if (n == MAXREQ)
		t->cap_lost = 1; /* the plan may have had more */
	long base = rn_thr_reserve(t, total);
	if (base < 0) {
		t->cap_lost = 1;
		return;
	}
	t->blen = (size_t)base;
	long offs[MAXREQ];
	size_t o2 = (size_t)base;
	for (int i = 0; i < n; i++) {
		offs[i] = (long)o2;
		if (want[i] && q[i].addr) {
			loc[nio].iov_base = t->buf + o2;
			loc[nio].iov_len = want[i];
			rem[nio].iov_base = (void *)(uintptr_t)q[i].addr;
			rem[nio].iov_len = want[i];
			idx[nio++] = i;
		}
		o2 += want[i];
	}
	size_t got[MAXREQ] = {0};
	if (nio) {
		ssize_t r =
		    process_vm_readv(t->tid, loc, (unsigned long)nio, rem, (unsigned long)nio, 0);
		size_t left = r > 0 ? (size_t)r : 0;
		for (int j = 0; j < nio; j++) {
			size_t g = min_sz(left, loc[j].iov_len);
			got[idx[j]] = g;
			left -= g;
			if (g < loc[j].iov_len) {
				/* A fault stopped the batch: read the rest one by one. */
				for (int k = j + 1; k < nio; k++)
					got[idx[k]] = rn_mem_read(
					    t->tid, (uint64_t)(uintptr_t)rem[k].iov_base,
					    loc[k].iov_base, loc[k].iov_len);
				break;
			}
		}
	}
	/* Pass 2: captures in plan order; strings and indirect reads finish here.
	 * Direct data sits at offs[i]; later reads append after o2. */
	t->blen = o2;
	for (int i = 0; i < n; i++) {
		rn_capture *c = new_cap(t, &q[i], phase);
		if (!c)
			break;
		t->capoff[t->ncap] = (uint32_t)offs[i];
		switch (q[i].kind) {
		case RN_CAP_STRING: {
			if (q[i].flags & RN_CAPF_FDLINK) {
				read_fdlink(t, c, &q[i], ret);
				break;
			}
			if (!q[i].addr) {
				finish_cap(t, c, 0, 0, 0, 1);
				break;
			}
			int trunc = 0, fault = 0;
			if (got[i] == want[i] && memchr(t->buf + offs[i], 0, got[i])) {
				size_t l = strlen((char *)t->buf + offs[i]);
				finish_cap(t, c, l, l, 0, 0);
				break;
			}
			/* Continues past the page: copy to the end, then read on. */
			long off = rn_thr_reserve(t, got[i]);
			if (off < 0) {
				finish_cap(t, c, 0, 0, 0, 1);
				break;
			}
			memmove(t->buf + off, t->buf + offs[i], got[i]);
			t->capoff[t->ncap] = (uint32_t)off;
			size_t l =
			    read_string_rest(t, off, got[i], q[i].addr, q[i].len, &trunc, &fault);
			finish_cap(t, c, l, l, trunc, fault);
			break;
		}
		case RN_CAP_BUFFER:
			finish_cap(t, c, got[i], orig[i], got[i] < orig[i] && (got[i] == want[i]),
			           want[i] && got[i] == 0);
			break;
		case RN_CAP_STRUCT:
		case RN_CAP_ARRAY:
			finish_cap(t, c, got[i], orig[i], got[i] < orig[i] && got[i] == want[i],
			           got[i] < want[i]);
			break;
		case RN_CAP_ARGV:
			t->capoff[t->ncap] = (uint32_t)t->blen;
			read_argv(t, c, q[i].addr, q[i].count, q[i].flags & RN_CAPF_W32 ? 4 : 8);
			break;
		case RN_CAP_IOVEC:
			t->capoff[t->ncap] = (uint32_t)t->blen;
			read_iovec(t, c, q[i].addr, q[i].count, min_sz(q[i].len, o->strsize),
			           o->no_data);
			break;
		case RN_PLAN_MSGHDR:
			read_msghdr(t, &q[i], phase, o);
			break;
		case RN_PLAN_MMSGHDR:
			read_mmsghdr(t, &q[i], phase, o);
			break;
		default:
			finish_cap(t, c, 0, 0, 0, 1);
			break;
		}
	}
	if (again && t->ncap > 0)
		rn_mem_capture(t, 0, ret, o);
}

void rn_mem_stack(rn_thr *t, uint32_t bytes)
{
	if (t->ncap + 2 > RN_REC_MAXCAP) {
		t->cap_lost = 1;
		return;
	}
	/* Registers, raw as the kernel's NT_PRSTATUS regset. */
#if defined(__x86_64__)
	size_t rsz = 216;
#else
	size_t rsz = 272; /* struct user_pt_regs: 31 regs, sp, pc, pstate */
#endif
	long off = rn_thr_reserve(t, rsz + bytes);
	if (off < 0) {
		t->cap_lost = 1;
		return;
	}
	struct iovec io = {t->buf + off, rsz};
	rn_capture *c = &t->caps[t->ncap];
	memset(c, 0, sizeof(*c));
	c->kind = RN_CAP_REGS;
	c->arg = RN_CAP_NOARG;
	t->capoff[t->ncap] = (uint32_t)off;
	if (ptrace(PTRACE_GETREGSET, t->tid, (void *)NT_PRSTATUS, &io) == 0) {
		c->len = (uint32_t)io.iov_len;
		c->orig_len = (uint32_t)io.iov_len;
	} else {
		c->flags = RN_CAPF_UNREADABLE;
	}
	t->ncap++;
	/* Stack from SP upwards, page-bounded pieces so a short stack reads to its end. */
	uint8_t *dst = t->buf + off + rsz;
	struct iovec loc[20], rem[20];
	size_t n = 0, done = 0;
	while (done < bytes && n < 20) {
		uint64_t a = t->sp + done;
		size_t k = min_sz(page_left(a), bytes - done);
		loc[n].iov_base = dst + done;
		loc[n].iov_len = k;
		rem[n].iov_base = (void *)(uintptr_t)a;
		rem[n].iov_len = k;
		n++;
		done += k;
	}
	ssize_t r = process_vm_readv(t->tid, loc, n, rem, n, 0);
	size_t got = r > 0 ? (size_t)r : 0;
	c = &t->caps[t->ncap];
	memset(c, 0, sizeof(*c));
	c->kind = RN_CAP_STACK;
	c->arg = RN_CAP_NOARG;
	c->addr = t->sp;
	c->len = (uint32_t)got;
	c->orig_len = bytes;
	if (got < bytes)
		c->flags = got ? RN_CAPF_TRUNCATED : RN_CAPF_UNREADABLE;
	t->capoff[t->ncap] = (uint32_t)(off + (long)rsz);
	t->ncap++;
	t->blen = (size_t)off + rsz + got;
	t->sc_flags |= RN_SC_HAS_STACK;
}

/* Appends the string at addr to t->exec (with its NUL). */
static int exec_add(rn_thr *t, uint64_t addr)
{
	size_t need = t->exec_len + ARGV_STRMAX + 1;
	if (need > t->exec_cap) {
		size_t c = t->exec_cap ? t->exec_cap : 8192;
		while (c < need)
			c *= 2;
		uint8_t *p = realloc(t->exec, c);
		if (!p)
			return -1;
		t->exec = p;
		t->exec_cap = c;
	}
	uint8_t *d = t->exec + t->exec_len;
	size_t have = 0;
	while (have < ARGV_STRMAX) {
		size_t want = min_sz(page_left(addr + have), ARGV_STRMAX - have);
		size_t k = rn_mem_read(t->tid, addr + have, d + have, want);
		if (!k)
			break;
		const uint8_t *z = memchr(d + have, 0, k);
		if (z) {
			have = (size_t)(z - d);
			break;
		}
		have += k;
	}
	d[have] = 0;
	t->exec_len += have + 1;
	return 0;
}

void rn_mem_exec_args(rn_thr *t, uint64_t path, uint64_t argv, size_t w)
{
	t->exec_len = 0;
	if (exec_add(t, path) < 0)
		return;
	for (int i = 0; argv && i < 4096 && t->exec_len < (1u << 20); i++) {
		uint64_t p = 0;
		if (rn_mem_read(t->tid, argv + (uint64_t)i * w, &p, w) != w || !p)
			break;
		if (exec_add(t, p) < 0)
			break;
	}
	if (t->exec_len)
		t->exec_len--; /* joined: no NUL after the last string */
}
