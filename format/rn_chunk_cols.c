/* rn_chunk_cols.c: syscalls and captures as LEB128 columns (format 2.x), see
 * rn_chunk_cols.h and docs/format.md §4.5. Each column is a byte vector of
 * unsigned LEB128 varints, one value per record (ret: per record whose ret is
 * not predicted). Signed differences are zigzag-coded. The predictions:
 *   entry     the 1.x entry_delta (entry minus the previous syscall's entry);
 *             3.x: in units of the clock resolution R, of the entry times
 *             rounded down (floor(entry / R) minus the previous one's; the
 *             first: minus floor(base_ns / R)); duration likewise
 *             floor(exit / R) - floor(entry / R)
 *   a0..a5,ip minus the same value of the last syscall with the same (tid, nr)
 *             in this chunk, found in a 1024-slot direct-mapped table; 3.x:
 *             a3..a5 minus those of the same thread's last syscall (any nr,
 *             a second table by tid): registers most calls do not use and
 *             that keep their value from one call to the next
 *   ret       omitted when it equals a2 (the size asked for): flags bit 16
 *   pid, tid  tid - pid; tid minus the previous syscall's tid
 *   cap addr  minus the argument it belongs to (arg 0..5), else minus 0
 *   cap gap   blob offset minus the end of the previous capture's bytes
 *   cap more  orig_len - len */
#include "rn_chunk_cols.h"
#include "rn_chunk.h"
#include "rn_chunk_dirents.h"
#include "rn_chunk_stat.h"
#include "rn_chunk_statx.h"
#include "rn_grow.h"
#include "rn_leb.h"

#include <stdlib.h>
#include <string.h>

/* SyscallColumns and CaptureColumns field ids (rn.fbs); 0 is the count. */
enum {
	SC_COUNT,
	SC_ENTRY,
	SC_DUR,
	SC_A0,
	SC_RET = SC_A0 + 6,
	SC_IP,
	SC_PID,
	SC_TID,
	SC_NR,
	SC_FLAGS,
	SC_NCAP,
	SC_N
};
enum { CP_COUNT, CP_ADDR, CP_GAP, CP_LEN, CP_MORE, CP_KIND, CP_ARG, CP_FLAGS, CP_FORM, CP_N };

/* Capture forms (CP_FORM): where a capture's bytes are. */
enum { FORM_BLOB = 0, FORM_DIRENTS = 1, FORM_STAT = 2 /* 3.x */, FORM_STATX = 3 /* 4.x */ };

/* The syscall columns RN_READ_SKIM reads, and the order the encoder lays the
 * columns out in: those first, so that a skimming reader decompresses as
 * little of the chunk as it can. */
#define SKIM_COLS                                                                                  \
	(1u << SC_ENTRY | 1u << SC_DUR | 1u << (SC_A0 + 2) | 1u << SC_RET | 1u << SC_PID |         \
	 1u << SC_TID | 1u << SC_NR | 1u << SC_FLAGS)
#define NSKIM 8 /* the first NSKIM of sc_order are SKIM_COLS */
static const uint8_t sc_order[SC_N - 1] = {SC_ENTRY,  SC_DUR,    SC_A0 + 2, SC_RET, SC_PID,
                                           SC_TID,    SC_NR,     SC_FLAGS,  SC_A0,  SC_A0 + 1,
                                           SC_A0 + 3, SC_A0 + 4, SC_A0 + 5, SC_IP,  SC_NCAP};

#define RET_IS_A2 (1u << 16) /* in the flags column: ret == a2, no ret value */
#define NSLOTS    1024
#define BLK       256 /* column values decoded at a time */

typedef struct pred {
	int32_t tid;
	uint32_t gen; /* the slot is empty unless gen is the current chunk's */
	uint16_t nr;
	uint64_t args[6];
	uint64_t ip;
} pred;

/* Encoding: the row of the last syscall of (tid, nr), or of tid. */
typedef struct epred {
	int32_t tid;
	uint32_t gen;
	uint16_t nr;
	const uint8_t *row;
} epred;

/* 3.x: a thread's last a3..a5. */
typedef struct tpred {
	int32_t tid;
	uint32_t gen;
	uint64_t args[3];
} tpred;

/* Skimming: a slot of the (tid, nr) table holding only a2 (the prediction
 * of ret), the same slots and hits as pred's, in a third of the memory. */
typedef struct apred {
	int32_t tid;
	uint32_t gen;
	uint16_t nr;
	uint64_t a2;
} apred;

