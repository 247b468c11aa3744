/* rn_analyze_elf.c: finding the ELF file of a build-id for --source and pack:
 * the recorded path (when its build-id matches), a copy packed into the
 * trace, /usr/lib/debug/.build-id, the debuginfod servers of DEBUGINFOD_URLS
 * (through libdw's client), and last a separate debug file. */
#include "rn_analyze_elf.h"
#include "rn_pack.h"

#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct rn_analyze_elfs {
	char *trace;
	rn_pack_entry *packed;
	size_t npacked;
	int packed_loaded;
};

static char *debuginfo_path;

rn_analyze_elfs *rn_analyze_elfs_new(const char *trace)
{
	rn_analyze_elfs *s = calloc(1, sizeof(*s));
	if (s && !(s->trace = strdup(trace))) {
		free(s);
		return NULL;
	}
	return s;
}

void rn_analyze_elfs_free(rn_analyze_elfs *s)
{
	if (!s)
		return;
	rn_pack_list_free(s->packed, s->npacked);
	free(s->trace);
	free(s);
}

static int bid_matches(int fd, const uint8_t *bid, uint32_t len)
{
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e)
		return 0;
	const void *p;
	ssize_t n = dwelf_elf_gnu_build_id(e, &p);
	int ok = n > 0 && (len == 0 || ((uint32_t)n == len && memcmp(p, bid, len) == 0));
	elf_end(e);
	return ok;
}

static void load_packed(rn_analyze_elfs *s)
{
	if (s->packed_loaded)
		return;
	s->packed_loaded = 1;
	char err[256];
	if (rn_pack_list(s->trace, &s->packed, &s->npacked, err, sizeof(err)) < 0) {
		s->packed = NULL;
		s->npacked = 0;
	}
}

/* An in-memory file holding n bytes (for libdw, which wants a descriptor). */
static int memfd_of(const void *p, size_t n)
{
	int fd = memfd_create("rn-elf", MFD_CLOEXEC);
	size_t off = 0;
	while (fd >= 0 && off < n) {
		ssize_t k = write(fd, (const char *)p + off, n - off);
		if (k <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)k;
	}
	return fd;
}

/* A packed copy of the file of this kind and build-id, as a memfd; -1 when
 * none. */
int rn_analyze_elf_packed(rn_analyze_elfs *s, const uint8_t *bid, uint32_t len, int kind)
{
	if (!len)
		return -1;
	load_packed(s);
	for (size_t i = 0; i < s->npacked; i++) {
		const rn_pack_entry *e = &s->packed[i];
		if (e->kind != kind || e->build_id_len != len || memcmp(e->build_id, bid, len) != 0)
			continue;
		uint8_t *data;
		size_t n;
		char err[256];
		if (rn_pack_read(s->trace, e, &data, &n, err, sizeof(err)) < 0)
			continue;
		int fd = memfd_of(data, n);
		free(data);
		if (fd >= 0)
			return fd;
	}
	return -1;
}

/* /usr/lib/debug/.build-id/xx/yyyy[.debug] */
int rn_analyze_elf_build_id(const uint8_t *bid, uint32_t len, const char *suffix)
{
	if (len < 2)
		return -1;
	char path[256];
	int k = snprintf(path, sizeof(path), "/usr/lib/debug/.build-id/%02x/", bid[0]);
	for (uint32_t i = 1; i < len && k < 200; i++)
		k += snprintf(path + k, sizeof(path) - (size_t)k, "%02x", bid[i]);
	snprintf(path + k, sizeof(path) - (size_t)k, "%s", suffix);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* With DEBUGINFOD_URLS set: asks the debuginfod servers for the executable
 * of this build-id through libdw's own client (a throw-away Dwfl whose
 * module has only the build-id), and copies the file it got (the client
 * keeps it in its cache, so this is a download once). */
static int debuginfod_fd(const uint8_t *bid, uint32_t bid_len)
{
	static const Dwfl_Callbacks cbs = {
	    .find_elf = dwfl_build_id_find_elf,
	    .find_debuginfo = dwfl_standard_find_debuginfo,
	    .debuginfo_path = &debuginfo_path,
	};
	const char *urls = getenv("DEBUGINFOD_URLS");
	if (!urls || !*urls || !bid_len)
		return -1;
	Dwfl *d = dwfl_begin(&cbs);
	if (!d)
		return -1;
	int fd = -1;
	dwfl_report_begin(d);
	Dwfl_Module *mod = dwfl_report_module(d, "debuginfod", 0x10000, 0x20000);
	if (mod && dwfl_module_report_build_id(mod, bid, bid_len, 0) == 0) {
		dwfl_report_end(d, NULL, NULL);
		GElf_Addr bias;
		Elf *e = dwfl_module_getelf(mod, &bias);
		size_t n = 0;
		const char *raw = e ? elf_rawfile(e, &n) : NULL;
		if (raw && n)
			fd = memfd_of(raw, n); /* the downloaded file's bytes */
	}
	dwfl_end(d);
	if (fd >= 0 && !bid_matches(fd, bid, bid_len)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Opens the ELF for a mapping: recorded path (build-id checked), packed
 * copy, the build-id directory, debuginfod (DEBUGINFOD_URLS), and at last
 * a separate debug file (symbols and lines, no .eh_frame). -1 when none. */
int rn_analyze_elf_open(rn_analyze_elfs *s, const char *path, const uint8_t *bid, uint32_t bid_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && bid_matches(fd, bid, bid_len))
		return fd;
	if (fd >= 0)
		close(fd);
	fd = rn_analyze_elf_packed(s, bid, bid_len, RN_PACK_ELF);
	if (fd >= 0)
		return fd;
	fd = rn_analyze_elf_build_id(bid, bid_len, "");
	if (fd < 0)
		fd = debuginfod_fd(bid, bid_len);
	if (fd < 0)
		fd = rn_analyze_elf_build_id(bid, bid_len, ".debug");
	return fd;
}
