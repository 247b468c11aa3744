/* rn_analyze_pack.c: `rn-analyze pack FILE`: unwinds every recorded stack, then
 * packs into the trace the ELF files (and separate debug files, when this
 * machine has them) of each build-id the stacks went through, so --source
 * works from the trace alone on another machine. */
#include "rn_analyze.h"
#include "rn_damage.h"
#include "rn_grow.h"
#include "rn_pack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct pack_set {
	rn_pack_file *f;
	size_t n, cap;
	uint64_t bytes;
} pack_set;

static uint8_t *slurp(int fd, uint64_t *len)
{
	struct stat sb;
	if (fstat(fd, &sb) < 0 || (uint64_t)sb.st_size > RN_PACK_MAX_FILE)
		return NULL;
	uint8_t *p = malloc(sb.st_size ? (size_t)sb.st_size : 1);
	size_t got = 0;
	while (p && got < (size_t)sb.st_size) {
		ssize_t k = pread(fd, p + got, (size_t)sb.st_size - got, (off_t)got);
		if (k <= 0) {
			free(p);
			return NULL;
		}
		got += (size_t)k;
	}
	*len = got;
	return p;
}

static int already(const rn_pack_entry *have, size_t nhave, const uint8_t *bid, uint32_t len,
                   int kind)
{
	for (size_t i = 0; i < nhave; i++)
		if (have[i].kind == kind && have[i].build_id_len == len &&
		    memcmp(have[i].build_id, bid, len) == 0)
			return 1;
	return 0;
}

static int add_file(pack_set *ps, int fd, int kind, const char *path, const uint8_t *bid,
                    uint32_t len)
{
	uint64_t n;
	uint8_t *data = slurp(fd, &n);
	close(fd);
	if (!data)
		return -1;
	if (ps->n == ps->cap) {
		rn_pack_file *p = rn_grow_array(ps->f, &ps->cap, ps->n + 1, sizeof(*p), 8);
		if (!p) {
			free(data);
			return -1;
		}
		ps->f = p;
	}
	ps->f[ps->n++] = (rn_pack_file){(uint16_t)kind, bid, len, path, data, n};
	ps->bytes += n;
	return 0;
}

/* Unwinds every stack so the resolver knows which ELF files are used. */
static int unwind_all(const char *path, rn_source *src)
{
	char err[512];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "%s: %s\n", RN_ANALYZE_PROG, err);
		return -1;
	}
	rn_damage damage;
	rn_damage_listen(&damage, r);
	rn_event ev;
	while (rn_reader_next(r, &ev) == 1) {
		if (ev.kind != RN_EV_SYSCALL)
			rn_source_event(src, &ev);
		else if (ev.u.sc.flags & RN_SC_HAS_STACK)
			rn_source_where(src, &ev.u.sc);
	}
	int dmg = rn_damage_end(&damage, r);
	rn_damage_print(&damage, stderr, RN_ANALYZE_PROG, path);
	rn_reader_close(r);
	return dmg;
}

int rn_analyze_cmd_pack(rn_analyze_opts *o)
{
	const char *path = o->files[0];
	if (o->output) {
		rn_analyze_usage_error("pack: -o is not used: the trace is packed in place "
		                       "(copy it first to keep the original)");
		return 2;
	}
	char err[512];
	rn_reader *r = rn_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "%s: %s\n", RN_ANALYZE_PROG, err);
		return 1;
	}
	uint16_t arch = rn_reader_header(r)->arch;
	int whole = rn_reader_status_get(r)->has_trailer;
	rn_reader_close(r);
	if (!whole) {
		fprintf(stderr,
		        "%s: %s: has no index (an unfinished or cut recording); cannot pack\n",
		        RN_ANALYZE_PROG, path);
		return 1;
	}
	rn_source *src = rn_source_new(path, arch ? arch : rn_arch_native(), 0);
	if (!src) {
		fprintf(stderr, "%s: out of memory\n", RN_ANALYZE_PROG);
		return 1;
	}
	int rc = unwind_all(path, src);
	rn_pack_entry *have = NULL;
	size_t nhave = 0;
	pack_set ps = {0};
	int missing = 0;
	if (rc == 0 && rn_pack_list(path, &have, &nhave, err, sizeof(err)) == 0) {
		const char *mpath;
		const uint8_t *bid;
		uint32_t blen;
		for (size_t i = 0; rn_source_module(src, i, &mpath, &bid, &blen); i++) {
			if (!blen || mpath[0] == '[')
				continue; /* the vdso, or no build-id to match it by */
			for (int kind = RN_PACK_ELF; kind <= RN_PACK_DEBUG; kind++) {
				if (already(have, nhave, bid, blen, kind))
					continue;
				int fd =
				    rn_source_open(src, mpath, bid, blen, kind == RN_PACK_DEBUG);
				if (fd < 0 && kind == RN_PACK_ELF) {
					fprintf(
					    stderr,
					    "%s: %s: not found here (build-id does not match)\n",
					    RN_ANALYZE_PROG, mpath);
					missing++;
				}
				if (fd >= 0 && add_file(&ps, fd, kind, mpath, bid, blen) < 0) {
					fprintf(stderr, "%s: %s: cannot read\n", RN_ANALYZE_PROG,
					        mpath);
					missing++;
				}
			}
		}
		if (ps.n && rn_pack_write(path, ps.f, ps.n, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: %s\n", RN_ANALYZE_PROG, err);
			rc = 1;
		} else {
			printf("packed %zu file%s (%.1f MB) into %s; %zu were already there\n",
			       ps.n, ps.n == 1 ? "" : "s", (double)ps.bytes / 1e6, path, nhave);
		}
	} else if (rc == 0) {
		fprintf(stderr, "%s: %s\n", RN_ANALYZE_PROG, err);
		rc = 1;
	}
	for (size_t i = 0; i < ps.n; i++)
		free((void *)ps.f[i].data);
	free(ps.f);
	rn_pack_list_free(have, nhave);
	rn_source_free(src);
	return rc ? 1 : missing ? 1 : 0;
}
