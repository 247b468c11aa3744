/* rn_export_buf.c: growable buffer and the JSON string escaping every text output
 * of rn-export uses. */
#include "rn_export_buf.h"
#include "rn_grow.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rn_export_buf_reserve(rn_export_buf *b, size_t extra)
{
	if (b->oom)
		return -1;
	if (b->len + extra <= b->cap)
		return 0;
	char *p = extra > SIZE_MAX - b->len ? NULL : rn_grow(b->p, &b->cap, b->len + extra, 4096);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	return 0;
}

void rn_export_buf_add(rn_export_buf *b, const void *p, size_t n)
{
	if (rn_export_buf_reserve(b, n) == 0) {
		memcpy(b->p + b->len, p, n);
		b->len += n;
	}
}

void rn_export_buf_str(rn_export_buf *b, const char *s)
{
	rn_export_buf_add(b, s, strlen(s));
}

void rn_export_buf_printf(rn_export_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->p && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	if (rn_export_buf_reserve(b, (size_t)n + 1) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (0 when invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t need;
	uint32_t cp;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

void rn_export_buf_json_mem(rn_export_buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	/* Worst case: every byte becomes \u00XX (6 bytes). */
	if (rn_export_buf_reserve(b, n * 6 + 2) < 0)
		return;
	char *o = b->p + b->len;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			*o++ = (char)c;
		} else if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c == '\n') {
			*o++ = '\\';
			*o++ = 'n';
		} else if (c == '\t') {
			*o++ = '\\';
			*o++ = 't';
		} else if (c < 0x80) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		} else {
			size_t k = utf8_len(s + i, n - i);
			if (k) {
				memcpy(o, s + i, k);
				o += k;
				i += k - 1;
			} else {
				memcpy(o, "\xef\xbf\xbd", 3); /* U+FFFD */
				o += 3;
			}
		}
	}
	*o++ = '"';
	b->len = (size_t)(o - b->p);
}

void rn_export_buf_u64(rn_export_buf *b, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (rn_export_buf_reserve(b, n) < 0)
		return;
	while (n)
		b->p[b->len++] = tmp[--n];
}

void rn_export_buf_i64(rn_export_buf *b, int64_t v)
{
	if (v < 0) {
		rn_export_buf_add(b, "-", 1);
		rn_export_buf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		rn_export_buf_u64(b, (uint64_t)v);
	}
}

void rn_export_buf_json_str(rn_export_buf *b, const char *s)
{
	rn_export_buf_json_mem(b, s ? s : "", s ? strlen(s) : 0);
}

void rn_export_buf_hex(rn_export_buf *b, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (rn_export_buf_reserve(b, 2 * n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		b->p[b->len++] = hex[p[i] >> 4];
		b->p[b->len++] = hex[p[i] & 15];
	}
}

void rn_export_buf_free(rn_export_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}
