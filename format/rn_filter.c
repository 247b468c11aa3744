/* rn_filter.c: -e trace=SET parsing (see rn_filter.h), with strace's syntax:
 * comma lists of names, %classes (and the bare class names), /regex/ (POSIX
 * extended), "all", "none", ?name (no error when unknown) and a leading "!"
 * that inverts the whole set. */
#include "rn_filter.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t bits;
	int bare; /* also accepted without '%' (deprecated in strace) */
} classes[] = {
    {"file", RN_CLASS_FILE, 1},       {"desc", RN_CLASS_DESC, 1},
    {"network", RN_CLASS_NETWORK, 1}, {"net", RN_CLASS_NETWORK, 0},
    {"process", RN_CLASS_PROCESS, 1}, {"signal", RN_CLASS_SIGNAL, 1},
    {"ipc", RN_CLASS_IPC, 1},         {"memory", RN_CLASS_MEMORY, 1},
    {"creds", RN_CLASS_CREDS, 0},     {"clock", RN_CLASS_CLOCK, 0},
    {"stat", RN_CLASS_STAT_P, 0},     {"lstat", RN_CLASS_LSTAT, 0},
    {"fstat", RN_CLASS_FSTAT, 0},     {"%stat", RN_CLASS_STAT, 0},
    {"statfs", RN_CLASS_STATFS_P, 0}, {"fstatfs", RN_CLASS_FSTATFS, 0},
    {"%statfs", RN_CLASS_STATFS, 0},  {"pure", RN_CLASS_PURE, 0},
};

void rn_sysset_all(rn_sysset *set)
{
	memset(set, 0xff, sizeof(*set));
}

static int add_class(const char *cls, uint16_t arch, rn_sysset *set)
{
	for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++) {
		if (strcmp(classes[c].name, cls) != 0)
			continue;
		uint32_t nr;
		for (size_t i = 0; rn_syscall_at(arch, i, &nr); i++)
			if (rn_syscall_classes(arch, nr) & classes[c].bits)
				rn_sysset_add(set, nr);
		return 0;
	}
	return -1;
}

static int bare_class(const char *tok)
{
	for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
		if (classes[c].bare && strcmp(classes[c].name, tok) == 0)
			return 1;
	return 0;
}

/* glibc's regcomp takes time and memory exponential in stacked or nested
 * repetitions (68 bytes of "+" took 19 s and 4 GB). Syscall names are short:
 * a pattern for them needs no more than this. Returns NULL or the reason. */
static const char *regex_too_complex(const char *p)
{
	enum { MAX_LEN = 128, MAX_OPS = 8, MAX_REPEAT = 1024 };
	if (strlen(p) > MAX_LEN)
		return "longer than 128 bytes";
	int ops = 0, after_op = 0;
	unsigned long repeat = 1;
	for (const char *c = p; *c; c++) {
		if (*c == '\\' && c[1]) {
			c++;
			after_op = 0;
			continue;
		}
		if (*c != '+' && *c != '*' && *c != '?' && *c != '{') {
			after_op = 0;
			continue;
		}
		if (after_op)
			return "a repetition of a repetition";
		if (++ops > MAX_OPS)
			return "more than 8 repetition operators";
		after_op = 1;
		if (*c != '{')
			continue;
		unsigned long most = 0;
		for (c++; *c && *c != '}'; c++)
			if (*c >= '0' && *c <= '9') {
				unsigned long v = strtoul(c, NULL, 10);
				most = v > most ? v : most;
				while (c[1] >= '0' && c[1] <= '9')
					c++;
			}
		if (!*c)
			return NULL; /* unbalanced: regcomp says so */
		repeat *= most ? most : 1;
		if (most > MAX_REPEAT || repeat > MAX_REPEAT)
			return "repetition counts multiplying past 1024";
	}
	return NULL;
}

static int add_regex(const char *re, uint16_t arch, rn_sysset *set, char *err, size_t errlen)
{
	char *pat = strdup(re);
	if (!pat)
		return -1;
	size_t n = strlen(pat);
	if (n > 0 && pat[n - 1] == '/')
		pat[n - 1] = 0;
	const char *why = regex_too_complex(pat);
	if (why) {
		snprintf(err, errlen, "regular expression '/%.40s%s' is too complex: %s", pat,
		         strlen(pat) > 40 ? "..." : "", why);
		free(pat);
		return -1;
	}
	regex_t rx;
	int rc = regcomp(&rx, pat, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char msg[128];
		regerror(rc, &rx, msg, sizeof(msg));
		snprintf(err, errlen, "invalid regular expression '/%s': %s", pat, msg);
		free(pat);
		return -1;
	}
	uint32_t nr;
	const char *name;
	for (size_t i = 0; (name = rn_syscall_at(arch, i, &nr)) != NULL; i++)
		if (regexec(&rx, name, 0, NULL, 0) == 0)
			rn_sysset_add(set, nr);
	regfree(&rx);
	free(pat);
	return 0;
}

static int add_token(char *tok, uint16_t arch, rn_sysset *set, char *err, size_t errlen)
{
	int quiet = 0;
	if (tok[0] == '?') {
		quiet = 1;
		tok++;
	}
	if (tok[0] == 0) {
		snprintf(err, errlen, "empty system call name in trace set");
		return -1;
	}
	if (strcmp(tok, "all") == 0) {
		rn_sysset_all(set);
		return 0;
	}
	if (strcmp(tok, "none") == 0)
		return 0;
	if (tok[0] == '/')
		return add_regex(tok + 1, arch, set, err, errlen);
	if (tok[0] == '%' || bare_class(tok)) {
		if (add_class(tok[0] == '%' ? tok + 1 : tok, arch, set) == 0 || quiet)
			return 0;
		snprintf(err, errlen, "invalid system call class '%s'", tok);
		return -1;
	}
	int nr = rn_syscall_lookup(arch, tok);
	if (nr >= 0) {
		rn_sysset_add(set, (uint32_t)nr);
		return 0;
	}
	if (quiet)
		return 0;
	snprintf(err, errlen, "invalid system call '%s'", tok);
	return -1;
}

int rn_filter_parse(const char *expr, uint16_t arch, rn_sysset *set, char *err, size_t errlen)
{
	memset(set, 0, sizeof(*set));
	if (strncmp(expr, "trace=", 6) == 0)
		expr += 6;
	else if (strncmp(expr, "t=", 2) == 0)
		expr += 2;
	int invert = 0;
	while (expr[0] == '!') {
		invert = !invert;
		expr++;
	}
	if (expr[0] == 0) {
		snprintf(err, errlen, "empty trace set");
		return -1;
	}
	char *copy = strdup(expr);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = 0;
	char *p = copy;
	for (;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = 0;
		if (add_token(p, arch, set, err, errlen) < 0) {
			rc = -1;
			break;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	free(copy);
	if (rc == 0 && invert)
		for (size_t i = 0; i < sizeof(set->bits) / sizeof(set->bits[0]); i++)
			set->bits[i] = ~set->bits[i];
	return rc;
}

int rn_sysset_has_abi(const rn_sysset *set, uint16_t arch, uint16_t abi, uint32_t nr)
{
	if (abi == arch)
		return rn_sysset_has(set, nr);
	const char *name = rn_syscall_name(abi, nr);
	int native = name ? rn_syscall_lookup(arch, name) : -1;
	return native >= 0 && rn_sysset_has(set, (uint32_t)native);
}
