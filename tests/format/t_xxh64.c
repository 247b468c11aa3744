/* rn_xxh64 (format 4.x frame checks) against the oracle at hand: libzstd's
 * frame checksum, the low 32 bits of XXH64 (seed 0) of the frame's content,
 * on inputs of every length from 0 to 300 bytes (every tail path, 1 to 9
 * stripes) and on a few large ones; and two known values of the
 * specification (empty input, seed 0 and 1). */
#include "../rn_test.h"
#include "rn_flatbuf.h"
#include "rn_xxh64.h"

#include <stdlib.h>
#include <zstd.h>

static uint32_t zstd_check(const uint8_t *d, size_t n)
{
	static uint8_t out[1 << 21];
	ZSTD_CCtx *c = ZSTD_createCCtx();
	CHECK(c);
	CHECK(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
	size_t k = ZSTD_compress2(c, out, sizeof(out), d, n);
	CHECK(!ZSTD_isError(k) && k >= 4);
	ZSTD_freeCCtx(c);
	return rn_le32(out + k - 4);
}

int main(void)
{
	static uint8_t buf[1 << 20];
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (uint8_t)rn_rand_next(&x);
	}
	int n = 0;
	for (size_t len = 0; len <= 300; len++, n++)
		CHECK_EQ_U((uint32_t)rn_xxh64(buf + len % 7, len, 0),
		           zstd_check(buf + len % 7, len));
	static const size_t big[] = {4095, 4096, 65537, 1 << 20};
	for (int i = 0; i < 4; i++, n++)
		CHECK_EQ_U((uint32_t)rn_xxh64(buf, big[i], 0), zstd_check(buf, big[i]));
	CHECK_EQ_U(rn_xxh64("", 0, 0), 0xEF46DB3751D8E999ull);
	CHECK_EQ_U(rn_xxh64("", 0, 1), 0xD5AFBA1336A3BE4Bull);
	printf("xxh64: %d inputs agree with zstd's frame checksums: ok\n", n);
	return 0;
}