struct rn_cols {
	pred slot[NSLOTS];
	tpred tslot[NSLOTS];
	epred eslot[NSLOTS], etslot[NSLOTS]; /* encoding */
	apred aslot[NSLOTS];                 /* decoding, skimming */
	uint32_t gen; /* bumped per chunk: empties the slots without a memset */
	uint8_t *col[SC_N + CP_N];
	size_t cap[SC_N + CP_N];
	rn_syscall *sc; /* decoding: the syscalls and captures */
	rn_sc_skim *sk; /* decoding, skimming: the syscalls */
	rn_capture *cp;
	uint32_t *off; /* decoding: each capture's offset in the blob */
	size_t sc_cap, sk_cap, cp_cap, off_cap;
	uint64_t val[SC_N * BLK]; /* a block of decoded column values */
	rn_dirents_enc dents;     /* encoding: the dirent columns */
	rn_doff_slot *dtab;       /* decoding 5.x: the dirent columns' d_off table */
	rn_struct_enc stats;      /* encoding: the stat columns */
	rn_struct_enc statxs;     /* encoding: the statx columns */
	uint8_t *blob;            /* encoding: the blob without the bytes of
	                           * captures of forms 1 and 2;
	                           * decoding: the blob with them put back */
	size_t blob_cap;
	size_t skim_end; /* encoding: where the SKIM_COLS columns end */
	uint32_t *f1;    /* decoding: the captures of forms 1 and 2 */
	uint8_t *fform;  /* decoding: their forms */
	size_t f1_cap, fform_cap, nf1;
};

static rn_cols *cols_get(rn_cols **s)
{
	if (!*s)
		*s = calloc(1, sizeof(**s));
	return *s;
}

/* Empties every prediction slot (start of a chunk). */
static void slots_clear(rn_cols *s)
{
	if (++s->gen == 0) {
		memset(s->slot, 0, sizeof(s->slot));
		memset(s->tslot, 0, sizeof(s->tslot));
		memset(s->eslot, 0, sizeof(s->eslot));
		memset(s->etslot, 0, sizeof(s->etslot));
		memset(s->aslot, 0, sizeof(s->aslot));
		s->gen = 1;
	}
}

size_t rn_cols_skim_end(const rn_cols *s)
{
	return s ? s->skim_end : 0;
}

void rn_cols_free(rn_cols *s)
{
	if (!s)
		return;
	for (int i = 0; i < SC_N + CP_N; i++)
		free(s->col[i]);
	free(s->sc);
	free(s->sk);
	free(s->cp);
	free(s->off);
	free(s->blob);
	free(s->f1);
	free(s->fform);
	free(s->dtab);
	rn_dirents_enc_free(&s->dents);
	rn_struct_enc_free(&s->stats);
	rn_struct_enc_free(&s->statxs);
	free(s);
}

/* The prediction slot of (tid, nr): the top 10 bits of a 32-bit hash. */
static inline uint32_t slot_ix(int32_t tid, uint16_t nr)
{
	return ((uint32_t)tid * 0x9E3779B1u + (uint32_t)nr * 0x85EBCA77u) >> 22;
}

static inline pred *slot_of(rn_cols *s, int32_t tid, uint16_t nr)
{
	return &s->slot[slot_ix(tid, nr)];
}

/* The predictions of a syscall of (tid, nr): P[0..5] for a0..a5 and *pip for
 * ip (docs/format.md §4.5). */
static inline void predict(rn_cols *s, int major, int32_t tid, uint16_t nr, uint64_t P[6],
                           uint64_t *pip)
{
	const pred *p = slot_of(s, tid, nr);
	int hit = p->gen == s->gen && p->tid == tid && p->nr == nr;
	for (int k = 0; k < 6; k++)
		P[k] = hit ? p->args[k] : 0;
	*pip = hit ? p->ip : 0;
	if (major >= 3) {
		const tpred *t = &s->tslot[((uint32_t)tid * 0x9E3779B1u) >> 22];
		int thit = t->gen == s->gen && t->tid == tid;
		for (int k = 3; k < 6; k++)
			P[k] = thit ? t->args[k - 3] : 0;
	}
}

/* Stores a syscall's values for the predictions of the next ones. */
static inline void remember(rn_cols *s, int32_t tid, uint16_t nr, const uint64_t a[6], uint64_t ip)
{
	*slot_of(s, tid, nr) = (pred){.tid = tid,
	                              .gen = s->gen,
	                              .nr = nr,
	                              .args = {a[0], a[1], a[2], a[3], a[4], a[5]},
	                              .ip = ip};
	s->tslot[((uint32_t)tid * 0x9E3779B1u) >> 22] =
	    (tpred){.tid = tid, .gen = s->gen, .args = {a[3], a[4], a[5]}};
}

/* The encoder's predictions: the same slots, holding where the row with
 * the values is (rows stay put while a chunk is encoded) rather than a copy
 * of them: a copy is stored 8 bytes at a time and read back 16 at a time by
 * the next call of the same thread, a store-forwarding stall per call (5 %
 * of the encoder's time on a getppid loop). */
static inline void predict_row(rn_cols *s, int major, int32_t tid, uint16_t nr, uint64_t P[6],
                               uint64_t *pip)
{
	const epred *p = &s->eslot[slot_of(s, tid, nr) - s->slot];
	const uint8_t *q = p->gen == s->gen && p->tid == tid && p->nr == nr ? p->row : NULL;
	for (int k = 0; k < 6; k++)
		P[k] = q ? rn_le64(q + 16 + 8 * k) : 0;
	*pip = q ? rn_le64(q + 72) : 0;
	if (major >= 3) {
		const epred *t = &s->etslot[((uint32_t)tid * 0x9E3779B1u) >> 22];
		q = t->gen == s->gen && t->tid == tid ? t->row : NULL;
		for (int k = 3; k < 6; k++)
			P[k] = q ? rn_le64(q + 16 + 8 * k) : 0;
	}
}

