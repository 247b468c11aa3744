/* rn_an_out.c: output helpers shared by the subcommands: JSON and CSV string
 * quoting, human-readable durations, and -o FILE handling. */
#include "rn_an.h"

#include <errno.h>
#include <string.h>

void rn_an_json_str(FILE *f, const char *s)
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

void rn_an_csv_str(FILE *f, const char *s)
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

const char *rn_an_human_ns(double ns, char *buf, size_t n)
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

FILE *rn_an_out_open(const rn_an_opts *o)
{
	if (o->out_stream)
		return o->out_stream;
	if (!o->output || strcmp(o->output, "-") == 0)
		return stdout;
	FILE *f = fopen(o->output, "w");
	if (!f)
		fprintf(stderr, "%s: %s: %s\n", RN_AN_PROG, o->output, strerror(errno));
	return f;
}

int rn_an_out_close(FILE *f, const rn_an_opts *o)
{
	int bad = ferror(f);
	if (f == o->out_stream)
		return bad ? -1 : 0;
	if (f == stdout)
		return fflush(f) != 0 || bad ? -1 : 0;
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "%s: %s: write failed\n", RN_AN_PROG, o->output);
		return -1;
	}
	return 0;
}
