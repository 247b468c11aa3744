/* rn_record_bpf_tpid.c: loads the tp_btf programs without libbpf reading
 * the kernel BTF. A tp_btf program is loaded with the kernel BTF id of its
 * tracepoint's btf_trace_NAME typedef; libbpf 1.1 reads and parses the
 * whole kernel BTF (5 MB, 4 KiB a read from sysfs, ~125,000 types: ~5 ms
 * of every start) to find it, then searches it by name once per program.
 * rn_bpf_core_btf finds these ids in its own pass over the kernel BTF; a
 * section handler for "tp_btf/" (libbpf_register_prog_handler, which
 * takes precedence over libbpf's own) hands them to the load, and attaches
 * as libbpf's would (bpf_program__attach_trace). libbpf decides that an
 * object needs the kernel BTF when a tracing program has no attach_prog_fd
 * (and CO-RE has no btf_custom_path): rn_bpf_tp_fix gives each one a
 * placeholder, which the handler clears before the program is loaded, so
 * the kernel never sees it. Any failure falls back to libbpf's own way
 * (rn_bpf_tp_off, then open and load again). */
#include "rn_record_bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <gelf.h>
#include <string.h>

static char names[RN_BPF_MAXTP][64];
static uint32_t ids[RN_BPF_MAXTP];
static int ntp;
static int handler = -1;
static __thread void (*first_load)(void *); /* rn_bpf_tp_first_load */
static __thread void *first_arg;

int rn_bpf_tp_names(const void *elf, size_t size, const char **out, int max)
{
	int n = 0;
	Elf *e = elf_version(EV_CURRENT) == EV_NONE ? NULL : elf_memory((char *)elf, size);
	size_t shstrndx;
	if (!e || elf_getshdrstrndx(e, &shstrndx) != 0) {
		if (e)
			elf_end(e);
		return -1;
	}
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		const char *sec =
		    gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		if (!sec || strncmp(sec, "tp_btf/", 7) || sh.sh_type != SHT_PROGBITS)
			continue;
		int k = 0;
		while (k < n && strcmp(out[k], sec + 7))
			k++;
		if (k == n && n == max) {
			n = -1;
			break;
		}
		if (k == n)
			out[n++] = sec + 7; /* (in the section names: in elf itself) */
	}
	elf_end(e);
	return n;
}

/* The index of p's tracepoint in names, or -1. */
static int tp_of(const struct bpf_program *p)
{
	const char *sec = bpf_program__section_name(p);
	for (int i = 0; sec && !strncmp(sec, "tp_btf/", 7) && i < ntp; i++)
		if (!strcmp(names[i], sec + 7))
			return i;
	return -1;
}

static uint32_t id_of(const struct bpf_program *p)
{
	int i = tp_of(p);
	return i < 0 ? 0 : ids[i];
}

static int prepare(struct bpf_program *p, struct bpf_prog_load_opts *lo, long cookie)
{
	(void)cookie;
	if (first_load) { /* this thread's object has made its maps */
		void (*fn)(void *) = first_load;
		first_load = NULL;
		fn(first_arg);
	}
	uint32_t id = id_of(p);
	if (!id)
		return -ESRCH;
	lo->attach_prog_fd = 0; /* rn_bpf_tp_fix's placeholder */
	lo->attach_btf_obj_fd = 0;
	lo->attach_btf_id = id;
	return 0;
}

static int attach(const struct bpf_program *p, long cookie, struct bpf_link **link)
{
	(void)cookie;
	*link = bpf_program__attach_trace(p);
	return *link ? 0 : -errno;
}

int rn_bpf_tp_on(const char *const *tps, int n)
{
	if (n <= 0 || n > RN_BPF_MAXTP || handler >= 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (strlen(tps[i]) >= sizeof(names[i]))
			return -1;
		strcpy(names[i], tps[i]);
		ids[i] = 0;
	}
	ntp = n;
	struct libbpf_prog_handler_opts ho;
	memset(&ho, 0, sizeof(ho));
	ho.sz = sizeof(ho);
	ho.prog_prepare_load_fn = prepare;
	ho.prog_attach_fn = attach;
	handler =
	    libbpf_register_prog_handler("tp_btf/", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, &ho);
	return handler >= 0 ? 0 : -1;
}

int rn_bpf_tp_fix(struct bpf_object *obj, int placeholder)
{
	struct bpf_program *p;
	for (p = bpf_object__next_program(obj, NULL); p; p = bpf_object__next_program(obj, p)) {
		if (strncmp(bpf_program__section_name(p), "tp_btf/", 7))
			continue;
		if (tp_of(p) < 0 || bpf_program__set_attach_target(p, placeholder, NULL) < 0)
			return -1;
	}
	return 0;
}

int rn_bpf_tp_ids(const uint32_t *tpids)
{
	for (int i = 0; i < ntp; i++)
		if (!(ids[i] = tpids[i]))
			return -1;
	return 0;
}

void rn_bpf_tp_first_load(void (*fn)(void *), void *arg)
{
	first_load = fn;
	first_arg = arg;
}

void rn_bpf_tp_off(void)
{
	if (handler >= 0)
		libbpf_unregister_prog_handler(handler);
	handler = -1;
	ntp = 0;
}
