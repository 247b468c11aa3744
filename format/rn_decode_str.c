/* rn_decode_str.c: strings and buffers as strace quotes them: printable
 * ASCII as is, C escapes for \t \n \v \f \r \" \\, octal for the rest (three
 * digits when a digit follows), "..." after the quote when cut. */
#include "rn_decode_int.h"

void rn_decode_quote(rn_sb *sb, const uint8_t *s, size_t len, size_t max, int truncated)
{
	if (len > max) {
		len = max;
		truncated = 1;
	}
	/* Worst case 4 output bytes per input byte plus quotes and "...". */
	char tmp[512];
	size_t t = 0;
	tmp[t++] = '"';
	for (size_t i = 0; i < len; i++) {
		if (t > sizeof(tmp) - 8) {
			rn_sb_putn(sb, tmp, t);
			t = 0;
		}
		uint8_t c = s[i];
		const char *esc = NULL;
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\v':
			esc = "\\v";
			break;
		default:
			break;
		}
		if (esc) {
			tmp[t++] = esc[0];
			tmp[t++] = esc[1];
		} else if (c >= 0x20 && c < 0x7f) {
			tmp[t++] = (char)c;
		} else {
			int next_digit = i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7';
			tmp[t++] = '\\';
			if (next_digit || c >= 0100)
				tmp[t++] = (char)('0' + (c >> 6));
			if (next_digit || c >= 010)
				tmp[t++] = (char)('0' + ((c >> 3) & 7));
			tmp[t++] = (char)('0' + (c & 7));
		}
	}
	tmp[t++] = '"';
	rn_sb_putn(sb, tmp, t);
	if (truncated)
		rn_sb_puts(sb, "...");
}

/* strace's -x test: a byte that is neither printable ASCII nor one of the
 * whitespace escapes forces hex. */
static int needs_hex(const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] > 0x7e || (s[i] < ' ' && (unsigned)(s[i] - 9) >= 5))
			return 1;
	return 0;
}

void rn_decode_quote_opts(rn_sb *sb, const rn_decode_opts *o, const uint8_t *s, size_t len,
                          size_t max, int truncated)
{
	if (o->strhex >= 2 || (o->strhex == 1 && needs_hex(s, len < max ? len : max)))
		rn_put_hexstr(sb, s, len, max, truncated);
	else
		rn_decode_quote(sb, s, len, max, truncated);
}

void rn_put_hexstr(rn_sb *sb, const uint8_t *s, size_t len, size_t max, int truncated)
{
	static const char digits[] = "0123456789abcdef";
	if (len > max) {
		len = max;
		truncated = 1;
	}
	rn_sb_putc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		char e[4] = {'\\', 'x', digits[s[i] >> 4], digits[s[i] & 15]};
		rn_sb_putn(sb, e, 4);
	}
	rn_sb_putc(sb, '"');
	if (truncated)
		rn_sb_puts(sb, "...");
}
