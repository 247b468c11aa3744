/* rn_progress.h: a one-line progress bar on stderr for long exports
 * (percent, spans/s, ETA), redrawn at most 5 times a second; silent unless
 * enabled (rn-export enables it when stderr is a terminal). */
#ifndef RN_PROGRESS_H
#define RN_PROGRESS_H

#include <stdint.h>

typedef struct rn_progress {
	int on;
	uint64_t t0;
	uint64_t last_draw;
	int drawn;
} rn_progress;

void rn_progress_start(rn_progress *p, int on);
/* done/total: events read; spans: spans produced so far. */
void rn_progress_update(rn_progress *p, uint64_t done, uint64_t total, uint64_t spans);
/* Clears the bar. */
void rn_progress_end(rn_progress *p);
/* Seconds since start. */
double rn_progress_elapsed(const rn_progress *p);

#endif
