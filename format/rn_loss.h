/* rn_loss.h: what the Loss events of a trace add up to, and the one warning
 * line every tool that shows the recorded data prints before anything else
 * when something was lost (rule 2: never a silently partial answer). Tools
 * feed every Loss event they read to rn_loss_tally_add while they read. */
#ifndef RN_LOSS_H
#define RN_LOSS_H

#include "rn_event.h"

#include <stddef.h>
#include <stdint.h>

#define RN_LOSS_REASONS 7 /* rn_loss_reason values 1..6; 0 counts unknown ones */

typedef struct rn_loss_tally {
	uint64_t total;
	uint64_t by_reason[RN_LOSS_REASONS];
	uint64_t unread; /* captures rn could not read (rn_loss_tally_sc) */
} rn_loss_tally;

void rn_loss_tally_add(rn_loss_tally *t, const rn_loss *l);
/* Adds to t->unread the captures of sc that rn could not read although the
 * program's pointer was good: flagged RN_CAPF_UNREADABLE on a call that did
 * not fail with EFAULT (a call that did is the program's bad pointer, shown
 * by its address as strace shows it). Argument data only: the stack and
 * register captures of --stack are no argument. */
void rn_loss_tally_sc(rn_loss_tally *t, const rn_syscall *sc);
/* The line, without a newline: "warning: 3 captured arguments could not be
 * read while recording; what follows lacks their contents". Returns 0 (and
 * "" in buf) when every capture was read, else 1. */
int rn_unread_line(const rn_loss_tally *t, char *buf, size_t len);
/* "a recording ring was full", ... */
const char *rn_loss_reason_str(uint32_t reason);
/* The line, without a newline: "warning: 55299 events were lost while
 * recording (55299: a recording ring was full); what follows is
 * incomplete". Returns 0 (and "" in buf) when nothing was lost, else 1. */
int rn_loss_line(const rn_loss_tally *t, char *buf, size_t len);
/* A first pass over the trace at path: its Loss events and its unread
 * captures (rn_loss_tally_sc) added up in t, and its damage (the summary
 * line, "" when whole, and the problems found, rn_damage.h) in dmg. For
 * tools that stream and must say so before their output. Returns 0, or -1
 * when the file cannot be opened (the real pass says why). */
struct rn_damage;
int rn_loss_scan_file(const char *path, rn_loss_tally *t, struct rn_damage *dmg);

#endif