static inline void remember_row(rn_cols *s, int32_t tid, uint16_t nr, const uint8_t *r)
{
	s->eslot[slot_of(s, tid, nr) - s->slot] = (epred){tid, s->gen, nr, r};
	s->etslot[((uint32_t)tid * 0x9E3779B1u) >> 22] = (epred){tid, s->gen, nr, r};
}

/* Makes buffer i hold n bytes. */
static int col_reserve(rn_cols *s, int i, size_t n)
{
	if (n <= s->cap[i])
		return 0;
	uint8_t *p = rn_grow(s->col[i], &s->cap[i], n, 4096);
	if (!p)
		return -1;
	s->col[i] = p;
	return 0;
}

static int grow_buf(uint8_t **p, size_t *cap, size_t n);

/* Appends blob[from, to) to the stripped blob (room reserved). */
static void strip_put(rn_cols *s, size_t *slen, const uint8_t *blob, uint64_t from, uint64_t to)
{
	if (to > from)
		memcpy(s->blob + *slen, blob + from, (size_t)(to - from));
	*slen += (size_t)(to - from);
}

int rn_cols_encode(rn_cols **sp, rn_fbb *f, const rn_cols_at *at, const uint8_t *rows,
                   uint32_t nrows, const uint8_t *caps, uint32_t ncaps, const uint8_t *blob,
                   size_t blob_len)
{
	rn_cols *s = cols_get(sp);
	if (!s)
		return -1;
	for (int i = 1; i < SC_N; i++)
		if (col_reserve(s, i, 10 * (size_t)nrows + 1) < 0)
			return -1;
	for (int i = 1; i < CP_N; i++)
		if (col_reserve(s, SC_N + i, 10 * (size_t)ncaps + 1) < 0)
			return -1;
	if (grow_buf(&s->blob, &s->blob_cap, blob_len + 1) < 0)
		return -1;
	rn_dirents_enc_reset(&s->dents, at->major);
	rn_struct_enc_reset(&s->stats);
	rn_struct_enc_reset(&s->statxs);
	size_t slen = 0;      /* stripped blob length */
	uint64_t kept_to = 0; /* blob bytes before this are in the stripped blob */
	slots_clear(s);
	uint8_t *o[SC_N];
	for (int i = 1; i < SC_N; i++)
		o[i] = s->col[i];
	uint8_t *c[CP_N];
	for (int i = 1; i < CP_N; i++)
		c[i] = s->col[SC_N + i];
	int32_t prev_tid = 0;
	uint64_t prev_end = 0;
	uint32_t ci = 0;
	uint64_t res = at->major >= 3 && at->res ? at->res : 1;
	uint64_t prev_ns = at->base_ns, prev_e = at->base_ns / res;
	const uint8_t *ref = NULL; /* 3.x: the previous form-1 capture's bytes */
	uint64_t ref_addr = 0;
	uint32_t ref_len = 0;
	for (uint32_t i = 0; i < nrows; i++) {
		const uint8_t *r = rows + (size_t)RN_SYSCALL_SIZE * i;
		uint64_t a[6];
		for (int k = 0; k < 6; k++)
			a[k] = rn_le64(r + 16 + 8 * k);
		uint64_t ret = rn_le64(r + 64), ip = rn_le64(r + 72);
		int32_t pid = (int32_t)rn_le32(r + 80), tid = (int32_t)rn_le32(r + 84);
		uint16_t nr = rn_le16(r + 88), ncap = rn_le16(r + 92);
		uint32_t flags = rn_le16(r + 90);
		uint64_t P[6], pip;
		predict_row(s, at->major, tid, nr, P, &pip);
		uint64_t entry_ns = prev_ns + rn_le64(r), exit_ns = entry_ns + rn_le64(r + 8);
		uint64_t e = res == 1 ? entry_ns : entry_ns / res;
		uint64_t d = (res == 1 ? exit_ns : exit_ns / res) - e;
		o[SC_ENTRY] = rn_leb_put(o[SC_ENTRY], rn_zz(e - prev_e));
		o[SC_DUR] = rn_leb_put(o[SC_DUR], d);
		prev_ns = entry_ns;
		prev_e = at->major >= 5 ? e + d : e; /* 5.x: the gap since the previous exit */
		for (int k = 0; k < 6; k++)
			o[SC_A0 + k] = rn_leb_put(o[SC_A0 + k], rn_zz(a[k] - P[k]));
		if (ret == a[2])
			flags |= RET_IS_A2;
		else
			o[SC_RET] = rn_leb_put(o[SC_RET], rn_zz(ret));
		o[SC_IP] = rn_leb_put(o[SC_IP], rn_zz(ip - pip));
		o[SC_PID] = rn_leb_put(o[SC_PID], rn_zz((uint64_t)((int64_t)tid - pid)));
		o[SC_TID] = rn_leb_put(o[SC_TID], rn_zz((uint64_t)((int64_t)tid - prev_tid)));
		o[SC_NR] = rn_leb_put(o[SC_NR], nr);
		o[SC_FLAGS] = rn_leb_put(o[SC_FLAGS], flags);
		o[SC_NCAP] = rn_leb_put(o[SC_NCAP], ncap);
		prev_tid = tid;
		remember_row(s, tid, nr, r);
		for (uint16_t j = 0; j < ncap && ci < ncaps; j++, ci++) {
			const uint8_t *q = caps + (size_t)RN_CAPTURE_SIZE * ci;
			uint64_t addr = rn_le64(q), off = rn_le32(q + 8), len = rn_le32(q + 12),
			         orig = rn_le32(q + 16);
			uint8_t arg = q[21];
			c[CP_ADDR] = rn_leb_put(c[CP_ADDR], rn_zz(addr - (arg < 6 ? a[arg] : 0)));
			c[CP_GAP] = rn_leb_put(c[CP_GAP], rn_zz(off - prev_end));
			c[CP_LEN] = rn_leb_put(c[CP_LEN], len);
			c[CP_MORE] = rn_leb_put(c[CP_MORE], rn_zz(orig - len));
			c[CP_KIND] = rn_leb_put(c[CP_KIND], q[20]);
			c[CP_ARG] = rn_leb_put(c[CP_ARG], arg);
			c[CP_FLAGS] = rn_leb_put(c[CP_FLAGS], rn_le16(q + 22));
			int form = FORM_BLOB;
			if (off >= kept_to && off + len <= blob_len) {
				if ((rn_le16(q + 22) & RN_CAPF_EXIT) && len >= RN_DIRENT_MIN &&
				    rn_dirents_fit(blob + off, (uint32_t)len))
					form = FORM_DIRENTS;
				else if (at->major >= 3 && q[20] == RN_CAP_STRUCT &&
				         rn_stat_fit(blob + off, (uint32_t)len))
					form = FORM_STAT;
				else if (at->major >= 4 && q[20] == RN_CAP_STRUCT &&
				         rn_statx_fit(blob + off, (uint32_t)len))
					form = FORM_STATX;
			}
			if (form == FORM_STAT &&
			    rn_struct_add(&s->stats, &rn_stat_layout, blob + off) < 0)
				return -1;
			if (form == FORM_STATX &&
			    rn_struct_add(&s->statxs, &rn_statx_layout, blob + off) < 0)
				return -1;
			if (form == FORM_DIRENTS) {
				int same = at->major >= 3 && ref && ref_addr == addr;
				if (rn_dirents_add(&s->dents, blob + off, (uint32_t)len,
				                   same ? ref : NULL, ref_len) < 0)
					return -1;
				ref = blob + off;
				ref_addr = addr;
				ref_len = (uint32_t)len;
			}
			if (form != FORM_BLOB) {
				strip_put(s, &slen, blob, kept_to, off);
				kept_to = off + len;
			}
			c[CP_FORM] = rn_leb_put(c[CP_FORM], (uint64_t)form);
			prev_end = off + len;
		}
	}
	size_t len[SC_N];
	for (int i = 1; i < SC_N; i++)
		len[i] = (size_t)(o[i] - s->col[i]);
	/* 3.x: skimmed columns first, a zstd block ends after them (2.x files are
	 * written as before, byte for byte). */
	s->skim_end = 0;
	rn_fbb_columns_in(f, at->sc, nrows, SC_N, s->col, len, at->major >= 3 ? sc_order : NULL,
	                  NSKIM, at->major >= 3 ? &s->skim_end : NULL);
	if (ncaps) {
		for (int i = 1; i < CP_N; i++)
			len[i] = (size_t)(c[i] - s->col[SC_N + i]);
		rn_fbb_columns(f, at->cap, ncaps, CP_N, s->col + SC_N, len);
		rn_dirents_write(&s->dents, f, at->dirents);
		if (at->major >= 3)
			rn_struct_write(&s->stats, &rn_stat_layout, f, at->stats);
		if (at->major >= 4)
			rn_struct_write(&s->statxs, &rn_statx_layout, f, at->statxs);
	}
	if (at->blob) {
		int stripped = s->dents.count > 0 || s->stats.count > 0 || s->statxs.count > 0;
		if (stripped)
			strip_put(s, &slen, blob, kept_to, blob_len);
		rn_fbb_vector(f, at->blob, stripped ? s->blob : blob, stripped ? slen : blob_len, 1,
		              1);
	}
	return f->oom ? -1 : 0;
}

