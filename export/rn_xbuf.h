/* rn_xbuf.h: a growable byte buffer for rn-export's encoders (JSON text,
 * protobuf bodies, gzip output). A failed allocation sets oom; callers check
 * it once at the end. */
#ifndef RN_XBUF_H
#define RN_XBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct rn_xbuf {
	char *p;
	size_t len;
	size_t cap;
	int oom;
} rn_xbuf;

int rn_xbuf_reserve(rn_xbuf *b, size_t extra);
void rn_xbuf_add(rn_xbuf *b, const void *p, size_t n);
void rn_xbuf_str(rn_xbuf *b, const char *s);
void rn_xbuf_printf(rn_xbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included, escaped, invalid
 * UTF-8 bytes replaced by U+FFFD). */
void rn_xbuf_json_str(rn_xbuf *b, const char *s);
void rn_xbuf_json_mem(rn_xbuf *b, const char *s, size_t n);
/* Decimal integers (no printf). */
void rn_xbuf_u64(rn_xbuf *b, uint64_t v);
void rn_xbuf_i64(rn_xbuf *b, int64_t v);
/* Appends n bytes as lower-case hex. */
void rn_xbuf_hex(rn_xbuf *b, const uint8_t *p, size_t n);
void rn_xbuf_free(rn_xbuf *b);

#endif
