/* rn_export_buf.h: a growable byte buffer for rn-export's encoders (JSON text,
 * protobuf bodies, gzip output). A failed allocation sets oom; callers check
 * it once at the end. */
#ifndef RN_EXPORT_BUF_H
#define RN_EXPORT_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct rn_export_buf {
	char *p;
	size_t len;
	size_t cap;
	int oom;
} rn_export_buf;

int rn_export_buf_reserve(rn_export_buf *b, size_t extra);
void rn_export_buf_add(rn_export_buf *b, const void *p, size_t n);
void rn_export_buf_str(rn_export_buf *b, const char *s);
void rn_export_buf_printf(rn_export_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included, escaped, invalid
 * UTF-8 bytes replaced by U+FFFD). */
void rn_export_buf_json_str(rn_export_buf *b, const char *s);
void rn_export_buf_json_mem(rn_export_buf *b, const char *s, size_t n);
/* Decimal integers (no printf). */
void rn_export_buf_u64(rn_export_buf *b, uint64_t v);
void rn_export_buf_i64(rn_export_buf *b, int64_t v);
/* Appends n bytes as lower-case hex. */
void rn_export_buf_hex(rn_export_buf *b, const uint8_t *p, size_t n);
void rn_export_buf_free(rn_export_buf *b);

#endif
