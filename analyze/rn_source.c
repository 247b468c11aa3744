/* rn_source.c: the offline source resolver behind --source. For each process
 * it keeps the executable mappings from Mapping events, builds an unwinding
 * Dwfl with one module per mapped ELF (found by build-id, rn_analyze_elf.c), and
 * unwinds each recorded stack with libdw's CFI unwinder through our own
 * thread callbacks: registers from the RN_CAP_REGS capture, memory from the
 * RN_CAP_STACK bytes. Symbols and lines come from one Dwfl per build-id, and
 * PC -> "file:line in function" is cached per (build-id, offset). */
#include "rn_analyze.h"
#include "rn_analyze_elf.h"
#include "rn_grow.h"
#include "rn_pack.h"

#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_UNWIND 64

typedef struct src_map {
	uint64_t start, end, pgoff;
	char *path;
	uint8_t bid[RN_PACK_MAX_BUILDID];
	uint32_t bid_len;
	uint64_t bias; /* load bias, once the process's Dwfl found the ELF */
	int has_bias;
} src_map;

typedef struct src_proc {
	int32_t pid;
	src_map *maps;
	size_t n, cap;
	unsigned gen, dwfl_gen;
	Dwfl *dwfl;
} src_proc;

/* A resolved frame: cached per (module id, offset). */
typedef struct src_loc {
	uint64_t key;
	char *text;
	int system; /* libc, ld.so...: skipped to reach the program's frame */
} src_loc;

/* Per-ELF facts, by build-id: a small id for cache keys, whether it is a
 * system library. */
typedef struct src_mod {
	uint8_t bid[RN_PACK_MAX_BUILDID];
	uint32_t bid_len;
	char *path;
	int system;
	int used; /* a resolved stack went through it */
	/* Symbolization, once per build-id: the ELF alone at bias 0 with its
	 * debug information (the per-process Dwfls only unwind). */
	Dwfl *sym;
	Dwfl_Module *smod;
	int sym_tried;
} src_mod;

struct rn_source {
	uint16_t arch;
	int frames;
	rn_analyze_elfs *elfs; /* finds ELF files by build-id */
	src_proc *procs;
	size_t nprocs, capprocs;
	src_mod *mods;
	size_t nmods, capmods;
	src_loc *locs; /* open addressing on key */
	size_t nlocs, caplocs;
	/* the sample being unwound */
	const uint8_t *regs;
	uint32_t regs_len;
	uint64_t sp;
	const uint8_t *stack;
	uint32_t stack_len;
	int32_t tid;
	/* frames of the current unwind */
	uint64_t pcs[MAX_UNWIND];
	int npcs;
	char out[4096];
	uint64_t stacks, cached;
};

static char *debuginfo_path;
static rn_source *cur_src; /* for the debuginfo callback (packed debug files) */

static int find_elf_cb(Dwfl_Module *mod, void **userdata, const char *name, Dwarf_Addr base,
                       char **file_name, Elf **elfp);
static int find_debuginfo_cb(Dwfl_Module *mod, void **userdata, const char *modname,
                             Dwarf_Addr base, const char *file_name, const char *debuglink_file,
                             GElf_Word debuglink_crc, char **debuginfo_file_name);

/* Per-process Dwfls only unwind: .eh_frame (or the file's own .debug_frame)
 * is enough, and loading a separate debug file for each process would
 * decompress its DWARF again and again. */
