/* rn_loss_scan.c: a first pass over a trace that adds up its Loss events
 * and its unread captures and finds its damage, for tools that stream their output and must
 * still say first what was lost (rule 2). See rn_loss.h. */
#include "rn_damage.h"
#include "rn_loss.h"
#include "rn_trace.h"

#include <string.h>

int rn_loss_scan_file(const char *path, rn_loss_tally *t, rn_damage *dmg)
{
	char err[512];
	memset(t, 0, sizeof(*t));
	memset(dmg, 0, sizeof(*dmg));
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r)
		return -1;
	rn_damage_listen(dmg, r);
	/* Read whole: the unread captures are in the captures' flags. */
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind == RN_EV_LOSS)
			rn_loss_tally_add(t, &ev.u.loss);
		else if (ev.kind == RN_EV_SYSCALL)
			rn_loss_tally_sc(t, &ev.u.sc);
	}
	rn_damage_end(dmg, r);
	rn_reader_close(r);
	return 0;
}
