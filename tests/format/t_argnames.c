/* t_argnames.c: the -N name table (format/data/argnames.def) is in the
 * strcmp order its lookup needs, names only syscalls the catalog knows, and
 * answers the names strace prints; rn_decode_hexdump keeps strace's -e
 * read= layout. */
#include "../rn_test.h"
#include "rn_decode.h"

int main(void)
{
	const char *prev = NULL;
	size_t k = 0;
	for (const char *n; (n = rn_arg_name_row(k)); k++) {
		if (prev && strcmp(prev, n) >= 0) {
			fprintf(stderr,
			        "argnames.def: '%s' after '%s': keep rows sorted (LC_ALL=C)\n", n,
			        prev);
			return 1;
		}
		if (rn_syscall_lookup(RN_ARCH_X86_64, n) < 0 &&
		    rn_syscall_lookup(RN_ARCH_AARCH64, n) < 0) {
			fprintf(stderr, "argnames.def: '%s' is no syscall\n", n);
			return 1;
		}
		prev = n;
	}
	CHECK(k > 300);
	CHECK_STR(rn_arg_name("openat", 0), "dirfd");
	CHECK_STR(rn_arg_name("openat", 3), "mode");
	CHECK_STR(rn_arg_name("read", 2), "count");
	CHECK_STR(rn_arg_name("ioctl", 1), "op");
	CHECK_STR(rn_arg_name("clock_nanosleep", 3), "remain");
	CHECK(rn_arg_name("close", 1) == NULL);
	CHECK(rn_arg_name("nosuchcall", 0) == NULL);
	CHECK(rn_arg_name("read", 6) == NULL);

	rn_sb sb = {0};
	const uint8_t d[] = "hello, world\n\tescaped \"quotes\" and \\ and \001\377\n";
	rn_decode_hexdump(&sb, d, 45);
	CHECK_STR(
	    sb.p,
	    "\n | 00000  68 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 09 65 73  hello, world..es |"
	    "\n | 00010  63 61 70 65 64 20 22 71  75 6f 74 65 73 22 20 61  caped \"quotes\" a |"
	    "\n | 00020  6e 64 20 5c 20 61 6e 64  20 01 ff 0a 00           nd \\ and ....    |");
	rn_sb_reset(&sb);
	rn_decode_hexdump(&sb, d, 0);
	CHECK(sb.len == 0);
	rn_sb_free(&sb);
	return 0;
}
