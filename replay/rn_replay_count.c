/* rn_replay_count.c: -c and -C, strace's table of calls per syscall: time,
 * calls, errors, sorted by time (then by number, as strace's stable sort
 * leaves ties). A recording holds each call's entry and exit times, not the
 * system CPU time strace -c measures by default, so the seconds column is
 * the time inside the calls: what strace -c -w prints. */
#include "rn_replay.h"

#include <stdlib.h>

struct rp_count {
	uint16_t arch;
	struct rp_count_row {
		uint64_t ns, calls, errors;
	} rows[RN_NR_MAX];
};

rp_count *rp_count_new(uint16_t arch)
{
	rp_count *c = calloc(1, sizeof(*c));
	if (c)
		c->arch = arch;
	return c;
}

void rp_count_free(rp_count *c)
{
	free(c);
}

void rp_count_add(rp_count *c, const rn_syscall *sc)
{
	if (!c || (sc->flags & RN_SC_NO_EXIT) || sc->nr >= RN_NR_MAX)
		return; /* strace counts a call when it returns */
	struct rp_count_row *r = &c->rows[sc->nr];
	r->calls++;
	r->errors += rn_sc_failed(sc) != 0;
	r->ns += sc->t_exit > sc->t_entry ? sc->t_exit - sc->t_entry : 0;
}

static const struct rp_count_row *g_rows; /* for the qsort comparison */

static int by_time(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	if (g_rows[x].ns != g_rows[y].ns)
		return g_rows[x].ns < g_rows[y].ns ? 1 : -1;
	return x < y ? -1 : x > y;
}

static void put_row(FILE *f, double pct, uint64_t ns, uint64_t calls, uint64_t errors,
                    const char *name)
{
	char err[24] = "";
	if (errors)
		snprintf(err, sizeof(err), "%llu", (unsigned long long)errors);
	fprintf(f, "%6.2f %11.6f %11llu %9llu %9s %s\n", pct, (double)ns / 1e9,
	        (unsigned long long)(calls ? ns / calls / 1000 : 0), (unsigned long long)calls, err,
	        name);
}

void rp_count_print(const rp_count *c, FILE *f)
{
	static const char dashes[] = "------ ----------- ----------- --------- --------- "
	                             "----------------\n";
	uint16_t order[RN_NR_MAX] = {0};
	size_t n = 0;
	uint64_t ns = 0, calls = 0, errors = 0;
	for (uint32_t nr = 0; nr < RN_NR_MAX; nr++)
		if (c->rows[nr].calls) {
			order[n++] = (uint16_t)nr;
			ns += c->rows[nr].ns;
			calls += c->rows[nr].calls;
			errors += c->rows[nr].errors;
		}
	g_rows = c->rows;
	qsort(order, n, sizeof(order[0]), by_time);
	fputs("% time     seconds  usecs/call     calls    errors syscall\n", f);
	fputs(dashes, f);
	for (size_t i = 0; i < n; i++) {
		const struct rp_count_row *r = &c->rows[order[i]];
		char buf[48];
		const char *name = rn_syscall_name_buf(c->arch, order[i], buf, sizeof(buf));
		put_row(f, ns ? 100.0 * (double)r->ns / (double)ns : 0, r->ns, r->calls, r->errors,
		        name);
	}
	fputs(dashes, f);
	put_row(f, 100, ns, calls, errors, "total");
}
