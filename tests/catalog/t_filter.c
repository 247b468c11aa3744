/* -e trace= expressions: names, classes, regexes, negation, quiet names and
 * errors that name the bad token. */
#include "../rn_test.h"
#include "rn_filter.h"

static rn_sysset parse_ok(const char *e, uint16_t arch)
{
	rn_sysset s;
	char err[128] = "";
	if (rn_filter_parse(e, arch, &s, err, sizeof(err)) != 0) {
		fprintf(stderr, "parse '%s' failed: %s\n", e, err);
		exit(1);
	}
	return s;
}

static void parse_err(const char *e, const char *want)
{
	rn_sysset s;
	char err[128] = "";
	CHECK(rn_filter_parse(e, RN_ARCH_X86_64, &s, err, sizeof(err)) == -1);
	CHECK_STR(err, want);
}

static int nr(uint16_t arch, const char *n)
{
	return rn_syscall_lookup(arch, n);
}

int main(void)
{
	const uint16_t X = RN_ARCH_X86_64, A = RN_ARCH_AARCH64;
	rn_sysset s = parse_ok("trace=openat,close", X);
	CHECK(rn_sysset_has(&s, 257) && rn_sysset_has(&s, 3) && !rn_sysset_has(&s, 0));
	s = parse_ok("%file", X);
	CHECK(rn_sysset_has(&s, nr(X, "open")) && rn_sysset_has(&s, nr(X, "execve")));
	CHECK(!rn_sysset_has(&s, nr(X, "read")));
	s = parse_ok("file", A); /* bare class name */
	CHECK(rn_sysset_has(&s, nr(A, "openat")) && !rn_sysset_has(&s, nr(A, "close")));
	s = parse_ok("%network", X);
	CHECK(rn_sysset_has(&s, nr(X, "connect")) && !rn_sysset_has(&s, nr(X, "openat")));
	s = parse_ok("%process,%signal", X);
	CHECK(rn_sysset_has(&s, nr(X, "clone")) && rn_sysset_has(&s, nr(X, "rt_sigaction")));
	s = parse_ok("%memory", A);
	CHECK(rn_sysset_has(&s, nr(A, "mmap")) && rn_sysset_has(&s, nr(A, "brk")));
	s = parse_ok("%fstat", X);
	CHECK(rn_sysset_has(&s, nr(X, "fstat")) && rn_sysset_has(&s, nr(X, "newfstatat")));
	CHECK(!rn_sysset_has(&s, nr(X, "stat")));
	s = parse_ok("%%stat", X);
	CHECK(rn_sysset_has(&s, nr(X, "statx")) && rn_sysset_has(&s, nr(X, "lstat")));
	s = parse_ok("%pure", X);
	CHECK(rn_sysset_has(&s, nr(X, "getpid")) && !rn_sysset_has(&s, nr(X, "kill")));
	s = parse_ok("/^open", X);
	CHECK(rn_sysset_has(&s, nr(X, "open")) && rn_sysset_has(&s, nr(X, "openat2")));
	CHECK(!rn_sysset_has(&s, nr(X, "close")));
	s = parse_ok("/stat$/", X);
	CHECK(rn_sysset_has(&s, nr(X, "fstat")) && !rn_sysset_has(&s, nr(X, "statx")));
	s = parse_ok("!openat,close", X);
	CHECK(!rn_sysset_has(&s, 257) && !rn_sysset_has(&s, 3) && rn_sysset_has(&s, 0));
	s = parse_ok("all", A);
	CHECK(rn_sysset_has(&s, 0) && rn_sysset_has(&s, 400));
	s = parse_ok("none", A);
	CHECK(!rn_sysset_has(&s, 0) && !rn_sysset_has(&s, 56));
	s = parse_ok("!none", A);
	CHECK(rn_sysset_has(&s, 56));
	s = parse_ok("?open,openat", A); /* open does not exist on aarch64: quiet */
	CHECK(rn_sysset_has(&s, 56));
	parse_err("openat,bogus", "invalid system call 'bogus'");
	parse_err("%nosuch", "invalid system call class '%nosuch'");
	parse_err("open,,close", "empty system call name in trace set");
	parse_err("trace=", "empty trace set");
	parse_err("/(", "invalid regular expression '/(': Unmatched ( or \\(");
	/* Regexes that would make regcomp exponential are refused at once. */
	parse_err("/trfup++++", "regular expression '/trfup++++' is too complex: a repetition of "
	                        "a repetition");
	parse_err("/((((a+)+)+)+)+(b*)*c?d?e?",
	          "regular expression '/((((a+)+)+)+)+(b*)*c?d?e?' is "
	          "too complex: more than 8 repetition operators");
	parse_err("/((a{32}){32}){2}", "regular expression '/((a{32}){32}){2}' is too complex: "
	                               "repetition counts multiplying past 1024");
	s = parse_ok("/^(open|stat)(at)?\\+?$", X); /* escaped operators are literals */
	CHECK(rn_sysset_has(&s, 2) && rn_sysset_has(&s, 257) && rn_sysset_has(&s, 4) &&
	      !rn_sysset_has(&s, 5));
	s = parse_ok("/^(new)?f?stat(at)?$", X);
	CHECK(rn_sysset_has(&s, 4) && rn_sysset_has(&s, 5) && rn_sysset_has(&s, 262));
	rn_sysset t;
	char err[64];
	CHECK(rn_filter_parse("open", A, &t, err, sizeof(err)) == -1);
	CHECK_STR(err, "invalid system call 'open'");
	/* ia32 calls (int $0x80 on x86_64) by their i386 names
	 * (data/sysnums_ia32.def): 20 is getpid there, writev on x86_64 */
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 20), "getpid");
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 4), "write");
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 252), "exit_group");
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 192), "mmap2");
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 469), "file_setattr");
	/* the names with a leading underscore, as the kernel and strace spell them */
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 140), "_llseek");
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 142), "_newselect");
	CHECK_STR(rn_syscall_name(RN_ABI_IA32, 149), "_sysctl");
	CHECK(rn_syscall_name(RN_ABI_IA32, 9999) == NULL);
	CHECK(rn_syscall_lookup(RN_ABI_IA32, "socketcall") == 102);
	s = parse_ok("getpid,write", X);
	CHECK(rn_sysset_has_abi(&s, X, RN_ABI_IA32, 20) &&
	      rn_sysset_has_abi(&s, X, RN_ABI_IA32, 4));
	CHECK(!rn_sysset_has_abi(&s, X, X, 20)); /* x86_64 writev */
	s = parse_ok("writev", X);
	CHECK(!rn_sysset_has_abi(&s, X, RN_ABI_IA32, 20) && rn_sysset_has_abi(&s, X, X, 20));
	CHECK(!rn_sysset_has_abi(&s, X, RN_ABI_IA32, 9999)); /* no name: not in any set */
	rn_syscall csc = {.nr = 20, .flags = RN_SC_COMPAT};
	CHECK(rn_sc_abi(X, &csc) == RN_ABI_IA32 && rn_sc_abi(A, &csc) == A);
	CHECK(rn_syscall_ent_compat(X, 20) == rn_syscall_ent(X, 39)); /* getpid's */
	printf("filter: ok\n");
	return 0;
}
