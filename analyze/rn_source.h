/* rn_source.h: rn-analyze's offline source resolver (rn_source.c, libdw),
 * the one piece of analyze/ other tools use: rn-export names the code
 * behind each syscall span with it (export/rn_span_source.c). It unwinds
 * the user stacks recorded with --stack against the executable mappings
 * the trace recorded, reading the ELF and DWARF files present here. */
#ifndef RN_SOURCE_H
#define RN_SOURCE_H

#include "rn_trace.h"

#include <stddef.h>
#include <stdint.h>

typedef struct rn_source rn_source;

/* frames = 0: the first frame of the program's own code; N: up to N frames. */
rn_source *rn_source_new(const char *trace_path, uint16_t arch, int frames);
void rn_source_free(rn_source *src);
/* Feeds the events that change address spaces (Mapping, Proc exec/exit). */
void rn_source_event(rn_source *src, const rn_event *ev);
/* "file.c:12 in func" (frames joined by " <- " with --frames), or NULL when
 * the syscall has no stack or nothing resolved. Valid until the next call. */
const char *rn_source_where(rn_source *src, const rn_syscall *sc);
/* The function containing addr in process pid ("main", or "0x401000" when
 * nothing maps it). Cached; valid until the resolver is freed. */
const char *rn_source_func(rn_source *src, int32_t pid, uint64_t addr);
/* The i-th ELF file the resolved stacks went through (0 past the end). */
int rn_source_module(const rn_source *src, size_t i, const char **path, const uint8_t **bid,
                     uint32_t *bid_len);
/* Opens the ELF (debug = 0) or separate debug file (debug = 1) of a build-id
 * the way the resolver finds it; -1 when absent. */
int rn_source_open(rn_source *src, const char *path, const uint8_t *bid, uint32_t bid_len,
                   int debug);
/* Stacks unwound and cache hits, for the benchmark. */
void rn_source_stats(const rn_source *src, uint64_t *stacks, uint64_t *cached);

#endif
