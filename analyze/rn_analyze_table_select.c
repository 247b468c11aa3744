/* rn_analyze_table_select.c: the percentiles of every row of a table found
 * at once (rn_analyze_lat_select), on two threads when the table allows it
 * and there are values enough: the serial step between reading a trace and
 * printing its summary. The rows are dealt out largest first to the thread
 * with less work, so each selects about half of the values. */
#include "rn_analyze.h"

#include <pthread.h>
#include <stdlib.h>

/* Below this many values in all, a thread costs more than it saves (its
 * start ~50 us here; selection ~5 ns a value). */
#define SELECT_PAR_MIN 32768

typedef struct sel_part {
	rn_analyze_row *rows;
	const uint32_t *ix;
	size_t n;
} sel_part;

static void *select_part(void *arg)
{
	const sel_part *p = arg;
	for (size_t i = 0; i < p->n; i++)
		rn_analyze_lat_select(&p->rows[p->ix[i]].lat);
	return NULL;
}

static size_t row_values(const rn_analyze_table *t, uint32_t i)
{
	return rn_analyze_lat_count(&t->rows[i].lat);
}

static int cmp_larger(const void *a, const void *b, void *t)
{
	size_t x = row_values(t, *(const uint32_t *)a), y = row_values(t, *(const uint32_t *)b);
	return x < y ? 1 : x > y ? -1 : 0;
}

void rn_analyze_table_select(rn_analyze_table *t)
{
	size_t total = 0;
	for (size_t i = 0; i < t->n; i++)
		total += rn_analyze_lat_count(&t->rows[i].lat);
	uint32_t *ix = t->threads >= 2 && total >= SELECT_PAR_MIN && t->n > 1
	                   ? malloc(t->n * sizeof(*ix))
	                   : NULL;
	if (!ix) { /* one thread (or out of memory: the same answer) */
		for (size_t i = 0; i < t->n; i++)
			rn_analyze_lat_select(&t->rows[i].lat);
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		ix[i] = (uint32_t)i;
	qsort_r(ix, t->n, sizeof(*ix), cmp_larger, t);
	/* ix[0..na) for this thread and ix[na..n) for the other, in place: a
	 * row goes to whichever has fewer values so far. */
	uint32_t *other = malloc(t->n * sizeof(*other));
	if (!other) {
		free(ix);
		for (size_t i = 0; i < t->n; i++)
			rn_analyze_lat_select(&t->rows[i].lat);
		return;
	}
	size_t na = 0, nb = 0, wa = 0, wb = 0;
	for (size_t i = 0; i < t->n; i++) {
		size_t w = row_values(t, ix[i]);
		if (wa <= wb) {
			ix[na++] = ix[i];
			wa += w;
		} else {
			other[nb++] = ix[i];
			wb += w;
		}
	}
	sel_part mine = {t->rows, ix, na}, theirs = {t->rows, other, nb};
	pthread_t th;
	int started = pthread_create(&th, NULL, select_part, &theirs) == 0;
	select_part(&mine);
	if (started)
		pthread_join(th, NULL);
	else
		select_part(&theirs);
	free(other);
	free(ix);
}