/* ---- decoding ---- */

typedef struct col {
	const uint8_t *p, *end;
} col;

static inline int get_leb(col *c, uint64_t *v)
{
	return rn_leb_get(&c->p, c->end, v);
}

/* Opens the column table at field 'id' of the root: its count and n columns.
 * 0 when present, 1 when absent, -1 when malformed. */
static int open_table(const rn_fb *fb, size_t root, int id, int n, uint64_t want, uint32_t *count,
                      col *c)
{
	const uint8_t *p[SC_N] = {0}, *end[SC_N] = {0};
	int k = rn_fb_columns_some(fb, root, id, n, want, count, p, end);
	if (k != 0)
		return k;
	for (int i = 1; i < n; i++)
		c[i] = (col){p[i], end[i]};
	/* Every record takes at least one byte of the first column. */
	if (*count > (c[1].p ? (size_t)(c[1].end - c[1].p) : 0))
		return -1;
	return 0;
}

static int all_used(const col *c, int n)
{
	for (int i = 1; i < n; i++)
		if (c[i].p != c[i].end)
			return 0;
	return 1;
}

static int grow_buf(uint8_t **p, size_t *cap, size_t n)
{
	if (n <= *cap)
		return 0;
	uint8_t *q = rn_grow(*p, cap, n, 64 * 1024);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

/* The value of a varint of at most 8 bytes held in the low bytes of x (the
 * bytes past it cleared): its 7-bit groups joined pairwise, in three steps. */
static inline uint64_t leb_gather(uint64_t x)
{
	x = (x & 0x007f007f007f007full) | ((x & 0x7f007f007f007f00ull) >> 1);
	x = (x & 0x00003fff00003fffull) | ((x & 0x3fff00003fff0000ull) >> 2);
	return (x & 0x000000000fffffffull) | ((x & 0x0fffffff00000000ull) >> 4);
}

#if defined(__x86_64__)
#include <immintrin.h>
/* The same with BMI2's pext: the 7-bit groups under m gathered in one
 * instruction (fast on Intel; microcoded, so slow, on AMD before Zen 3). */
__attribute__((target("bmi2"))) static inline uint64_t leb_pext(uint64_t x, uint64_t m)
{
	return _pext_u64(x, m & 0x7f7f7f7f7f7f7f7full);
}
#endif

static inline uint64_t leb_plain(uint64_t x, uint64_t m)
{
	return leb_gather(x & m);
}

/* Decodes the next n varints of column c into out[0..n). Eight bytes are
 * loaded at a time and every varint that ends in them is decoded from that
 * one load: the ends are the bytes without the continuation bit, found all at
 * once, so the values do not wait for each other (a value-by-value decoder
 * waits for each length before the next load). Eight one-byte values, the
 * common case of predicted columns, are copied out in one step. Values longer
 * than 8 bytes and the column's last 7 bytes take the general path. GATHER
 * (x, m) is the value of the varint in the bytes of x under the mask m: the
 * function is made twice, with and without BMI2. */
#define COL_VALUES(NAME, ATTR, GATHER)                                                             \
	ATTR static int NAME(col *c, uint64_t *out, uint64_t n)                                    \
	{                                                                                          \
		const uint8_t *p = c->p, *end = c->end;                                            \
		uint64_t i = 0;                                                                    \
		while (i < n) {                                                                    \
			if (end - p >= 8) {                                                        \
				uint64_t w;                                                        \
				memcpy(&w, p, 8); /* little-endian hosts (rn_event.h) */           \
				uint64_t stops = ~w & 0x8080808080808080ull;                       \
				if (stops == 0x8080808080808080ull && n - i >= 8) {                \
					for (int k = 0; k < 8; k++)                                \
						out[i + k] = p[k];                                 \
					i += 8;                                                    \
					p += 8;                                                    \
					continue;                                                  \
				}                                                                  \
				if (stops) {                                                       \
					unsigned start = 0; /* bit position of the next value */   \
					do {                                                       \
						unsigned e = (unsigned)__builtin_ctzll(stops) + 1; \
						out[i++] = GATHER(w >> start,                      \
						                  ~0ull >> (64 - (e - start)));    \
						start = e;                                         \
						stops &= stops - 1;                                \
					} while (stops && i < n);                                  \
					p += start / 8;                                            \
					continue;                                                  \
				}                                                                  \
			}                                                                          \
			c->p = p;                                                                  \
			if (get_leb(c, &out[i]) < 0)                                               \
				return -1;                                                         \
			p = c->p;                                                                  \
			i++;                                                                       \
		}                                                                                  \
		c->p = p;                                                                          \
		return 0;                                                                          \
	}

COL_VALUES(col_values_plain, , leb_plain)
#if defined(__x86_64__)
COL_VALUES(col_values_pext, __attribute__((target("bmi2"))), leb_pext)
#endif

/* col_values_pext on Intel CPUs with BMI2 (rn-analyze summary on find /
 * -xdev: 12 % fewer instructions, 10 % less CPU), else col_values_plain. */
static int col_values(col *c, uint64_t *out, uint64_t n)
{
#if defined(__x86_64__)
	if (__builtin_cpu_is("intel") && __builtin_cpu_supports("bmi2"))
		return col_values_pext(c, out, n);
#endif
	return col_values_plain(c, out, n);
}

/* Decodes the syscalls into s->sc (absolute times; caps left NULL: the view
 * points them into s->cp); *ncaps gets the sum of their ncap. The columns
 * are decoded BLK values at a time into s->val (column k at k * BLK; ret:
 * only the calls without RET_IS_A2), small enough to stay in cache. Without
 * 'args' (RN_READ_SKIM) only SKIM_COLS are decoded, into the 40-byte rows of
 * s->sk (a2 is decoded, against its own table s->aslot: ret may be it). */
static inline int decode_sc(rn_cols *s, col *c, uint32_t n, const rn_cols_ids *id, uint64_t *ncaps,
                            const int args)
{
	uint64_t *v = s->val;
	uint64_t res = id->major >= 3 && id->res ? id->res : 1;
	uint64_t prev_e = id->base_ns / res;
	const int gap = id->major >= 5; /* entry: the gap since the previous exit */
	slots_clear(s);
	int64_t prev_tid = 0;
	uint64_t nc = 0;
	for (uint32_t b0 = 0; b0 < n; b0 += BLK) {
		uint32_t m = n - b0 < BLK ? n - b0 : BLK;
		for (int k = 1; k < SC_N; k++)
			if (k != SC_RET && (args || (SKIM_COLS >> k & 1)) &&
			    col_values(&c[k], v + (size_t)k * BLK, m) < 0)
				return -1;
		const uint64_t *flags = v + (size_t)SC_FLAGS * BLK;
		uint32_t nret = 0;
		for (uint32_t j = 0; j < m; j++)
			nret += !(flags[j] & RET_IS_A2);
		if (col_values(&c[SC_RET], v + (size_t)SC_RET * BLK, nret) < 0)
			return -1;
		const uint64_t *entry = v + SC_ENTRY * BLK, *dur = v + SC_DUR * BLK,
		               *ipv = v + SC_IP * BLK, *pidv = v + SC_PID * BLK,
		               *tidv = v + SC_TID * BLK, *nrv = v + SC_NR * BLK,
		               *ncapv = v + SC_NCAP * BLK, *retv = v + SC_RET * BLK;
		uint32_t ri = 0;
		for (uint32_t j = 0; j < m; j++) {
			uint64_t nr = nrv[j], ncap = args ? ncapv[j] : 0, fl = flags[j];
			if (nr > 0xffff || fl > (RET_IS_A2 | 0xffff) || ncap > 0xffff)
				return -1;
			/* mod 2^64, then range-checked: no signed overflow on bad input */
			int64_t tid = (int64_t)((uint64_t)prev_tid + rn_unzz(tidv[j]));
			int64_t pid = (int64_t)((uint64_t)tid - rn_unzz(pidv[j]));
			if (tid < INT32_MIN || tid > INT32_MAX || pid < INT32_MIN ||
			    pid > INT32_MAX)
				return -1;
			uint64_t a2;
			if (args) {
				uint64_t a[6], P[6], pip;
				predict(s, id->major, (int32_t)tid, (uint16_t)nr, P, &pip);
				rn_syscall *o = s->sc + b0 + j;
				for (int k = 0; k < 6; k++)
					a[k] = rn_unzz(v[(size_t)(SC_A0 + k) * BLK + j]) + P[k];
				o->ip = rn_unzz(ipv[j]) + pip;
				memcpy(o->args, a, sizeof(a));
				remember(s, (int32_t)tid, (uint16_t)nr, a, o->ip);
				a2 = a[2];
			} else {
				/* Only a2 is needed (ret may be it): its own table. */
				apred *p = &s->aslot[slot_ix((int32_t)tid, (uint16_t)nr)];
				int hit = p->gen == s->gen && p->tid == tid && p->nr == nr;
				a2 = rn_unzz(v[(size_t)(SC_A0 + 2) * BLK + j]) + (hit ? p->a2 : 0);
				*p = (apred){.tid = (int32_t)tid,
				             .gen = s->gen,
				             .nr = (uint16_t)nr,
				             .a2 = a2};
			}
			int64_t ret = (int64_t)(fl & RET_IS_A2 ? a2 : rn_unzz(retv[ri++]));
			uint64_t e = prev_e + rn_unzz(entry[j]);
			uint64_t t_entry = e * res;
			uint64_t t_exit = (fl & RN_SC_NO_EXIT) ? 0 : t_entry + dur[j] * res;
			prev_e = gap ? e + dur[j] : e;
			prev_tid = tid;
			if (args) {
				rn_syscall *o = s->sc + b0 + j;
				o->ret = ret;
				o->t_entry = t_entry;
				o->t_exit = t_exit;
				o->pid = (int32_t)pid;
				o->tid = (int32_t)tid;
				o->nr = (uint16_t)nr;
				o->flags = (uint16_t)fl;
				o->ncap = (uint16_t)ncap;
				o->caps = NULL;
				nc += ncap;
			} else {
				s->sk[b0 + j] = (rn_sc_skim){.t_entry = t_entry,
				                             .t_exit = t_exit,
				                             .ret = ret,
				                             .pid = (int32_t)pid,
				                             .tid = (int32_t)tid,
				                             .nr = (uint16_t)nr,
				                             .flags = (uint16_t)fl};
			}
		}
	}
	*ncaps = nc;
	return 0;
}

/* Decodes the nc captures of the n syscalls into s->cp, their blob offsets
 * into s->off (the data pointers are set once the blob is final), BLK at a
 * time. */
static int decode_caps(rn_cols *s, col *c, uint32_t n, uint64_t nc, int major)
{
	uint64_t max_form = major >= 4 ? FORM_STATX : major >= 3 ? FORM_STAT : FORM_DIRENTS;
	uint64_t *v = s->val;
	uint64_t prev_end = 0, ci = 0, at = 0, have = 0;
	for (uint32_t i = 0; i < n; i++) {
		const rn_syscall *sc = &s->sc[i];
		for (uint16_t j = 0; j < sc->ncap; j++, ci++, at++) {
			if (at == have) {
				have = nc - ci < BLK ? nc - ci : BLK;
				at = 0;
				for (int k = 1; k < CP_N; k++)
					if (k == CP_FORM && !c[k].p) /* absent: all in the blob */
						memset(v + (size_t)k * BLK, 0, sizeof(*v) * have);
					else if (col_values(&c[k], v + (size_t)k * BLK, have) < 0)
						return -1;
			}
			rn_capture *q = &s->cp[ci];
			uint64_t len = v[CP_LEN * BLK + at], kind = v[CP_KIND * BLK + at],
			         arg = v[CP_ARG * BLK + at], flags = v[CP_FLAGS * BLK + at],
			         form = v[CP_FORM * BLK + at];
			if (len > UINT32_MAX || kind > 0xff || arg > 0xff || flags > 0xffff ||
			    form > max_form || (form == FORM_STAT && len != RN_STAT_SIZE) ||
			    (form == FORM_STATX && len != RN_STATX_SIZE))
				return -1;
			if (form != FORM_BLOB) {
				s->fform[s->nf1] = (uint8_t)form;
				s->f1[s->nf1++] = (uint32_t)ci;
			}
			uint64_t off = prev_end + rn_unzz(v[CP_GAP * BLK + at]),
			         orig = len + rn_unzz(v[CP_MORE * BLK + at]);
			if (off > UINT32_MAX || orig > UINT32_MAX)
				return -1;
			q->addr = rn_unzz(v[CP_ADDR * BLK + at]) + (arg < 6 ? sc->args[arg] : 0);
			s->off[ci] = (uint32_t)off;
			q->len = (uint32_t)len;
			q->orig_len = (uint32_t)orig;
			q->kind = (uint8_t)kind;
			q->arg = (uint8_t)arg;
			q->flags = (uint16_t)flags;
			prev_end = off + len;
		}
	}
	return 0;
}

/* Puts the bytes of the captures of forms 1 and 2 back into the blob (*blob,
 * *len: the chunk's blob on entry, the rebuilt one on return). */
static int rebuild_blob(rn_cols *s, rn_dirents_dec *d, rn_struct_dec *st, rn_struct_dec *sx,
                        const uint8_t **blob, uint32_t *len, int major)
{
	uint64_t total = *len;
	for (size_t i = 0; i < s->nf1; i++)
		total += s->cp[s->f1[i]].len;
	if (total > UINT32_MAX || grow_buf(&s->blob, &s->blob_cap, (size_t)total + 1) < 0)
		return -1;
	const uint8_t *in = *blob;
	uint64_t cur = 0, sp = 0; /* positions in the rebuilt and the stored blob */
	uint64_t ref_off = 0, ref_addr = 0, ref_len = 0; /* the previous form-1 capture */
	int have_ref = 0;
	for (size_t i = 0; i < s->nf1; i++) {
		const rn_capture *q = &s->cp[s->f1[i]];
		uint64_t off = s->off[s->f1[i]], n = q->len, addr = q->addr;
		if (off < cur || off - cur > *len - sp)
			return -1;
		if (off > cur)
			memcpy(s->blob + cur, in + sp, (size_t)(off - cur));
		sp += off - cur;
		if (off + n > total)
			return -1;
		if (s->fform[i] == FORM_STAT) {
			if (rn_struct_rebuild(st, &rn_stat_layout, s->blob + off) < 0)
				return -1;
		} else if (s->fform[i] == FORM_STATX) {
			if (rn_struct_rebuild(sx, &rn_statx_layout, s->blob + off) < 0)
				return -1;
		} else {
			int same = major >= 3 && have_ref && ref_addr == addr;
			if (rn_dirents_rebuild(d, s->blob + off, (uint32_t)n,
			                       same ? s->blob + ref_off : NULL,
			                       (uint32_t)ref_len) < 0)
				return -1;
			ref_off = off;
			ref_addr = addr;
			ref_len = n;
			have_ref = 1;
		}
		cur = off + n;
	}
	if (cur + (*len - sp) != total)
		return -1;
	if (*len > sp)
		memcpy(s->blob + cur, in + sp, (size_t)(*len - sp));
	*blob = s->blob;
	*len = (uint32_t)total;
	return 0;
}

/* Points the captures into the final blob; -1 when one lies outside it. */
static int point_caps(rn_cols *s, uint64_t nc, const uint8_t *blob, uint32_t len)
{
	for (uint64_t i = 0; i < nc; i++) {
		rn_capture *q = &s->cp[i];
		if ((uint64_t)s->off[i] + q->len > len)
			return -1;
		q->data = q->len ? blob + s->off[i] : (const uint8_t *)"";
	}
	return 0;
}

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return -1;
}

