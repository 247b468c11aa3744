/* rn_record_maps.c: Mapping events. Reads /proc/PID/maps (through
 * PROCMAP_QUERY where the kernel has it: rn_record_maps_query.c) after exec, after
 * an mmap/mprotect that makes file memory executable, and at attach; emits
 * each executable file-backed mapping once per process, with the ELF
 * NT_GNU_BUILD_ID read from the file itself (cached per device and inode).
 * The bpf backend with --stack hands in the mappings its kernel side read
 * (rn_maps_add, from rn_record_bpf_maps.c). */
#include "rn_grow.h"
#include "rn_record.h"

#include <elf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct seen_map {
	uint64_t start, end, pgoff, ino;
} seen_map;

typedef struct proc_maps {
	pid_t pid;
	seen_map *v;
	size_t n, cap;
} proc_maps;

static proc_maps *procs;
static size_t nprocs, cprocs;

#define BID_CACHE 128
static struct {
	uint64_t dev, ino;
	uint8_t len;
	uint8_t id[64];
	int used;
} bid_cache[BID_CACHE];
static unsigned bid_next;

static char *mapbuf;
static size_t mapcap;

static proc_maps *proc_of(pid_t pid, int create)
{
	for (size_t i = 0; i < nprocs; i++)
		if (procs[i].pid == pid)
			return &procs[i];
	if (!create)
		return NULL;
	if (nprocs == cprocs) {
		proc_maps *p = rn_grow_array(procs, &cprocs, nprocs + 1, sizeof(*p), 16);
		if (!p)
			return NULL;
		procs = p;
	}
	proc_maps *p = &procs[nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

void rn_maps_forget(pid_t pid)
{
	proc_maps *p = proc_of(pid, 0);
	if (!p)
		return;
	free(p->v);
	*p = procs[--nprocs];
}

void rn_maps_free(void)
{
	for (size_t i = 0; i < nprocs; i++)
		free(procs[i].v);
	free(procs);
	procs = NULL;
	nprocs = cprocs = 0;
	free(mapbuf);
	mapbuf = NULL;
	mapcap = 0;
}

static int seen(proc_maps *p, const seen_map *m)
{
	for (size_t i = 0; i < p->n; i++) {
		const seen_map *o = &p->v[i];
		if (o->start == m->start && o->end == m->end && o->pgoff == m->pgoff &&
		    o->ino == m->ino)
			return 1;
	}
	if (p->n == p->cap) {
		seen_map *v = rn_grow_array(p->v, &p->cap, p->n + 1, sizeof(*v), 32);
		if (!v)
			return 0;
		p->v = v;
	}
	p->v[p->n++] = *m;
	return 0;
}

static int notes_find(const uint8_t *b, size_t n, size_t align, uint8_t *id, size_t max)
{
	size_t off = 0;
	while (off + 12 <= n) {
		uint32_t namesz, descsz, type;
		memcpy(&namesz, b + off, 4);
		memcpy(&descsz, b + off + 4, 4);
		memcpy(&type, b + off + 8, 4);
		size_t name_off = off + 12;
		size_t desc_off = name_off + ((namesz + align - 1) & ~(align - 1));
		if (namesz > n || descsz > n || desc_off + descsz > n)
			return 0;
		if (type == NT_GNU_BUILD_ID && namesz == 4 && !memcmp(b + name_off, "GNU", 4)) {
			size_t l = descsz < max ? descsz : max;
			memcpy(id, b + desc_off, l);
			return (int)l;
		}
		off = desc_off + ((descsz + align - 1) & ~(align - 1));
	}
	return 0;
}

size_t rn_elf_build_id(const char *path, uint8_t *id, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	Elf64_Ehdr eh;
	size_t found = 0;
	if (pread(fd, &eh, sizeof(eh), 0) == (ssize_t)sizeof(eh) &&
	    !memcmp(eh.e_ident, ELFMAG, 4) && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
	    eh.e_phentsize == sizeof(Elf64_Phdr) && eh.e_phnum < 256) {
		Elf64_Phdr ph[256];
		size_t sz = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
		if (pread(fd, ph, sz, (off_t)eh.e_phoff) == (ssize_t)sz) {
			for (int i = 0; i < eh.e_phnum && !found; i++) {
				if (ph[i].p_type != PT_NOTE || ph[i].p_filesz > (64u << 10))
					continue;
				uint8_t buf[64u << 10];
				ssize_t k = pread(fd, buf, ph[i].p_filesz, (off_t)ph[i].p_offset);
				if (k > 0)
					found = (size_t)notes_find(
					    buf, (size_t)k, ph[i].p_align == 8 ? 8 : 4, id, max);
			}
		}
	}
	close(fd);
	return found;
}

static size_t build_id_cached(const char *path, uint64_t dev, uint64_t ino, uint8_t *id)
{
	for (int i = 0; i < BID_CACHE; i++)
		if (bid_cache[i].used && bid_cache[i].dev == dev && bid_cache[i].ino == ino) {
			memcpy(id, bid_cache[i].id, bid_cache[i].len);
			return bid_cache[i].len;
		}
	size_t n = rn_elf_build_id(path, id, 64);
	unsigned s = bid_next++ % BID_CACHE;
	bid_cache[s].used = 1;
	bid_cache[s].dev = dev;
	bid_cache[s].ino = ino;
	bid_cache[s].len = (uint8_t)n;
	memcpy(bid_cache[s].id, id, n);
	return n;
}

/* Reads /proc/PID/maps whole into mapbuf; returns its length or -1. */
static ssize_t read_maps(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	for (;;) {
		if (len + 4096 + 1 > mapcap) {
			size_t c = mapcap ? mapcap * 2 : 65536;
			char *p = realloc(mapbuf, c);
			if (!p)
				break;
			mapbuf = p;
			mapcap = c;
		}
		ssize_t k = read(fd, mapbuf + len, mapcap - len - 1);
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	if (mapbuf)
		mapbuf[len] = 0;
	return (ssize_t)len;
}

/* One executable file mapping, unless p has it already. */
static void add_one(rn_out *out, proc_maps *p, uint64_t start, uint64_t end, uint64_t pgoff,
                    int prot, uint64_t dev, uint64_t ino, const char *path, uint64_t now)
{
	seen_map sm = {start, end, pgoff, ino};
	if (seen(p, &sm))
		return;
	uint8_t id[64];
	size_t idlen = build_id_cached(path, dev, ino, id);
	rn_mapping m = {now, start,          end, pgoff, p->pid, prot, path, (uint32_t)strlen(path),
	                id,  (uint32_t)idlen};
	rn_chunk_add_mapping(rn_out_get(out), &m);
	rn_out_put(out);
}

void rn_maps_scan(rn_out *out, pid_t pid, int reset)
{
	rn_maps_scan_at(out, pid, reset, rn_now_ns());
}

struct scan_ctx {
	rn_out *out;
	proc_maps *p;
	uint64_t now;
};

static void scan_one(void *ctx, uint64_t start, uint64_t end, uint64_t pgoff, int prot,
                     uint64_t dev, uint64_t ino, const char *path)
{
	struct scan_ctx *c = ctx;
	add_one(c->out, c->p, start, end, pgoff, prot, dev, ino, path, c->now);
}

int rn_maps_scan_at(rn_out *out, pid_t pid, int reset, uint64_t now)
{
	if (reset)
		rn_maps_forget(pid);
	proc_maps *p = proc_of(pid, 1);
	if (!p)
		return 0;
	struct scan_ctx c = {out, p, now};
	int q = rn_maps_query(pid, scan_one, &c);
	if (q != RN_MAPS_NO_QUERY)
		return q;
	if (read_maps(pid) <= 0)
		return -1;
	for (char *line = mapbuf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		uint64_t start, end, pgoff, ino;
		unsigned dmaj, dmin;
		char perms[8];
		int pos = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %x:%x %" SCNu64 " %n",
		           &start, &end, perms, &pgoff, &dmaj, &dmin, &ino, &pos) < 7 ||
		    perms[2] != 'x' || ino == 0 || line[pos] != '/')
			continue;
		int prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
		           PROT_EXEC;
		add_one(out, p, start, end, pgoff, prot, ((uint64_t)dmaj << 32) | dmin, ino,
		        line + pos, now);
	}
	return 0;
}

void rn_maps_add(rn_out *out, pid_t pid, uint64_t start, uint64_t end, uint64_t pgoff, int prot,
                 uint64_t dev, uint64_t ino, const char *path, uint64_t now)
{
	proc_maps *p = proc_of(pid, 1);
	if (p)
		add_one(out, p, start, end, pgoff, prot, dev, ino, path, now);
}
