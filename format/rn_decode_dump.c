/* rn_decode_dump.c: strace's -e read=/-e write= dump: 16 bytes a line, the
 * offset in five hex digits, the bytes in hex (an extra space after the
 * eighth), then the printable ones as text ('.' for the rest):
 *  | 00000  68 65 6c 6c 6f 0a                                 hello.           | */
#include "rn_decode_int.h"

#include <stdio.h>

void rn_decode_hexdump(rn_sb *sb, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t off = 0; off < n; off += 16) {
		char line[96];
		size_t k = 0, left = n - off < 16 ? n - off : 16;
		line[k++] = '\n';
		k += (size_t)snprintf(line + k, sizeof(line) - k, " | %05zx  ", off);
		for (size_t i = 0; i < 16; i++) {
			if (i < left) {
				line[k++] = digits[p[off + i] >> 4];
				line[k++] = digits[p[off + i] & 15];
			} else {
				line[k++] = ' ';
				line[k++] = ' ';
			}
			line[k++] = ' ';
			if (i == 7)
				line[k++] = ' ';
		}
		line[k++] = ' ';
		for (size_t i = 0; i < 16; i++) {
			uint8_t c = i < left ? p[off + i] : ' ';
			line[k++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		line[k++] = ' ';
		line[k++] = '|';
		rn_sb_putn(sb, line, k);
	}
}
