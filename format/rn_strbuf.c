/* rn_strbuf.c: the growable string buffer the decoders write into. Allocation
 * failure leaves the text cut short rather than crashing. */
#include "rn_decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(rn_sb *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(sb->p, cap);
	if (!p)
		return -1;
	sb->p = p;
	sb->cap = cap;
	return 0;
}

void rn_sb_free(rn_sb *sb)
{
	free(sb->p);
	*sb = (rn_sb){0};
}

void rn_sb_reset(rn_sb *sb)
{
	sb->len = 0;
	if (sb->p)
		sb->p[0] = 0;
}

void rn_sb_putn(rn_sb *sb, const char *s, size_t n)
{
	if (grow(sb, n) < 0)
		return;
	memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = 0;
}

void rn_sb_puts(rn_sb *sb, const char *s)
{
	rn_sb_putn(sb, s, strlen(s));
}

void rn_sb_putc(rn_sb *sb, char c)
{
	if (grow(sb, 1) < 0)
		return;
	sb->p[sb->len++] = c;
	sb->p[sb->len] = 0;
}

void rn_sb_printf(rn_sb *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[128];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		rn_sb_putn(sb, tmp, (size_t)n);
		return;
	}
	if (grow(sb, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}