static int no_debuginfo_cb(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                           const char *file_name, const char *debuglink_file,
                           GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file_name;
	(void)debuglink_file, (void)debuglink_crc, (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks unwind_cbs = {
    .find_elf = find_elf_cb,
    .find_debuginfo = no_debuginfo_cb,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &debuginfo_path,
};

static const Dwfl_Callbacks dwfl_cbs = {
    .find_elf = find_elf_cb,
    .find_debuginfo = find_debuginfo_cb,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &debuginfo_path,
};

rn_source *rn_source_new(const char *trace_path, uint16_t arch, int frames)
{
	rn_source *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->arch = arch;
	s->frames = frames;
	s->elfs = rn_analyze_elfs_new(trace_path);
	if (!s->elfs) {
		free(s);
		return NULL;
	}
	elf_version(EV_CURRENT);
	return s;
}

static void free_maps(src_proc *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->maps[i].path);
	p->n = 0;
}

void rn_source_free(rn_source *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nprocs; i++) {
		free_maps(&s->procs[i]);
		free(s->procs[i].maps);
		if (s->procs[i].dwfl)
			dwfl_end(s->procs[i].dwfl);
	}
	free(s->procs);
	for (size_t i = 0; i < s->nmods; i++) {
		free(s->mods[i].path);
		if (s->mods[i].sym)
			dwfl_end(s->mods[i].sym);
	}
	free(s->mods);
	for (size_t i = 0; i < s->caplocs; i++)
		free(s->locs[i].text);
	free(s->locs);
	rn_analyze_elfs_free(s->elfs);
	free(s);
}

void rn_source_stats(const rn_source *s, uint64_t *stacks, uint64_t *cached)
{
	*stacks = s->stacks;
	*cached = s->cached;
}

static src_proc *get_proc(rn_source *s, int32_t pid, int create)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	if (!create)
		return NULL;
	if (s->nprocs == s->capprocs) {
		src_proc *p = rn_grow_array(s->procs, &s->capprocs, s->nprocs + 1, sizeof(*p), 8);
		if (!p)
			return NULL;
		s->procs = p;
	}
	src_proc *p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->gen = 1;
	return p;
}

static int add_map(src_proc *p, const src_map *m)
{
	/* A new mapping replaces whatever it overlaps. */
	for (size_t i = 0; i < p->n;) {
		if (p->maps[i].start < m->end && m->start < p->maps[i].end) {
			free(p->maps[i].path);
			p->maps[i] = p->maps[--p->n];
		} else {
			i++;
		}
	}
	if (p->n == p->cap) {
		src_map *q = rn_grow_array(p->maps, &p->cap, p->n + 1, sizeof(*q), 16);
		if (!q)
			return -1;
		p->maps = q;
	}
	p->maps[p->n++] = *m;
	p->gen++;
	return 0;
}

static void copy_maps(rn_source *s, int32_t from, int32_t to)
{
	src_proc *a = get_proc(s, from, 0);
	if (!a)
		return;
	size_t n = a->n;
	src_proc *b = get_proc(s, to, 1);
	a = get_proc(s, from, 0); /* the array may have moved */
	if (!b || !a)
		return;
	free_maps(b);
	for (size_t i = 0; i < n; i++) {
		src_map m = a->maps[i];
		m.path = strdup(m.path);
		if (!m.path || add_map(b, &m) < 0)
			free(m.path);
	}
}

void rn_source_event(rn_source *s, const rn_event *ev)
{
	if (ev->kind == RN_EV_MAPPING) {
		const rn_mapping *mp = &ev->u.map;
		src_proc *p = get_proc(s, mp->pid, 1);
		if (!p || mp->end <= mp->start)
			return;
		src_map m = {mp->start, mp->end, mp->pgoff, strndup(mp->path, mp->path_len),
		             {0},       0,       0,         0};
		m.bid_len = mp->build_id_len < RN_PACK_MAX_BUILDID ? mp->build_id_len : 0;
		memcpy(m.bid, mp->build_id, m.bid_len);
		if (!m.path || add_map(p, &m) < 0)
			free(m.path);
	} else if (ev->kind == RN_EV_PROC) {
		const rn_proc *pr = &ev->u.proc;
		src_proc *p = get_proc(s, pr->pid, 0);
		if (pr->kind == RN_PROC_EXEC && p) {
			free_maps(p);
			p->gen++;
		} else if ((pr->kind == RN_PROC_EXIT || pr->kind == RN_PROC_KILLED) && p &&
		           p->dwfl) {
			/* Its unwinder (open files, CFI) is not needed any more; the
			 * mappings stay for symbolizing later (function events). */
			dwfl_end(p->dwfl);
			p->dwfl = NULL;
		} else if (pr->kind == RN_PROC_FORK || pr->kind == RN_PROC_VFORK ||
		           (pr->kind == RN_PROC_CLONE &&
		            !(pr->clone_flags & 0x100 /* CLONE_VM */))) {
			copy_maps(s, pr->pid, pr->other);
		}
	}
}

