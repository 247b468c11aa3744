/* rn_record_flight.c: --max-size flight recorder on top of the public writer
 * and reader API. Chunks go to two rotating segment files (FILE.seg0 and
 * FILE.seg1, each a complete trace of at most about SIZE/2); when the current
 * one is full the older is deleted and a new one started, so the newest
 * events within SIZE are kept. At the end both segments are merged into FILE
 * behind a Loss event (RN_LOSS_FLIGHT_WINDOW) counting what was dropped, and
 * deleted. The Loss events of a deleted segment (a full BPF ring...) are not
 * events lost to the window: their counts are kept, by reason, and written
 * beside it. If the recorder is killed, the segments are readable traces.
 * A segment found damaged at the merge (changed on disk while recording) is
 * said as every tool says damage (rn_damage.h), and the events it lost are
 * a Loss event (RN_LOSS_DAMAGED) of the merged trace: it never looks whole. */
#include "rn_record.h"

#include "rn_damage.h"
#include "rn_flatbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MERGE_CHUNK (1u << 20)
#define NREASON     8 /* RN_LOSS_* below this */

struct rn_flight {
	char path[4096];
	char seg[2][4200];
	int cur;      /* index of the segment being written */
	int have_old; /* the other segment holds older events */
	rn_writer *w;
	uint64_t limit;
	uint64_t dropped;    /* events in deleted segments */
	uint64_t old_events; /* events in the older segment */
	uint64_t cur_events; /* ... and in the current one, once closed */
	uint64_t drop_first; /* time of the first dropped event */
	uint64_t drop_last;  /* ... and of the last */
	uint64_t seg_first[2];
	uint64_t seg_loss[2][NREASON]; /* the counts of each segment's Loss events */
	uint64_t seg_nloss[2];         /* and how many there are */
	uint64_t carried[NREASON];     /* those of deleted segments */
	rn_header hdr;
};

static rn_writer *seg_open(rn_flight *f, char *err, size_t errlen)
{
	unlink(f->seg[f->cur]);
	rn_writer_opts wo = {RN_REC_ZSTD_LEVEL};
	return rn_writer_open(f->seg[f->cur], &f->hdr, &wo, err, errlen);
}

rn_flight *rn_flight_open(const char *path, uint64_t max, const rn_header *h, char *err,
                          size_t errlen)
{
	rn_flight *f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(f->path, sizeof(f->path), "%s", path);
	for (int i = 0; i < 2; i++)
		snprintf(f->seg[i], sizeof(f->seg[i]), "%s.seg%d", path, i);
	f->hdr = *h;
	uint64_t half = max / 2;
	f->limit = half > (512u << 10) ? half - (256u << 10) : half / 2 + 1;
	f->w = seg_open(f, err, errlen);
	if (!f->w) {
		free(f);
		return NULL;
	}
	return f;
}

int rn_flight_write(rn_flight *f, rn_chunk_builder *b, char *err, size_t errlen)
{
	if (!f->seg_first[f->cur] && rn_chunk_events(b))
		f->seg_first[f->cur] = b->first_ns;
	uint64_t last = b->last_ns;
	for (size_t o = 0; o + RN_LOSS_SIZE <= b->losses.len; o += RN_LOSS_SIZE) {
		uint32_t reason = rn_le32(b->losses.p + o + 24);
		f->seg_loss[f->cur][reason < NREASON ? reason : 0] += rn_le64(b->losses.p + o + 8);
		f->seg_nloss[f->cur]++;
	}
	if (rn_writer_write_chunk(f->w, b, err, errlen) < 0)
		return -1;
	if (rn_writer_bytes(f->w) < f->limit)
		return 0;
	uint64_t ev = rn_writer_events(f->w);
	if (rn_writer_close(f->w, err, errlen) < 0) {
		f->w = NULL;
		return -1;
	}
	if (f->have_old) {
		int o = f->cur ^ 1;
		f->dropped += f->old_events - f->seg_nloss[o];
		for (int k = 0; k < NREASON; k++)
			f->carried[k] += f->seg_loss[o][k];
		if (!f->drop_first)
			f->drop_first = f->seg_first[f->cur ^ 1];
		f->drop_last = f->seg_first[f->cur];
	}
	f->old_events = ev;
	f->have_old = 1;
	f->cur ^= 1;
	f->seg_first[f->cur] = 0;
	memset(f->seg_loss[f->cur], 0, sizeof(f->seg_loss[f->cur]));
	f->seg_nloss[f->cur] = 0;
	(void)last;
	f->w = seg_open(f, err, errlen);
	return f->w ? 0 : -1;
}

