/* rn_analyze_elf.h: finding ELF and debug files by build-id (rn_analyze_elf.c). */
#ifndef RN_ANALYZE_ELF_H
#define RN_ANALYZE_ELF_H

#include <stdint.h>

typedef struct rn_analyze_elfs rn_analyze_elfs;

/* The lookup state of one trace (its packed files are listed on first use). */
rn_analyze_elfs *rn_analyze_elfs_new(const char *trace);
void rn_analyze_elfs_free(rn_analyze_elfs *s);
/* Opens the ELF recorded at path with this build-id: path, packed copy,
 * /usr/lib/debug/.build-id, debuginfod, separate debug file. -1 if none. */
int rn_analyze_elf_open(rn_analyze_elfs *s, const char *path, const uint8_t *bid, uint32_t bid_len);
/* A packed file of this kind (RN_PACK_ELF, RN_PACK_DEBUG), as an in-memory
 * descriptor; -1 when the trace has none. */
int rn_analyze_elf_packed(rn_analyze_elfs *s, const uint8_t *bid, uint32_t len, int kind);
/* /usr/lib/debug/.build-id/xx/yyyy with suffix ("" or ".debug"); -1. */
int rn_analyze_elf_build_id(const uint8_t *bid, uint32_t len, const char *suffix);

#endif
