/* fcount.c: the benchmark's trace reader: prints how many function events a
 * trace holds and how many the recorder reported lost (RN_LOSS_BUFFER_FULL).
 * Usage: fcount TRACE   Output: "entries E exits X lost L" */
#include "rn_trace.h"

#include <inttypes.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fcount TRACE\n");
		return 2;
	}
	char err[512];
	rn_reader *r = rn_reader_open(argv[1], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "fcount: %s\n", err);
		return 1;
	}
	uint64_t in = 0, out = 0, lost = 0;
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind == RN_EV_LOSS && ev.u.loss.reason == RN_LOSS_BUFFER_FULL)
			lost += ev.u.loss.count;
		if (ev.kind != RN_EV_FUNCS)
			continue;
		for (uint32_t i = 0; i < ev.u.funcs.nevents; i++) {
			if (ev.u.funcs.events[2 * i + 1] >> 31)
				out++;
			else
				in++;
		}
	}
	int bad = rn_reader_damage(r) != NULL;
	rn_reader_close(r);
	printf("entries %" PRIu64 " exits %" PRIu64 " lost %" PRIu64 "\n", in, out, lost);
	return bad;
}
