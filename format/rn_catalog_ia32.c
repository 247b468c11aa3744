/* rn_catalog_ia32.c: the catalog of ia32 calls (RN_ABI_IA32: int $0x80, or
 * any call of a 32-bit x86 program on x86_64), built once from the
 * declared tables: data/syscalls_ia32.def's rows, else the x86_64 row of
 * the same name (of the name without _time64 or 64 for the time64 calls)
 * read through the i386 ABI: longs and pointers are 32 bits, a struct
 * takes its ia32 size from data/structs_ia32.def or becomes an address
 * when it has none there, and the time64 calls keep 64-bit time structs.
 * Also the calls whose arguments are 32-bit words in memory
 * (data/args32_ia32.def: old mmap, old select, socketcall; ipc's from
 * registers and words) and the call each carries. */
#include "rn_catalog_defs.h"

#include <pthread.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const rn_sysent own[] = {
#include "data/syscalls_ia32.def"
};

static const uint16_t sizes[RN_ST_MAX] = {
#define Z(type, size)       [RN_ST_##type] = size,
#define F(t, o, n, h, d, w) /* the fields: rn_decode_ia32.c */
#include "data/structs_ia32.def"
#undef Z
#undef F
};

static const struct mem {
	const char *name;
	uint8_t reg, words, sub, off, st; /* st: a PTRIN row's struct, else 0 */
} mems[] = {
#define MEM(n, r, w, s)   {#n, r, w, s, 0, 0},
#define PTRIN(n, r, o, t) {#n, r, 1, 0, o, RN_ST_##t},
#define SUB(v, n)
#define IPC(v, ver, n, r, w, ret, a0, a1, a2, a3, a4)
#include "data/args32_ia32.def"
#undef MEM
#undef SUB
#undef PTRIN
#undef IPC
};

static const struct sub {
	uint32_t val;
	const char *name;
} subs[] = {
#define MEM(n, r, w, s)
#define PTRIN(n, r, o, t)
#define SUB(v, n) {v, #n},
#define IPC(v, ver, n, r, w, ret, a0, a1, a2, a3, a4)
#include "data/args32_ia32.def"
#undef MEM
#undef SUB
#undef PTRIN
#undef IPC
};

/* ipc's calls: an argument's source is register R1..R5 or word W0, W1
 * (rn_args32.src); the version column */
enum { R1 = 1, R2, R3, R4, R5, W0 = 6, W1 };
enum { V0, V1, ANY };
static const struct ipc {
	uint16_t val;
	uint8_t ver, reg, words, ret, src[5];
	const char *name;
} ipcs[] = {
#define MEM(n, r, w, s)
#define PTRIN(n, r, o, t)
#define SUB(v, n)
#define IPC(v, ver, n, r, w, ret, a0, a1, a2, a3, a4) {v, ver, r, w, ret, {a0, a1, a2, a3, a4}, #n},
#include "data/args32_ia32.def"
#undef MEM
#undef SUB
#undef PTRIN
#undef IPC
};

static rn_sysent ents[600];
static uint8_t mem_of[RN_NR_MAX];  /* nr -> index + 1 into mems */
static int sub_nr[32];             /* SUB value -> carried call number, or -1 */
static int ipc_nr[NELEM(ipcs)];    /* IPC row -> carried call number, or -1 */
static uint16_t ent_of[RN_NR_MAX]; /* nr -> index + 1 into ents */
static pthread_once_t once = PTHREAD_ONCE_INIT;

uint32_t rn_catalog_ia32_size(int st)
{
	return st > 0 && st < RN_ST_MAX ? sizes[st] : 0;
}

static int time64_of(int st)
{
	switch (st) {
	case RN_ST_TIMESPEC:
		return RN_ST_TIMESPEC64;
	case RN_ST_TIMESPEC2:
		return RN_ST_TIMESPEC2_64;
	case RN_ST_ITIMERSPEC:
		return RN_ST_ITIMERSPEC64;
	default:
		return st;
	}
}