int rn_cols_decode(rn_cols **sp, const rn_fb *fb, size_t root, const rn_cols_ids *id, int skim,
                   rn_cols_out *out, const char **why)
{
	int sc_id = id->sc, cap_id = id->cap;
	col sc[SC_N], cp[CP_N];
	uint32_t n = 0, nc = 0;
	out->sc = NULL;
	out->skim = NULL;
	out->caps = NULL;
	out->nsc = out->ncaps = 0;
	int hs = open_table(fb, root, sc_id, SC_N, skim ? SKIM_COLS : ~0ull, &n, sc);
	/* Skimming, the capture tables (and the blob) are not read: they may lie
	 * past the part of the chunk that was decompressed. */
	int hc = skim ? 1 : open_table(fb, root, cap_id, CP_N, ~0ull, &nc, cp);
	if (hs < 0 || hc < 0)
		return fail(why, "malformed syscall or capture columns");
	if (hs == 1) {
		if (hc == 0)
			return fail(why, "capture columns without syscall columns");
		return 0;
	}
	rn_cols *s = cols_get(sp);
	uint64_t want = 0;
	if (!s || (skim ? grow_buf((uint8_t **)&s->sk, &s->sk_cap, sizeof(*s->sk) * n + 1)
	                : grow_buf((uint8_t **)&s->sc, &s->sc_cap, sizeof(*s->sc) * n + 1)) < 0)
		return fail(why, "out of memory");
	s->nf1 = 0;
	int k = skim ? decode_sc(s, sc, n, id, &want, 0) : decode_sc(s, sc, n, id, &want, 1);
	if (k < 0 || (!skim && !all_used(sc, SC_N)))
		return fail(why, "malformed syscall columns");
	out->nsc = n;
	if (skim) {
		out->skim = s->sk;
		return 1;
	}
	out->sc = s->sc;
	if (want != (hc == 0 ? nc : 0))
		return fail(why, "capture columns do not match the syscalls' capture counts");
	if (want) {
		/* Each capture takes at least one byte of each of its columns. */
		if (want > (size_t)(cp[CP_ADDR].end - cp[CP_ADDR].p))
			return fail(why, "malformed capture columns");
		if (grow_buf((uint8_t **)&s->cp, &s->cp_cap, sizeof(*s->cp) * want) < 0 ||
		    grow_buf((uint8_t **)&s->off, &s->off_cap, sizeof(*s->off) * want) < 0 ||
		    grow_buf((uint8_t **)&s->f1, &s->f1_cap, sizeof(*s->f1) * want) < 0 ||
		    grow_buf(&s->fform, &s->fform_cap, want) < 0)
			return fail(why, "out of memory");
		if (decode_caps(s, cp, n, want, id->major) < 0 || !all_used(cp, CP_N))
			return fail(why, "malformed capture columns");
	}
	rn_dirents_dec d;
	rn_struct_dec st, sx;
	if (id->major >= 5 && !s->dtab && !(s->dtab = malloc(sizeof(*s->dtab) * RN_DOFF_SLOTS)))
		return fail(why, "out of memory");
	int hd = rn_dirents_open(&d, fb, root, id->dirents, id->major, s->dtab);
	int hst = id->major >= 3 ? rn_struct_open(&st, &rn_stat_layout, fb, root, id->stats) : 1;
	int hsx = id->major >= 4 ? rn_struct_open(&sx, &rn_statx_layout, fb, root, id->statxs) : 1;
	if (hst == 1)
		memset(&st, 0, sizeof(st)); /* absent: no stats to rebuild */
	if (hsx == 1)
		memset(&sx, 0, sizeof(sx));
	if (hd < 0 || hst < 0 || hsx < 0 ||
	    (want && s->nf1 &&
	     rebuild_blob(s, &d, &st, &sx, out->blob, out->blob_len, id->major) < 0) ||
	    (hd == 0 && !rn_dirents_done(&d)) ||
	    (hst == 0 && !rn_struct_done(&st, &rn_stat_layout)) ||
	    (hsx == 0 && !rn_struct_done(&sx, &rn_statx_layout)))
		return fail(why, "malformed dirent, stat or statx columns");
	if (point_caps(s, want, *out->blob, *out->blob_len) < 0)
		return fail(why, "capture points outside the chunk's blob");
	out->caps = s->cp;
	out->ncaps = (uint32_t)want;
	return 1;
}
