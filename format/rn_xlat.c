/* rn_xlat.c: the constant tables of format/data/ turned into lookups. */
#include "rn_xlat.h"

#include <string.h>
#include <strings.h>

#define V(n)           {n, #n},
#define VN(n, v)       {(uint64_t)(v), #n},
#define XT(name, type) static const rn_xval xv_##name[] = {
#define XE                                                                                         \
	}                                                                                          \
	;
#include "data/xlat.def"
#undef XT
#undef XE

#undef V
#undef VN
#define V(n)
#define VN(n, v)
#define BITS           1
#define ENUM           0
#define XT(name, type) {#name, xv_##name, sizeof(xv_##name) / sizeof(xv_##name[0]), type},
#define XE
static const rn_xlat xlats[] = {
#include "data/xlat.def"
};
#undef XT
#undef XE
#undef V
#undef VN

const rn_xlat *rn_xlat_get(int id)
{
	return id >= 0 && id < RN_XLAT_MAX ? &xlats[id] : NULL;
}

const char *rn_xlat_name(int id, uint64_t val)
{
	const rn_xlat *x = rn_xlat_get(id);
	for (uint32_t i = 0; x && i < x->n; i++)
		if (x->v[i].val == val)
			return x->v[i].name;
	return NULL;
}

int rn_xlat_lookup(int id, const char *name, uint64_t *val)
{
	const rn_xlat *x = rn_xlat_get(id);
	for (uint32_t i = 0; x && i < x->n; i++)
		if (strcmp(x->v[i].name, name) == 0) {
			*val = x->v[i].val;
			return 0;
		}
	return -1;
}

/* errno */
#define E(n, v) [v] = #n,
static const char *const errnames[] = {
#include "data/errno.def"
};
#undef E

static const struct {
	int err;
	const char *desc;
} kernel_errs[] = {
    {512, "To be restarted if SA_RESTART is set"},
    {513, "To be restarted"},
    {514, "To be restarted if no handler"},
    {515, "ioctl not handled"},
    {516, "Interrupted by signal"},
};

const char *rn_errno_name(int err)
{
	if (err <= 0 || (size_t)err >= sizeof(errnames) / sizeof(errnames[0]))
		return NULL;
	return errnames[err];
}

const char *rn_errno_desc(int err)
{
	for (size_t i = 0; i < sizeof(kernel_errs) / sizeof(kernel_errs[0]); i++)
		if (kernel_errs[i].err == err)
			return kernel_errs[i].desc;
	if (!rn_errno_name(err) || err >= 512)
		return NULL;
	return strerror(err); /* glibc's text, as strace prints */
}

/* signals */
#define S(n, v) [v] = #n,
static const char *const signames[] = {
#include "data/signals.def"
};
#undef S

static const char *const rtnames[] = {
    "SIGRT_1",  "SIGRT_2",  "SIGRT_3",  "SIGRT_4",  "SIGRT_5",  "SIGRT_6",  "SIGRT_7",  "SIGRT_8",
    "SIGRT_9",  "SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13", "SIGRT_14", "SIGRT_15", "SIGRT_16",
    "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20", "SIGRT_21", "SIGRT_22", "SIGRT_23", "SIGRT_24",
    "SIGRT_25", "SIGRT_26", "SIGRT_27", "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31", "SIGRT_32"};

const char *rn_signal_name(int sig)
{
	const int nsig = (int)(sizeof(signames) / sizeof(signames[0]));
	if (sig > 0 && sig < nsig)
		return signames[sig];
	if (sig >= nsig && sig <= 64)
		return rtnames[sig - nsig];
	return NULL;
}

int rn_signal_lookup(const char *name)
{
	for (int s = 1; s <= 64; s++) {
		const char *n = rn_signal_name(s);
		if (strcasecmp(n, name) == 0 ||
		    strcasecmp(n + 3, name) == 0) /* as strace: any case */
			return s;
	}
	return -1;
}
