/* rn_span_ids.c: trace and span ids derived from the trace file's header, so
 * exporting the same recording twice yields the same ids (idempotent
 * re-export: a backend deduplicates instead of showing two traces). */
#include "rn_span.h"

#include <string.h>

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return mix64(h);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	return hash_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void put64(uint8_t *out, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (56 - 8 * i));
}

void rn_trace_id_from_header(const rn_header *h, uint8_t out[16])
{
	uint64_t a = 0xcbf29ce484222325ull;
	a = hash_bytes(a, &h->mono_start_ns, sizeof(h->mono_start_ns));
	a = hash_bytes(a, &h->wall_start_ns, sizeof(h->wall_start_ns));
	a = hash_bytes(a, &h->pid, sizeof(h->pid));
	a = hash_str(a, h->hostname);
	for (uint32_t i = 0; i < h->argc; i++)
		a = hash_str(a, h->argv[i]);
	uint64_t b = mix64(a ^ 0x5851f42d4c957f2dull);
	put64(out, a ? a : 1);
	put64(out + 8, b);
}

void rn_span_id_make(const uint8_t trace_id[16], uint64_t kind, uint64_t a, uint64_t b,
                     uint8_t out[8])
{
	uint64_t h = hash_bytes(0xcbf29ce484222325ull, trace_id, 16);
	h = mix64(h ^ mix64(kind));
	h = mix64(h ^ mix64(a + 0x632be59bd9b4e019ull));
	h = mix64(h ^ b);
	put64(out, h ? h : 1);
}
