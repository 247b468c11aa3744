/* rn_damage.h: what a tool says about a damaged trace, the same in every
 * tool (rule 2): first the reader's summary line with the counts
 * (rn_reader_damage), then the problems the reader found, one line each
 * (a corrupt chunk, where the file was cut), at most RN_DAMAGE_DETAILS of
 * them and a line saying how many more. A tool collects them on its first
 * pass over the trace and prints them before its first line of output. */
#ifndef RN_DAMAGE_H
#define RN_DAMAGE_H

#include "rn_trace.h"

#include <stdio.h>

#define RN_DAMAGE_DETAILS 8

typedef struct rn_damage {
	char line[512]; /* the summary (rn_reader_damage), "" when whole */
	char detail[RN_DAMAGE_DETAILS][512];
	unsigned nproblems; /* problems told by the reader (the first kept) */
} rn_damage;

/* Empties d and makes r tell its problems to d instead of stderr. */
void rn_damage_listen(rn_damage *d, rn_reader *r);
/* After the read: keeps r's summary line in d. Returns 1 when the trace
 * was damaged, else 0. */
int rn_damage_end(rn_damage *d, rn_reader *r);
/* Prints d on f, each line as "TOOL: PATH: ...": the summary, then the
 * problems (a problem that left the file whole, if the reader tells one, is
 * printed too). Returns 1 when the trace was damaged, else 0. */
int rn_damage_print(const rn_damage *d, FILE *f, const char *tool, const char *path);
/* After the read of a damaged trace: the events its chunk markers count
 * that the read did not return (corrupt chunks, the chunk the file was cut
 * inside; what a cut took after that chunk nothing counts), at least 1 (a
 * damage no marker counts); 0 when the trace was whole. A copy of the
 * trace carries them as a Loss event (RN_LOSS_DAMAGED): it never looks
 * whole. */
uint64_t rn_damage_lost(rn_reader *r);
/* A warn callback that tells nothing (a later pass over a trace whose
 * damage was told already). */
void rn_damage_quiet(void *ctx, const char *file, const char *msg);

#endif
