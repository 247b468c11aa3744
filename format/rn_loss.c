/* rn_loss.c: see rn_loss.h. */
#include "rn_loss.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void rn_loss_tally_add(rn_loss_tally *t, const rn_loss *l)
{
	t->total += l->count;
	t->by_reason[l->reason < RN_LOSS_REASONS ? l->reason : 0] += l->count;
}

void rn_loss_tally_sc(rn_loss_tally *t, const rn_syscall *sc)
{
	if (sc->ret == -EFAULT && !(sc->flags & RN_SC_NO_EXIT)) /* the program's bad pointer */
		return;
	for (uint16_t i = 0; i < sc->ncap; i++) {
		const rn_capture *c = &sc->caps[i];
		if ((c->flags & RN_CAPF_UNREADABLE) && c->kind != RN_CAP_STACK &&
		    c->kind != RN_CAP_REGS)
			t->unread++;
	}
}

int rn_unread_line(const rn_loss_tally *t, char *buf, size_t len)
{
	if (len)
		buf[0] = 0;
	if (!t->unread)
		return 0;
	int one = t->unread == 1;
	if (len)
		snprintf(buf, len,
		         "warning: %" PRIu64 " captured argument%s could not be read while "
		         "recording; what follows lacks %s contents",
		         t->unread, one ? "" : "s", one ? "its" : "their");
	return 1;
}

const char *rn_loss_reason_str(uint32_t r)
{
	switch (r) {
	case RN_LOSS_WRITE_FAILED:
		return "the trace could not be written";
	case RN_LOSS_READ_FAILED:
		return "tracee memory could not be read";
	case RN_LOSS_BUFFER_FULL:
		return "a recording ring was full";
	case RN_LOSS_FLIGHT_WINDOW:
		return "older than the flight-recorder window";
	case RN_LOSS_LIMIT:
		return "a capture limit was hit";
	case RN_LOSS_DAMAGED:
		return "the recorded data was damaged";
	default:
		return "unknown reason";
	}
}

int rn_loss_line(const rn_loss_tally *t, char *buf, size_t len)
{
	if (len)
		buf[0] = 0;
	if (!t->total || !len)
		return t->total != 0;
	size_t n = (size_t)snprintf(
	    buf, len, "warning: %" PRIu64 " events were lost while recording (", t->total);
	const char *sep = "";
	for (uint32_t r = 1; r <= RN_LOSS_REASONS; r++) {
		uint32_t i = r % RN_LOSS_REASONS; /* unknown (0) last */
		if (!t->by_reason[i] || n >= len)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%" PRIu64 ": %s", sep, t->by_reason[i],
		                      rn_loss_reason_str(i));
		sep = "; ";
	}
	if (n < len)
		snprintf(buf + n, len - n, "); what follows is incomplete");
	return 1;
}