/* Used for modules reported without a file here (debuginfod, if set). */
static int find_elf_cb(Dwfl_Module *mod, void **userdata, const char *name, Dwarf_Addr base,
                       char **file_name, Elf **elfp)
{
	return dwfl_build_id_find_elf(mod, userdata, name, base, file_name, elfp);
}

/* Debug info: the standard places (debuglink, /usr/lib/debug, debuginfod),
 * then a debug file packed into the trace. */
static int find_debuginfo_cb(Dwfl_Module *mod, void **userdata, const char *modname,
                             Dwarf_Addr base, const char *file_name, const char *debuglink_file,
                             GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	int fd = dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
	                                      debuglink_file, debuglink_crc, debuginfo_file_name);
	if (fd >= 0 || !cur_src)
		return fd;
	const unsigned char *bid;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(mod, &bid, &vaddr);
	return n > 0 ? rn_analyze_elf_packed(cur_src->elfs, bid, (uint32_t)n, RN_PACK_DEBUG) : -1;
}

int rn_source_open(rn_source *s, const char *path, const uint8_t *bid, uint32_t bid_len, int debug)
{
	if (debug)
		return rn_analyze_elf_build_id(bid, bid_len, ".debug");
	return rn_analyze_elf_open(s->elfs, path, bid, bid_len);
}

int rn_source_module(const rn_source *s, size_t i, const char **path, const uint8_t **bid,
                     uint32_t *bid_len)
{
	for (size_t k = 0; k < s->nmods; k++) {
		if (!s->mods[k].used || i--)
			continue;
		*path = s->mods[k].path;
		*bid = s->mods[k].bid;
		*bid_len = s->mods[k].bid_len;
		return 1;
	}
	return 0;
}

/* Load bias of the ELF in fd mapped at m: start - vaddr of file offset pgoff. */
static int elf_bias(int fd, const src_map *m, uint64_t *bias, int *is_exec)
{
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e)
		return -1;
	GElf_Ehdr eh;
	size_t phnum;
	int rc = -1;
	if (gelf_getehdr(e, &eh) && elf_getphdrnum(e, &phnum) == 0) {
		*is_exec = eh.e_type == ET_EXEC;
		for (size_t i = 0; i < phnum; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
				continue;
			uint64_t lo = ph.p_offset & ~0xfffull;
			if (m->pgoff >= lo && m->pgoff < ph.p_offset + ph.p_filesz) {
				*bias = m->start - (ph.p_vaddr - ph.p_offset + m->pgoff);
				rc = 0;
				break;
			}
		}
	}
	elf_end(e);
	return rc;
}

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

/* libc, the dynamic loader and the vdso: frames skipped to reach the code
 * of the program itself. */
static int is_system(const char *path)
{
	static const char *const pre[] = {
	    "libc.so",   "libc-",      "ld-linux", "ld64.so",    "ld-musl",   "libpthread",
	    "libdl.so",  "librt.so",   "libm.so",  "linux-vdso", "[vdso]",    "libgcc_s",
	    "libstdc++", "libasan.so", "libubsan", "ld.so",      "libc.musl", "libresolv.so"};
	const char *b = base_name(path);
	for (size_t i = 0; i < sizeof(pre) / sizeof(*pre); i++)
		if (strncmp(b, pre[i], strlen(pre[i])) == 0)
			return 1;
	return 0;
}

static size_t mod_id(rn_source *s, const src_map *m)
{
	for (size_t i = 0; i < s->nmods; i++)
		if (s->mods[i].bid_len == m->bid_len &&
		    memcmp(s->mods[i].bid, m->bid, m->bid_len) == 0 &&
		    (m->bid_len || strcmp(s->mods[i].path, m->path) == 0))
			return i;
	if (s->nmods == s->capmods) {
		src_mod *p = rn_grow_array(s->mods, &s->capmods, s->nmods + 1, sizeof(*p), 16);
		if (!p)
			return SIZE_MAX;
		s->mods = p;
	}
	src_mod *d = &s->mods[s->nmods];
	memcpy(d->bid, m->bid, m->bid_len);
	d->bid_len = m->bid_len;
	d->path = strdup(m->path);
	if (!d->path)
		return SIZE_MAX;
	d->system = is_system(m->path);
	d->sym = NULL;
	d->smod = NULL;
	d->sym_tried = 0;
	d->used = 0;
	return s->nmods++;
}

