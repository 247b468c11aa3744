/* rn_decode_ia32.c: what rn-replay prints differently for an ia32 call
 * (Syscall.flags RN_SC_COMPAT): its structs, captured in their ia32
 * layout, are widened field by field into the x86_64 layout
 * (data/structs_ia32.def) for the common printers; mmap2's page offset;
 * 64-bit offsets in two registers (pread64's, _llseek's); old mmap, old
 * select and socketcall shown as the call they carry in memory
 * (data/args32_ia32.def), as strace shows them. */
#include "rn_decode_int.h"

struct field {
	uint8_t st;
	uint16_t from, n;
	char how;
	uint16_t to, w;
};

static const struct field fields[] = {
#define Z(type, size)
#define F(t, o, n, h, d, w) {RN_ST_##t, o, n, #h[0], d, w},
#include "data/structs_ia32.def"
#undef Z
#undef F
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

uint32_t rn_dec_struct_size(const rn_decode_opts *o, const rn_syscall *sc, int st)
{
	return rn_struct_size(rn_sc_abi(o->arch, sc), st);
}

uint32_t rn_dec_widen(const rn_decode_opts *o, int st, const uint8_t *p, size_t len, uint8_t *wide,
                      size_t room)
{
	uint32_t wlen = rn_struct_size(o->arch, st);
	if (st == RN_ST_SIGSET) /* a size argument gives it: the same in both */
		wlen = (uint32_t)len;
	if (wlen > room)
		return 0;
	memset(wide, 0, room);
	for (size_t k = 0; k < NELEM(fields); k++) {
		const struct field *f = &fields[k];
		if (f->st != st || f->from + f->n > len || f->to + f->w > wlen)
			continue;
		if (f->how == 'C') {
			memcpy(wide + f->to, p + f->from, f->n < f->w ? f->n : f->w);
			continue;
		}
		uint64_t v = f->n == 8 ? rn_ld64(p + f->from) : rn_ld32(p + f->from);
		if (f->how == 'S')
			v = (uint64_t)(int64_t)(int32_t)v;
		else if (f->how == 'R' && v == UINT32_MAX)
			v = UINT64_MAX;
		memcpy(wide + f->to, &v, f->w < 8 ? f->w : 8);
	}
	return wlen;
}

void rn_put_struct_sc(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int st,
                      const uint8_t *p, size_t len)
{
	if (rn_sc_abi(o->arch, sc) != RN_ABI_IA32) {
		rn_put_struct(sb, o, st, p, len);
		return;
	}
	uint8_t wide[512];
	uint32_t wlen = rn_dec_widen(o, st, p, len, wide, sizeof(wide));
	if (!wlen)
		return;
	if (st == RN_ST_CLONE_ARGS) { /* clone3's tls: the user_desc read through it */
		const rn_capture *c = NULL;
		for (uint16_t k = 0; k < sc->ncap && !c; k++)
			if ((sc->caps[k].flags & RN_CAPF_ARGS32) &&
			    sc->caps[k].kind == RN_CAP_STRUCT &&
			    !(sc->caps[k].flags & (RN_CAPF_EXIT | RN_CAPF_UNREADABLE)) &&
			    sc->caps[k].len >= 16)
				c = &sc->caps[k];
		rn_put_clone_args(sb, o, wide, c ? c->data : NULL);
		return;
	}
	/* strace names a 32-bit rlimit's all ones RLIM_INFINITY; statfs64
	 * widens into x86_64's struct statfs */
	rn_put_struct(sb, o,
	              st == RN_ST_RLIMIT     ? RN_ST_RLIMIT32
	              : st == RN_ST_STATFS64 ? RN_ST_STATFS
	                                     : st,
	              wide, wlen);
}

const rn_syscall *rn_dec_view(const rn_decode_opts *o, const rn_syscall *sc, rn_syscall *tmp)
{
	if (!(sc->flags & RN_SC_COMPAT) || o->arch != RN_ARCH_X86_64 || (sc->flags & RN_SC_X32))
		return sc; /* (x32: 64-bit registers, nothing captured) */
	*tmp = *sc;
	for (int i = 0; i < 6; i++) /* the i386 ABI's registers hold 32 bits */
		tmp->args[i] = (uint32_t)sc->args[i];
	/* old mmap, old select, socketcall(SYS_CONNECT, args): the call they
	 * carry, with the arguments their words hold (the first capture, as
	 * the recorders plan it) and the captures made on them */
	rn_args32 a;
	if (!rn_catalog_args32(sc->nr, tmp->args, &a) || a.carried < 0 || a.st)
		return tmp; /* (PTRIN, clone3: the call itself) */
	/* ipc's calls take registers, and words only for some (semctl,
	 * msgrcv's ipc_kludge) */
	uint64_t words[6] = {0}, view[6];
	const rn_capture *c = sc->ncap ? &sc->caps[0] : NULL;
	if (a.words) {
		if (!c || c->kind != RN_CAP_STRUCT || c->arg != a.reg ||
		    (c->flags & (RN_CAPF_EXIT | RN_CAPF_UNREADABLE | RN_CAPF_ARGS32)) ||
		    c->len < 4u * a.words)
			return tmp;
		for (int i = 0; i < a.words && i < 6; i++)
			words[i] = rn_ld32(c->data + 4 * i);
	}
	rn_catalog_args32_view(&a, tmp->args, words, view);
	if (a.ret && !rn_sc_failed(sc)) /* shmat's result: the word at register a.ret */
		for (uint16_t k = 0; k < sc->ncap; k++)
			if (sc->caps[k].arg == a.ret && sc->caps[k].kind == RN_CAP_STRUCT &&
			    (sc->caps[k].flags & (RN_CAPF_EXIT | RN_CAPF_ARGS32 |
			                          RN_CAPF_UNREADABLE)) == RN_CAPF_EXIT &&
			    sc->caps[k].len >= 4)
				tmp->ret = rn_ld32(sc->caps[k].data);
	memcpy(tmp->args, view, sizeof(view));
	tmp->nr = (uint16_t)a.carried;
	tmp->flags |= RN_SC_VIEW_ARGS32;
	if (a.words) {
		tmp->caps = sc->caps + 1;
		tmp->ncap = (uint16_t)(sc->ncap - 1);
	}
	return tmp;
}

int rn_dec_ia32_unread(const rn_syscall *sc)
{
	rn_args32 a;
	return (sc->flags & RN_SC_COMPAT) && !(sc->flags & (RN_SC_VIEW_ARGS32 | RN_SC_X32)) &&
	       rn_catalog_args32(sc->nr, sc->args, &a) && a.carried == sc->nr && !a.st;
}

int rn_dec_ia32_skip(const rn_sysent *e, const rn_syscall *sc, int i)
{
	if (!e || !(sc->flags & RN_SC_COMPAT))
		return 0;
	return RN_ARG_KIND(e->args[i]) == RN_A_LLHI || (i == 2 && rn_dec_is(e, "_llseek"));
}

/* The 64-bit value of two registers. */
static int64_t pair(uint64_t hi, uint64_t lo)
{
	return (int64_t)((uint64_t)(uint32_t)hi << 32 | (uint32_t)lo);
}

int rn_dec_ia32_arg(rn_sb *sb, const rn_sysent *e, const rn_syscall *sc, int i)
{
	if (!(sc->flags & RN_SC_COMPAT))
		return 0;
	if (i == 0 && rn_dec_ia32_unread(sc)) {
		rn_put_ptr(sb, sc->args[0]);
		return 1;
	}
	if (i == 1 && rn_dec_is(e, "_llseek")) { /* offset_high, offset_low: one loff_t */
		rn_put_sdec(sb, pair(sc->args[1], sc->args[2]));
		return 1;
	}
	if (i < 5 && RN_ARG_KIND(e->args[i]) == RN_A_LL) { /* low, then high */
		rn_put_sdec(sb, pair(sc->args[i + 1], sc->args[i]));
		return 1;
	}
	return 0;
}

void rn_dec_ia32_ret(rn_sb *sb, const rn_sysent *e, const rn_syscall *sc)
{
	if (!rn_dec_is(e, "set_thread_area") || rn_sc_failed(sc))
		return;
	const rn_capture *in = rn_decode_cap(sc, 0, RN_CAP_STRUCT, 0);
	const rn_capture *out = rn_decode_cap(sc, 0, RN_CAP_STRUCT, 1);
	if (in && out && in->len >= 4 && out->len >= 4 && rn_ld32(in->data) == UINT32_MAX)
		rn_sb_printf(sb, " (entry_number=%d)", (int32_t)rn_ld32(out->data));
}