/* An x86_64 argument as the i386 ABI passes it. */
static rn_argspec narrow(rn_argspec s, int time64)
{
	unsigned len = RN_ARG_LEN(s), x = RN_ARG_X(s);
	switch (RN_ARG_KIND(s)) {
	case RN_A_LONG:
		return RN_ARG(RN_A_INT, 0, 0);
	case RN_A_ULONG:
		return RN_ARG(RN_A_UINT, 0, 0);
	case RN_A_HEXL:
		return RN_ARG(RN_A_HEX, 0, 0);
	case RN_A_FLAGS:
	case RN_A_ENUM:
		return RN_ARG(RN_ARG_KIND(s), len == RN_W64 ? 0 : len, x);
	case RN_A_STRUCT_IN:
	case RN_A_STRUCT_OUT:
	case RN_A_STRUCT_INOUT:
	case RN_A_STRUCT_REM:
	case RN_A_INTPTR_OUT: {
		int st = time64 ? time64_of((int)x) : (int)x;
		if (!rn_catalog_ia32_size(st))
			return PTR;
		return RN_ARG(RN_ARG_KIND(s), len, st);
	}
	/* layouts with longs or pointers inside that are not followed in
	 * the ia32 ABI: the address only */
	case RN_A_MSGHDR_IN:
	case RN_A_MSGHDR_OUT:
	case RN_A_MMSGHDR_IN:
	case RN_A_MMSGHDR_OUT:
		return PTR;
	/* msgbuf's mtype is a long: 4 bytes (rn_catalog_plan, rn_put_msgbuf) */
	default:
		return s;
	}
}

/* The x86_64 name an ia32 name stands for: clock_gettime64 and
 * futex_time64 are clock_gettime and futex with 64-bit times. */
static int base_name(const char *name, char *buf, size_t n)
{
	size_t l = strlen(name);
	if (l >= n)
		return 0;
	memcpy(buf, name, l + 1);
	if (l > 7 && strcmp(name + l - 7, "_time64") == 0) {
		buf[l - 7] = 0;
		return 1;
	}
	if (strncmp(name, "clock_", 6) == 0 && l > 2 && strcmp(name + l - 2, "64") == 0) {
		buf[l - 2] = 0;
		return 1;
	}
	return 0;
}

/* A carried call's number: its i386 one, else RN_NR_MAX + its row in
 * syscalls_ia32.def (send, recv, semop...), else -1. */
static int carried_nr(const char *name)
{
	int nr = rn_syscall_lookup(RN_ABI_IA32, name);
	for (size_t j = 0; j < NELEM(own) && nr < 0; j++)
		if (strcmp(own[j].name, name) == 0)
			nr = RN_NR_MAX + (int)j; /* a row with no i386 number */
	return nr;
}

static void build(void)
{
	size_t n = 0;
	uint32_t nr;
	const char *name;
	for (size_t i = 0; (name = rn_syscall_at(RN_ABI_IA32, i, &nr)) && n < NELEM(ents); i++) {
		if (nr >= RN_NR_MAX)
			continue;
		const rn_sysent *e = NULL;
		for (size_t k = 0; k < NELEM(own) && !e; k++)
			if (strcmp(own[k].name, name) == 0)
				e = &own[k];
		if (e) {
			ents[n] = *e;
		} else {
			char base[64];
			int time64 = base_name(name, base, sizeof(base));
			int x = rn_syscall_lookup(RN_ARCH_X86_64, base);
			const rn_sysent *xe =
			    x >= 0 ? rn_syscall_ent(RN_ARCH_X86_64, (uint32_t)x) : NULL;
			if (!xe)
				continue;
			ents[n] = *xe;
			ents[n].name = name;
			for (int a = 0; a < 6; a++)
				ents[n].args[a] = narrow(xe->args[a], time64);
		}
		ent_of[nr] = (uint16_t)(++n);
	}
	for (size_t k = 0; k < NELEM(mems); k++) {
		int nr = rn_syscall_lookup(RN_ABI_IA32, mems[k].name);
		if (nr >= 0 && nr < RN_NR_MAX)
			mem_of[nr] = (uint8_t)(k + 1);
	}
	for (size_t v = 0; v < NELEM(sub_nr); v++)
		sub_nr[v] = -1;
	for (size_t k = 0; k < NELEM(subs); k++) {
		int nr = carried_nr(subs[k].name);
		if (subs[k].val < NELEM(sub_nr))
			sub_nr[subs[k].val] = nr;
	}
	for (size_t k = 0; k < NELEM(ipcs); k++)
		ipc_nr[k] = carried_nr(ipcs[k].name);
}