/* Appends every event of segment file seg (written: the events written to
 * it, first_ns: its first time) to w through b. A damaged segment is said
 * on stderr the tools' way, and what it lost added as a Loss event. */
static int copy_segment(const char *seg, uint64_t written, uint64_t first_ns, rn_writer *w,
                        rn_chunk_builder *b, char *err, size_t errlen)
{
	rn_reader *r = rn_reader_open(seg, err, errlen);
	if (!r)
		return -1;
	rn_damage dmg;
	rn_damage_listen(&dmg, r);
	rn_event ev;
	int rc = 0;
	while (rc == 0 && rn_reader_next(r, &ev) == 1) {
		if (rn_chunk_add_event(b, &ev) < 0) {
			snprintf(err, errlen, "out of memory merging segments");
			rc = -1;
		} else if (rn_chunk_bytes(b) >= MERGE_CHUNK)
			rc = rn_writer_write_chunk(w, b, err, errlen);
	}
	if (rc == 0 && rn_damage_end(&dmg, r)) {
		rn_damage_print(&dmg, stderr, "rn-record", seg);
		uint64_t got = rn_reader_status_get(r)->events;
		rn_loss l = {first_ns, written > got ? written - got : 1, 0, 0, RN_LOSS_DAMAGED};
		rn_chunk_add_loss(b, &l);
	}
	if (rc == 0)
		rc = rn_writer_write_chunk(w, b, err, errlen);
	rn_reader_close(r);
	return rc;
}

int rn_flight_close(rn_flight *f, char *err, size_t errlen)
{
	int rc = 0;
	if (f->w)
		f->cur_events = rn_writer_events(f->w);
	if (f->w && rn_writer_close(f->w, err, errlen) < 0)
		rc = -1;
	f->w = NULL;
	if (rc == 0 && err) {
		rn_writer_opts wo = {RN_REC_ZSTD_LEVEL};
		rn_writer *w = rn_writer_open(f->path, &f->hdr, &wo, err, errlen);
		rn_chunk_builder b;
		rn_chunk_init(&b);
		if (!w)
			rc = -1;
		if (w && f->dropped) {
			rn_loss l = {f->drop_first, f->dropped, 0, 0, RN_LOSS_FLIGHT_WINDOW};
			rn_chunk_add_loss(&b, &l);
		}
		for (int k = 0; w && k < NREASON; k++)
			if (f->carried[k]) {
				rn_loss l = {f->drop_first, f->carried[k], 0, 0, (uint32_t)k};
				rn_chunk_add_loss(&b, &l);
			}
		int o = f->cur ^ 1;
		if (w && f->have_old)
			rc = copy_segment(f->seg[o], f->old_events, f->seg_first[o], w, &b, err,
			                  errlen);
		if (w && rc == 0)
			rc = copy_segment(f->seg[f->cur], f->cur_events, f->seg_first[f->cur], w,
			                  &b, err, errlen);
		if (w && rc == 0)
			rc = rn_writer_close(w, err, errlen);
		else if (w)
			rn_writer_abandon(w);
		rn_chunk_free(&b);
	}
	if (rc == 0) {
		unlink(f->seg[0]);
		unlink(f->seg[1]);
	}
	free(f);
	return rc;
}
