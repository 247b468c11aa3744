/* Hostile input for the decoders: every syscall number of both arches with
 * random arguments and random captures (any kind, argument, flags, length,
 * content) is rendered in every -X mode and at -s 0 and 32. Nothing may
 * crash or read out of bounds (this test runs under ASan in CI); each line
 * must be a single NUL-terminated line that starts with the name. */
#include "../rn_test.h"
#include "rn_decode.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	return rn_rand_next(&rng);
}

static uint64_t rand_arg(void)
{
	switch (next() % 6) {
	case 0:
		return 0;
	case 1:
		return next() % 16;
	case 2:
		return (uint64_t) - (int64_t)(next() % 200);
	case 3:
		return 0x7ffd00000000ull + next() % 4096;
	default:
		return next();
	}
}

int main(void)
{
	static uint8_t blob[8][600];
	rn_capture caps[8];
	rn_sb sb = {0};
	unsigned long lines = 0;
	for (uint16_t arch = RN_ARCH_X86_64; arch <= RN_ARCH_AARCH64; arch++) {
		for (uint32_t nr = 0; nr < 500; nr++) {
			for (int round = 0; round < 24; round++) {
				rn_syscall sc = {0};
				sc.nr = (uint16_t)nr;
				sc.pid = sc.tid = 7;
				for (int a = 0; a < 6; a++)
					sc.args[a] = rand_arg();
				sc.ret = (int64_t)rand_arg();
				sc.flags = next() % 5 == 0 ? RN_SC_NO_EXIT : 0;
				int n = (int)(next() % 9);
				for (int k = 0; k < n; k++) {
					uint32_t len = (uint32_t)(next() % 600);
					for (uint32_t b = 0; b < len; b++)
						blob[k][b] = (uint8_t)next();
					caps[k] = (rn_capture){rand_arg(),
					                       len,
					                       (uint32_t)next(),
					                       (uint8_t)(1 + next() % 8),
					                       (uint8_t)(next() % 7),
					                       (uint16_t)(next() % 8),
					                       blob[k]};
				}
				sc.caps = caps;
				sc.ncap = (uint16_t)n;
				rn_decode_opts o;
				rn_decode_opts_init(&o, arch);
				o.xlat = round % 3;
				o.strsize = round % 2 ? 32 : 0;
				rn_sb_reset(&sb);
				rn_decode_syscall(&sb, &o, &sc, round % 4 ? -1 : 6);
				CHECK(sb.p && strlen(sb.p) == sb.len);
				CHECK(strchr(sb.p, '\n') == NULL);
				char nb[32];
				const char *name = rn_decode_name(&o, &sc, nb, sizeof(nb));
				CHECK(strncmp(sb.p, name, strlen(name)) == 0);
				rn_sb_reset(&sb);
				rn_decode_entry_part(&sb, &o, &sc);
				rn_decode_exit_part(&sb, &o, &sc);
				char small[16];
				rn_decode_syscall_buf(small, sizeof(small), &o, &sc);
				CHECK(strlen(small) < sizeof(small));
				lines++;
			}
		}
	}
	/* Signals with short and random siginfo. */
	for (int i = 0; i < 2000; i++) {
		uint8_t si[128];
		for (int b = 0; b < 128; b++)
			si[b] = (uint8_t)next();
		rn_signal s = {
		    0, 1, 1, (int32_t)(next() % 70), (int32_t)next(), si, (uint32_t)(next() % 129)};
		rn_decode_opts o;
		rn_decode_opts_init(&o, RN_ARCH_X86_64);
		o.xlat = i % 3;
		rn_sb_reset(&sb);
		rn_decode_signal(&sb, &o, &s);
		CHECK(strncmp(sb.p, "--- ", 4) == 0);
	}
	rn_sb_free(&sb);
	printf("decoded %lu random calls\n", lines);
	return 0;
}