/* ---- thread callbacks: the recorded registers and stack ---- */

static pid_t cb_next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	(void)dwfl;
	(void)arg;
	(void)thread_argp;
	return 0;
}

static bool cb_get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	(void)dwfl;
	rn_source *s = arg;
	*thread_argp = arg;
	return tid == s->tid;
}

static bool cb_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	(void)dwfl;
	rn_source *s = arg;
	if (addr < s->sp || addr - s->sp + 8 > s->stack_len)
		return false;
	memcpy(result, s->stack + (addr - s->sp), 8);
	return true;
}

static uint64_t reg_word(const rn_source *s, unsigned i)
{
	uint64_t v = 0;
	if ((i + 1) * 8 <= s->regs_len)
		memcpy(&v, s->regs + i * 8, 8);
	return v;
}

static bool cb_set_regs(Dwfl_Thread *thread, void *arg)
{
	rn_source *s = arg;
	Dwarf_Word r[33];
	if (s->arch == RN_ARCH_X86_64) {
		/* struct user_regs_struct order -> DWARF numbering (rax rdx rcx rbx
		 * rsi rdi rbp rsp r8..r15 rip). */
		static const unsigned idx[17] = {10, 12, 11, 5, 13, 14, 4, 19, 9,
		                                 8,  7,  6,  3, 2,  1,  0, 16};
		if (s->regs_len < 27 * 8)
			return false;
		for (int i = 0; i < 17; i++)
			r[i] = reg_word(s, idx[i]);
		return dwfl_thread_state_registers(thread, 0, 17, r);
	}
	if (s->arch == RN_ARCH_AARCH64) {
		/* struct user_pt_regs: x0..x30, sp, pc, pstate. */
		if (s->regs_len < 33 * 8)
			return false;
		for (int i = 0; i < 32; i++)
			r[i] = reg_word(s, (unsigned)i);
		if (!dwfl_thread_state_registers(thread, 0, 32, r))
			return false;
		dwfl_thread_state_register_pc(thread, reg_word(s, 32));
		return true;
	}
	return false;
}

static const Dwfl_Thread_Callbacks thread_cbs = {
    .next_thread = cb_next_thread,
    .get_thread = cb_get_thread,
    .memory_read = cb_memory_read,
    .set_initial_registers = cb_set_regs,
};

/* (Re)builds the Dwfl of a process from its mappings. */
static Dwfl *proc_dwfl(rn_source *s, src_proc *p)
{
	if (p->dwfl && p->dwfl_gen == p->gen)
		return p->dwfl;
	if (p->dwfl)
		dwfl_end(p->dwfl);
	p->dwfl = dwfl_begin(&unwind_cbs);
	p->dwfl_gen = p->gen;
	if (!p->dwfl)
		return NULL;
	dwfl_report_begin(p->dwfl);
	for (size_t i = 0; i < p->n; i++) {
		const src_map *m = &p->maps[i];
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(p->maps[j].path, m->path) == 0 &&
			      p->maps[j].bid_len == m->bid_len &&
			      memcmp(p->maps[j].bid, m->bid, m->bid_len) == 0;
		if (dup || m->path[0] == '[')
			continue;
		int fd = rn_analyze_elf_open(s->elfs, m->path, m->bid, m->bid_len);
		uint64_t bias = m->start - m->pgoff;
		int is_exec = 0;
		if (fd >= 0 && elf_bias(fd, m, &bias, &is_exec) == 0) {
			Dwfl_Module *mod = dwfl_report_elf(p->dwfl, base_name(m->path), m->path, fd,
			                                   is_exec ? 0 : bias, true);
			if (mod) {
				/* Every mapping of this file shares the bias. */
				for (size_t j = i; j < p->n; j++)
					if (strcmp(p->maps[j].path, m->path) == 0) {
						p->maps[j].bias = is_exec ? 0 : bias;
						p->maps[j].has_bias = 1;
					}
				continue;
			}
		}
		if (fd >= 0)
			close(fd);
	}
	dwfl_report_end(p->dwfl, NULL, NULL);
	if (!dwfl_attach_state(p->dwfl, NULL, p->pid, &thread_cbs, s)) {
		dwfl_end(p->dwfl);
		p->dwfl = NULL;
	}
	return p->dwfl;
}

