/* rn_header.c: the trace file header: this machine's facts, and its
 * FlatBuffer encoding (table Header in rn.fbs) inside the first frame. */
#include "rn_header_codec.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

enum {
	H_PRODUCER,
	H_ARCH,
	H_MONO,
	H_WALL,
	H_HOST,
	H_KERNEL,
	H_CWD,
	H_ARGV,
	H_PID,
	H_FLAGS,
	H_OPTIONS,
	H_CLOCK_RES, /* 3.x */
	H_COUNT
};

uint64_t rn_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint16_t rn_arch_native(void)
{
#if defined(__x86_64__)
	return RN_ARCH_X86_64;
#elif defined(__aarch64__)
	return RN_ARCH_AARCH64;
#else
	return RN_ARCH_UNKNOWN;
#endif
}

const char *rn_arch_name(uint16_t arch)
{
	switch (arch) {
	case RN_ARCH_X86_64:
		return "x86_64";
	case RN_ARCH_AARCH64:
		return "aarch64";
	default:
		return "unknown";
	}
}

void rn_header_init_local(rn_header *h, const char *producer)
{
	static struct utsname u;
	static char cwd[4096];
	memset(h, 0, sizeof(*h));
	h->major = RN_FORMAT_MAJOR;
	h->minor = RN_FORMAT_MINOR;
	h->producer = producer;
	h->arch = rn_arch_native();
	h->clock_res_ns = 1;
	struct timespec m1, w, m2;
	clock_gettime(CLOCK_MONOTONIC, &m1);
	clock_gettime(CLOCK_REALTIME, &w);
	clock_gettime(CLOCK_MONOTONIC, &m2);
	uint64_t a = (uint64_t)m1.tv_sec * 1000000000u + (uint64_t)m1.tv_nsec;
	uint64_t b = (uint64_t)m2.tv_sec * 1000000000u + (uint64_t)m2.tv_nsec;
	h->mono_start_ns = a + (b - a) / 2;
	h->wall_start_ns = (uint64_t)w.tv_sec * 1000000000u + (uint64_t)w.tv_nsec;
	if (uname(&u) == 0) {
		h->hostname = u.nodename;
		h->kernel = u.release;
	}
	if (getcwd(cwd, sizeof(cwd)))
		h->cwd = cwd;
}

uint32_t rn_header_res(const rn_header *h)
{
	return h->clock_res_ns ? h->clock_res_ns : 1;
}

uint64_t rn_header_unix_ns(const rn_header *h, uint64_t t)
{
	uint64_t u = t - h->mono_start_ns + h->wall_start_ns;
	return u - u % rn_header_res(h);
}

int rn_header_us_decimals(const rn_header *h)
{
	uint32_t r = rn_header_res(h);
	return r >= 1000 ? 0 : r >= 100 ? 1 : r >= 10 ? 2 : 3;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int rn_header_encode(const rn_header *h, rn_fbb *b)
{
	rn_fbb_start(b, "RNH1");
	rn_fb_field f[H_COUNT] = {
	    [H_PRODUCER] = {4, 1, 0, 0},
	    [H_ARCH] = {2, 1, h->arch, 0},
	    [H_MONO] = {8, 1, h->mono_start_ns, 0},
	    [H_WALL] = {8, 1, h->wall_start_ns, 0},
	    [H_HOST] = {4, 1, 0, 0},
	    [H_KERNEL] = {4, 1, 0, 0},
	    [H_CWD] = {4, 1, 0, 0},
	    [H_ARGV] = {4, 1, 0, 0},
	    [H_PID] = {4, 1, (uint32_t)h->pid, 0},
	    [H_FLAGS] = {4, 1, h->flags, 0},
	    [H_OPTIONS] = {4, 1, 0, 0},
	    /* In 3.x and 4.x headers, and in 1.x and 2.x ones only when the
	     * times are coarser than 1 ns (a trace converted down keeps its
	     * resolution; a 1.0 or 2.0 file rewritten by a newer writer keeps
	     * its header bytes). */
	    [H_CLOCK_RES] = {4, (uint8_t)(h->major == 0 || h->major >= 3 || h->clock_res_ns > 1),
	                     h->clock_res_ns ? h->clock_res_ns : 1, 0},
	};
	rn_fbb_table(b, f, H_COUNT);
	const char *s[] = {h->producer, h->hostname, h->kernel, h->cwd, h->options};
	const int id[] = {H_PRODUCER, H_HOST, H_KERNEL, H_CWD, H_OPTIONS};
	for (int i = 0; i < 5; i++)
		rn_fbb_string(b, f[id[i]].pos, or_empty(s[i]), strlen(or_empty(s[i])));
	rn_fbb_strings(b, f[H_ARGV].pos, h->argv, h->argv ? h->argc : 0);
	return rn_fbb_finish(b);
}

int rn_header_decode(const uint8_t *p, size_t n, rn_header *h, const char ***argv_out,
                     const char **why)
{
	rn_fb fb;
	size_t root;
	if (rn_fb_open(&fb, p, n, "RNH1", &root, why) < 0)
		return -1;
	uint32_t len;
	const char **dst[] = {&h->producer, &h->hostname, &h->kernel, &h->cwd, &h->options};
	const int id[] = {H_PRODUCER, H_HOST, H_KERNEL, H_CWD, H_OPTIONS};
	for (int i = 0; i < 5; i++) {
		if (rn_fb_string(&fb, root, id[i], dst[i], &len) < 0) {
			*why = "malformed header string";
			return -1;
		}
		if (!*dst[i])
			*dst[i] = "";
	}
	h->arch = rn_fb_u16(&fb, root, H_ARCH, 0);
	h->mono_start_ns = rn_fb_u64(&fb, root, H_MONO, 0);
	h->wall_start_ns = rn_fb_u64(&fb, root, H_WALL, 0);
	h->pid = (int32_t)rn_fb_u32(&fb, root, H_PID, 0);
	h->flags = rn_fb_u32(&fb, root, H_FLAGS, 0);
	h->clock_res_ns = rn_fb_u32(&fb, root, H_CLOCK_RES, 1);
	if (h->clock_res_ns == 0)
		h->clock_res_ns = 1;
	const uint8_t *v;
	uint32_t cnt;
	if (rn_fb_vector(&fb, root, H_ARGV, 4, 4, &v, &cnt) < 0) {
		*why = "malformed header argv";
		return -1;
	}
	const char **argv = calloc((size_t)cnt + 1, sizeof(*argv));
	if (!argv) {
		*why = "out of memory";
		return -1;
	}
	for (uint32_t i = 0; i < cnt; i++) {
		size_t t;
		if (rn_fb_deref(&fb, v + 4 * i, &t) < 0 ||
		    rn_fb_string_at(&fb, t, &argv[i], &len) < 0) {
			free(argv);
			*why = "malformed header argv";
			return -1;
		}
	}
	h->argv = argv;
	h->argc = cnt;
	*argv_out = argv;
	return 0;
}
