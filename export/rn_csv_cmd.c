/* rn_csv_cmd.c: `rn-export csv FILE`: one RFC 4180 row per syscall: start and
 * end (unix ns), duration, pid, tid, name, decoded arguments, return value,
 * errno name, and the source line when the call's stack was recorded
 * (--stack) and resolves (rn-analyze's libdw resolver). */
#include "rn_export.h"
#include "rn_export_buf.h"
#include "rn_export_decode.h"
#include "rn_loss.h"
#include "rn_span_source.h"

#include <inttypes.h>
#include <string.h>

static void csv_field(rn_export_buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		rn_export_buf_str(b, s);
		return;
	}
	rn_export_buf_str(b, "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			rn_export_buf_str(b, "\"\"");
		else
			rn_export_buf_add(b, p, 1);
	}
	rn_export_buf_str(b, "\"");
}

static void row(rn_export_buf *b, const rn_header *h, rn_export_decode *dec, rn_span_source *src,
                const rn_syscall *sc)
{
	rn_span_source_loc loc;
	char name[48], args[4096];
	int done = !(sc->flags & RN_SC_NO_EXIT);
	rn_export_buf_printf(b, "%" PRIu64 ",", rn_header_unix_ns(h, sc->t_entry));
	if (done && (sc->flags & RN_SC_NO_ENTRY)) /* in progress at the start: no duration */
		rn_export_buf_printf(b, "%" PRIu64 ",", rn_header_unix_ns(h, sc->t_exit));
	else if (done)
		rn_export_buf_printf(b, "%" PRIu64 ",%" PRIu64, rn_header_unix_ns(h, sc->t_exit),
		                     sc->t_exit - sc->t_entry);
	else
		rn_export_buf_str(b, ",");
	rn_export_buf_printf(b, ",%d,%d,", (int)sc->pid, (int)sc->tid);
	csv_field(b, rn_export_decode_name(dec, sc, name, sizeof(name)));
	rn_export_buf_str(b, ",");
	csv_field(b, rn_export_decode_args(dec, sc, args, sizeof(args)));
	if (done)
		rn_export_buf_printf(b, ",%" PRId64 ",", sc->ret);
	else
		rn_export_buf_str(b, ",?,");
	const char *en = rn_sc_failed(sc) ? rn_export_decode_errno((int)-sc->ret) : NULL;
	if (en)
		rn_export_buf_str(b, en);
	rn_export_buf_str(b, ",");
	if (rn_span_source_where(src, sc, &loc))
		csv_field(b, loc.text);
	rn_export_buf_str(b, "\n");
}

int rn_export_csv(int argc, char **argv)
{
	rn_file_opts fo;
	char err[512];
	int rc = rn_file_opts_parse("csv", argc, argv, &fo);
	if (rc)
		return rc == 1 ? 0 : rc;
	rn_reader *r = rn_reader_open(fo.trace, err, sizeof(err));
	if (!r)
		return rn_export_error("%s", err);
	rn_loss_tally lt; /* CSV has no place for it: stderr, before the rows */
	rn_export_dmg dmg;
	rn_export_prescan(r, &lt, &dmg);
	const rn_header *h = rn_reader_header(r);
	rn_export_decode *dec = rn_export_decode_new(h);
	rn_span_source *src = rn_span_source_new(fo.trace, h->arch, 0);
	FILE *f = rn_export_open_out(fo.out);
	rn_export_buf b = {0};
	int werr = 0;
	if (f && dec && src) {
		rn_event ev;
		rn_export_buf_str(
		    &b, "start_unix_ns,end_unix_ns,duration_ns,pid,tid,syscall,args,return,"
		        "error,source\n");
		while (!werr && rn_reader_next(r, &ev) == 1) {
			rn_span_source_feed(src, &ev);
			if (ev.kind == RN_EV_SYSCALL)
				row(&b, h, dec, src, &ev.u.sc);
			rn_export_decode_feed(dec, &ev);
			if (b.len > (1u << 20)) {
				werr = b.oom || fwrite(b.p, 1, b.len, f) != b.len;
				b.len = 0;
			}
		}
		werr |= b.oom || fwrite(b.p, 1, b.len, f) != b.len;
		rc = rn_export_close_out(f, fo.out);
		if (b.oom && !rc) /* a failed write was reported at close */
			rc = rn_export_error("out of memory");
	} else {
		rc = 1;
	}
	rc |= rn_export_damage_after(r, &dmg);
	rn_export_buf_free(&b);
	rn_export_decode_free(dec);
	rn_span_source_free(src);
	rn_reader_close(r);
	return rc ? 1 : 0;
}
