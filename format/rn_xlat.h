/* rn_xlat.h: constant tables (flag sets, enumerations, errno and signal
 * names) for the decoders, all declared once as data in format/data/. */
#ifndef RN_XLAT_H
#define RN_XLAT_H

#include <stddef.h>
#include <stdint.h>

/* Table ids: RN_XLAT_open, RN_XLAT_prot, ... one per XT() in xlat.def. */
enum rn_xlat_id {
#define XT(name, type) RN_XLAT_##name,
#define V(n)
#define VN(n, v)
#define XE
#include "data/xlat.def"
#undef XT
#undef V
#undef VN
#undef XE
	RN_XLAT_MAX
};

typedef struct rn_xval {
	uint64_t val;
	const char *name;
} rn_xval;

typedef struct rn_xlat {
	const char *name;
	const rn_xval *v;
	uint32_t n;
	int bits; /* 1: flag set, 0: enumeration */
} rn_xlat;

/* The table of an id, or NULL. */
const rn_xlat *rn_xlat_get(int id);
/* Name of an enumeration value, or NULL. */
const char *rn_xlat_name(int id, uint64_t val);
/* Value of a name in table id; returns 0 and sets *val, or -1. */
int rn_xlat_lookup(int id, const char *name, uint64_t *val);

/* errno: "ENOENT" / "No such file or directory"; NULL when unknown. */
const char *rn_errno_name(int err);
const char *rn_errno_desc(int err);
/* Signal name ("SIGCHLD", "SIGRT_2"), or NULL when out of range. */
const char *rn_signal_name(int sig);
/* Signal number of "SIGCHLD", "CHLD" or "chld" (any case); -1 when unknown. */
int rn_signal_lookup(const char *name);

#endif
