/* rn_analyze_output.c: output helpers shared by the subcommands: JSON and CSV string
 * quoting, human-readable durations, and -o FILE / standard output through
 * rn_ostream (a failed write is reported with the file's name). */
#include "rn_analyze.h"
#include "rn_ostream.h"

#include <inttypes.h>
#include <string.h>

void rn_analyze_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

void rn_analyze_csv_str(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

const char *rn_analyze_human_ns(double ns, char *buf, size_t n)
{
	double a = ns < 0 ? -ns : ns;
	if (a < 1e3)
		snprintf(buf, n, "%.0fns", ns);
	else if (a < 1e6)
		snprintf(buf, n, "%.3gus", ns / 1e3);
	else if (a < 1e9)
		snprintf(buf, n, "%.3gms", ns / 1e6);
	else
		snprintf(buf, n, "%.3gs", ns / 1e9);
	return buf;
}

FILE *rn_analyze_out_open(const rn_analyze_opts *o)
{
	if (o->out_stream)
		return o->out_stream;
	return rn_ostream_open(o->output, RN_ANALYZE_PROG);
}

int rn_analyze_out_close(FILE *f, const rn_analyze_opts *o)
{
	if (f == o->out_stream)
		return ferror(f) ? -1 : 0;
	return rn_ostream_close(f, RN_ANALYZE_PROG);
}

void rn_analyze_loss_text(FILE *f, const rn_loss_tally *t)
{
	char line[512];
	if (rn_loss_line(t, line, sizeof(line)))
		fprintf(f, "%s\n", line);
	rn_analyze_unread_text(f, t->unread);
}

void rn_analyze_unread_text(FILE *f, uint64_t unread)
{
	char line[256];
	rn_loss_tally t = {.unread = unread};
	if (rn_unread_line(&t, line, sizeof(line)))
		fprintf(f, "%s\n", line);
}

void rn_analyze_loss_json(FILE *f, const rn_loss_tally *t, const char *damage)
{
	fprintf(f, "\"lost_events\":%" PRIu64 ",", t->total);
	if (t->unread)
		fprintf(f, "\"unread_captures\":%" PRIu64 ",", t->unread);
	if (damage && damage[0]) {
		fprintf(f, "\"damage\":");
		rn_analyze_json_str(f, damage);
		fputc(',', f);
	}
}