static int frame_cb(Dwfl_Frame *f, void *arg)
{
	rn_source *s = arg;
	Dwarf_Addr pc;
	bool act;
	if (!dwfl_frame_pc(f, &pc, &act))
		return DWARF_CB_ABORT;
	if (!act && pc)
		pc--; /* a return address: look up the call instruction */
	s->pcs[s->npcs++] = pc;
	return s->npcs < MAX_UNWIND ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* ---- PC -> text, cached ---- */

static src_loc *loc_slot(rn_source *s, uint64_t key)
{
	if ((s->nlocs + 1) * 2 > s->caplocs) {
		size_t c = s->caplocs ? s->caplocs * 2 : 1024;
		src_loc *n = calloc(c, sizeof(*n));
		if (!n)
			return NULL;
		for (size_t i = 0; i < s->caplocs; i++) {
			if (!s->locs[i].text)
				continue;
			size_t j = (s->locs[i].key * 0x9E3779B97F4A7C15ull >> 20) & (c - 1);
			while (n[j].text)
				j = (j + 1) & (c - 1);
			n[j] = s->locs[i];
		}
		free(s->locs);
		s->locs = n;
		s->caplocs = c;
	}
	size_t j = (key * 0x9E3779B97F4A7C15ull >> 20) & (s->caplocs - 1);
	while (s->locs[j].text && s->locs[j].key != key)
		j = (j + 1) & (s->caplocs - 1);
	return &s->locs[j];
}

static char *describe(Dwfl_Module *mod, uint64_t pc, const char *modname, uint64_t off)
{
	char buf[1024];
	const char *fn = dwfl_module_addrname(mod, pc);
	Dwfl_Line *line = dwfl_module_getsrc(mod, pc);
	int lineno = 0;
	const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
	if (file && lineno > 0)
		snprintf(buf, sizeof(buf), "%s:%d in %s", base_name(file), lineno, fn ? fn : "??");
	else if (fn)
		snprintf(buf, sizeof(buf), "%s (%s)", fn, modname);
	else
		snprintf(buf, sizeof(buf), "%s+0x%llx", modname, (unsigned long long)off);
	return strdup(buf);
}

/* The symbolization Dwfl of a build-id (built on first use): its only
 * module, at bias 0, so addresses are the ELF's own. */
static Dwfl_Module *sym_module(rn_source *s, size_t id, const src_map *m)
{
	src_mod *md = &s->mods[id];
	if (!md->sym_tried) {
		md->sym_tried = 1;
		int fd = rn_analyze_elf_open(s->elfs, m->path, m->bid, m->bid_len);
		md->sym = fd >= 0 ? dwfl_begin(&dwfl_cbs) : NULL;
		if (md->sym) {
			dwfl_report_begin(md->sym);
			md->smod =
			    dwfl_report_elf(md->sym, base_name(m->path), m->path, fd, 0, true);
			if (!md->smod)
				close(fd);
			dwfl_report_end(md->sym, NULL, NULL);
		} else if (fd >= 0) {
			close(fd);
		}
	}
	return md->smod;
}

static const src_loc *resolve_pc(rn_source *s, src_proc *p, Dwfl *d, uint64_t pc)
{
	static src_loc unknown = {0, (char *)"??", 0};
	const src_map *m = NULL;
	for (size_t i = 0; i < p->n && !m; i++)
		if (pc >= p->maps[i].start && pc < p->maps[i].end)
			m = &p->maps[i];
	if (!m)
		return &unknown;
	size_t id = mod_id(s, m);
	if (id == SIZE_MAX)
		return &unknown;
	uint64_t off = pc - m->start + m->pgoff;
	uint64_t key = (uint64_t)id << 40 | (off & ((1ull << 40) - 1));
	src_loc *l = loc_slot(s, key);
	if (!l)
		return &unknown;
	if (l->text) {
		s->cached++;
		return l;
	}
	(void)d;
	Dwfl_Module *mod = sym_module(s, id, m);
	l->text = mod && m->has_bias ? describe(mod, pc - m->bias, base_name(m->path), off)
	                             : (char *)NULL;
	if (!l->text) {
		char buf[512];
		snprintf(buf, sizeof(buf), "%s+0x%llx", base_name(m->path),
		         (unsigned long long)off);
		l->text = strdup(buf);
		if (!l->text)
			return &unknown;
	}
	l->key = key;
	l->system = s->mods[id].system;
	s->mods[id].used = 1;
	s->nlocs++;
	return l;
}

const char *rn_source_func(rn_source *s, int32_t pid, uint64_t addr)
{
	src_proc *p = get_proc(s, pid, 0);
	const src_map *m = NULL;
	for (size_t i = 0; p && i < p->n && !m; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			m = &p->maps[i];
	size_t id = m ? mod_id(s, m) : SIZE_MAX;
	if (id == SIZE_MAX) {
		snprintf(s->out, sizeof(s->out), "0x%llx", (unsigned long long)addr);
		return s->out;
	}
	uint64_t off = addr - m->start + m->pgoff;
	uint64_t key = 1ull << 63 | (uint64_t)id << 40 | (off & ((1ull << 40) - 1));
	src_loc *l = loc_slot(s, key);
	if (l && l->text)
		return l->text;
	if (!m->has_bias)
		proc_dwfl(s, p); /* finds the ELF and its load bias */
	Dwfl_Module *mod = m->has_bias ? sym_module(s, id, m) : NULL;
	const char *name = mod ? dwfl_module_addrname(mod, addr - m->bias) : NULL;
	if (name)
		snprintf(s->out, sizeof(s->out), "%s", name);
	else
		snprintf(s->out, sizeof(s->out), "%s+0x%llx", base_name(m->path),
		         (unsigned long long)off);
	l = loc_slot(s, key);
	if (l && (l->text = strdup(s->out)) != NULL) {
		l->key = key;
		s->nlocs++;
		return l->text;
	}
	return s->out;
}

const char *rn_source_where(rn_source *s, const rn_syscall *sc)
{
	const rn_capture *regs = NULL, *stack = NULL;
	for (uint16_t i = 0; i < sc->ncap; i++) {
		if (sc->caps[i].kind == RN_CAP_REGS)
			regs = &sc->caps[i];
		else if (sc->caps[i].kind == RN_CAP_STACK)
			stack = &sc->caps[i];
	}
	src_proc *p = get_proc(s, sc->pid, 0);
	if (!regs || !p)
		return NULL;
	Dwfl *d = proc_dwfl(s, p);
	if (!d)
		return NULL;
	s->regs = regs->data;
	s->regs_len = regs->len;
	s->stack = stack ? stack->data : NULL;
	s->stack_len = stack ? stack->len : 0;
	s->sp = stack ? stack->addr : 0;
	s->tid = sc->tid;
	s->npcs = 0;
	cur_src = s;
	s->stacks++;
	dwfl_getthread_frames(d, sc->tid, frame_cb, s);
	if (!s->npcs)
		return NULL;
	size_t len = 0;
	s->out[0] = 0;
	int want = s->frames ? s->frames : 1, shown = 0;
	const src_loc *first = NULL;
	for (int i = 0; i < s->npcs && shown < want; i++) {
		const src_loc *l = resolve_pc(s, p, d, s->pcs[i]);
		if (!first)
			first = l;
		if (!s->frames && l->system)
			continue;
		len += (size_t)snprintf(s->out + len, sizeof(s->out) - len, "%s%s",
		                        shown ? " <- " : "", l->text);
		if (len >= sizeof(s->out))
			len = sizeof(s->out) - 1;
		shown++;
	}
	if (!shown && first)
		snprintf(s->out, sizeof(s->out), "%s", first->text);
	return s->out;
}
