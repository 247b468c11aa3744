/* rn_damage.c: the damage lines every tool prints, collected from the
 * reader and printed in one order. See rn_damage.h. */
#include "rn_damage.h"

#include <string.h>

static void collect(void *ctx, const char *file, const char *msg)
{
	rn_damage *d = ctx;
	(void)file;
	if (d->nproblems < RN_DAMAGE_DETAILS)
		snprintf(d->detail[d->nproblems], sizeof(d->detail[0]), "%s", msg);
	d->nproblems++;
}

uint64_t rn_damage_lost(rn_reader *r)
{
	if (!rn_reader_damage(r))
		return 0;
	const rn_chunk_info *c;
	uint32_t n = 0;
	const rn_reader_status *st = rn_reader_status_get(r);
	uint64_t all = st->cut_events, got = st->events;
	if (rn_reader_chunks(r, &c, &n) == 0)
		for (uint32_t i = 0; i < n; i++)
			all += c[i].nevents;
	return all > got ? all - got : 1;
}

void rn_damage_quiet(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
}

void rn_damage_listen(rn_damage *d, rn_reader *r)
{
	d->line[0] = 0;
	d->nproblems = 0;
	rn_reader_set_warn(r, collect, d);
}

int rn_damage_end(rn_damage *d, rn_reader *r)
{
	const char *s = rn_reader_damage(r);
	snprintf(d->line, sizeof(d->line), "%s", s ? s : "");
	return s != NULL;
}

int rn_damage_print(const rn_damage *d, FILE *f, const char *tool, const char *path)
{
	if (d->line[0])
		fprintf(f, "%s: %s: %s\n", tool, path, d->line);
	unsigned n = d->nproblems < RN_DAMAGE_DETAILS ? d->nproblems : RN_DAMAGE_DETAILS;
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s: %s: %s\n", tool, path, d->detail[i]);
	if (d->nproblems > n)
		fprintf(f, "%s: %s: %u more problems not shown\n", tool, path, d->nproblems - n);
	return d->line[0] != 0;
}