const rn_sysent *rn_catalog_ia32_ent(uint32_t nr)
{
	if (nr >= RN_NR_MAX)
		return NULL;
	pthread_once(&once, build);
	return ent_of[nr] ? &ents[ent_of[nr] - 1] : NULL;
}

const rn_sysent *rn_catalog_args32_ent(uint32_t c)
{
	if (c < RN_NR_MAX)
		return rn_catalog_ia32_ent(c);
	return c - RN_NR_MAX < NELEM(own) ? &own[c - RN_NR_MAX] : NULL;
}

/* ipc's call v (its version in the high 16 bits): the IPC row's sources. */
static int ipc_of(uint32_t v, rn_args32 *a)
{
	uint32_t ver = v >> 16;
	a->carried = -1;
	a->words = 0;
	for (size_t k = 0; k < NELEM(ipcs); k++) {
		const struct ipc *r = &ipcs[k];
		if (r->val != (v & 0xffff) || (r->ver == V0 && ver) || (r->ver == V1 && !ver))
			continue;
		if (ipc_nr[k] < 0 || !rn_catalog_args32_ent((uint32_t)ipc_nr[k]))
			break;
		a->carried = ipc_nr[k];
		a->reg = r->reg;
		a->words = r->words;
		a->ret = r->ret;
		for (int i = 0; i < 5; i++)
			a->src[i] = r->src[i];
		a->src[5] = 0;
		break;
	}
	return 1;
}

void rn_catalog_args32_view(const rn_args32 *a, const uint64_t regs[6], const uint64_t words[6],
                            uint64_t out[6])
{
	for (int k = 0; k < 6; k++)
		out[k] = a->src[k] < 6 ? (uint32_t)regs[a->src[k]] : words[(a->src[k] - 6) % 6];
}

const char *rn_catalog_ia32_shown(uint32_t nr, const uint64_t regs[6])
{
	rn_args32 a;
	uint64_t r[6];
	for (int k = 0; k < 6; k++)
		r[k] = (uint32_t)regs[k];
	const rn_sysent *e = rn_catalog_args32(nr, r, &a) && a.carried >= 0 && !a.st
	                         ? rn_catalog_args32_ent((uint32_t)a.carried)
	                         : NULL;
	return e ? e->name : rn_syscall_name(RN_ABI_IA32, nr);
}

int rn_catalog_args32(uint32_t nr, const uint64_t regs[6], rn_args32 *a)
{
	if (nr >= RN_NR_MAX)
		return 0;
	pthread_once(&once, build);
	if (!mem_of[nr])
		return 0;
	const struct mem *m = &mems[mem_of[nr] - 1];
	uint32_t v = (uint32_t)regs[0];
	a->reg = m->reg;
	a->off = m->off;
	a->st = m->st;
	a->ret = 0;
	for (int k = 0; k < 6; k++)
		a->src[k] = (uint8_t)(W0 + k);
	if (m->sub == 2)
		return ipc_of(v, a);
	a->carried = !m->sub ? (int)nr : v < NELEM(sub_nr) ? sub_nr[v] : -1;
	const rn_sysent *e = a->carried >= 0 ? rn_catalog_args32_ent((uint32_t)a->carried) : NULL;
	if (!e)
		a->carried = -1;
	a->words = m->words ? m->words : e ? e->nargs : 0;
	return 1;
}
