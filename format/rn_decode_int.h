/* rn_decode_int.h: helpers shared by the rn_decode*.c files (not public). */
#ifndef RN_DECODE_INT_H
#define RN_DECODE_INT_H

#include "rn_decode.h"

#include <string.h>

/* Little-endian loads from captured bytes (both arches are little-endian). */
static inline uint64_t rn_ld64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}
static inline uint32_t rn_ld32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}
static inline uint16_t rn_ld16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

/* In a view's flags only (rn_dec_view), never in a trace: the call an
 * ia32 call carries in memory, nr its rn_catalog_args32 number. */
#define RN_SC_VIEW_ARGS32 (1u << 15)
/* The catalog entry of a call, and whether it is the named syscall. */
static inline const rn_sysent *rn_dec_ent(const rn_decode_opts *o, const rn_syscall *sc)
{
	if (sc->flags & RN_SC_VIEW_ARGS32)
		return rn_catalog_args32_ent(sc->nr);
	return rn_syscall_ent(rn_sc_abi(o->arch, sc), sc->nr); /* ia32 calls: RN_ABI_IA32 */
}

static inline int rn_dec_is(const rn_sysent *e, const char *name)
{
	return e && e->name[0] == name[0] && strcmp(e->name, name) == 0;
}

/* Calls whose timeout (a STRUCT_INOUT argument) prints as given at entry and
 * what the kernel left of it in the result: " (left {...})". */
static inline int rn_dec_left_in_result(const rn_sysent *e)
{
	return rn_dec_is(e, "select") || rn_dec_is(e, "pselect6") || rn_dec_is(e, "ppoll") ||
	       rn_dec_is(e, "recvmmsg") || rn_dec_is(e, "set_thread_area") ||
	       rn_dec_is(e, "_newselect");
}

/* Elements an array shows before "...": -s's count, every one with -v. */
static inline uint64_t rn_dec_max_elems(const rn_decode_opts *o)
{
	return o->verbose ? UINT64_MAX : o->strsize;
}

/* Argument i's value as its C type gives it (a length source). */
static inline uint64_t rn_dec_len(const rn_decode_opts *o, const rn_syscall *sc, unsigned i)
{
	const rn_sysent *e = rn_dec_ent(o, sc);
	return e && i < 6 ? rn_arg_value(e->args[i], sc->args[i]) : sc->args[i % 6];
}

void rn_put_udec(rn_sb *sb, uint64_t v);
void rn_put_sdec(rn_sb *sb, int64_t v);
void rn_put_hex(rn_sb *sb, uint64_t v); /* 0x1f; 0 prints as 0 */
void rn_put_oct(rn_sb *sb, uint64_t v); /* %#03o: 0644, 000 */
void rn_put_ptr(rn_sb *sb, uint64_t v); /* NULL or 0x... */
/* Flag set of table id (specials for open, mmap, socket type, futex, clone). */
void rn_put_flags(rn_sb *sb, const rn_decode_opts *o, int id, uint64_t v);
/* One enumeration value; unknown values as hex with a comment. */
void rn_put_enum(rn_sb *sb, const rn_decode_opts *o, int id, uint64_t v, int dec);
void rn_put_mode(rn_sb *sb, const rn_decode_opts *o, uint64_t mode, int with_type);
void rn_put_signame(rn_sb *sb, const rn_decode_opts *o, int sig);
/* A signal set of size bytes: [INT TERM] or ~[RTMIN RT_1]. */
void rn_put_sigset(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, size_t size);
void rn_put_fd(rn_sb *sb, const rn_decode_opts *o, int32_t pid, int64_t fd);
/* A struct of type st from captured bytes (len may be short: then the
 * address is printed instead by the caller). */
void rn_put_struct(rn_sb *sb, const rn_decode_opts *o, int st, const uint8_t *p, size_t len);
/* struct clone_args; tls: the user_desc its tls points to (an ia32
 * clone3's), or NULL: the address. */
void rn_put_clone_args(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, const uint8_t *tls);
/* rn_decode_ia32.c: a struct argument of sc, whose size and layout are its
 * ABI's (an ia32 call's are widened to x86_64's before printing). */
uint32_t rn_dec_struct_size(const rn_decode_opts *o, const rn_syscall *sc, int st);
void rn_put_struct_sc(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int st,
                      const uint8_t *p, size_t len);
/* The call as the decoders read it: sc itself, or for an ia32 call a copy
 * in tmp with its arguments cut to 32 bits (old mmap, old select,
 * socketcall: the call it carries, RN_SC_VIEW_ARGS32). Every public rn_decode_* function starts
 * with it. */
const rn_syscall *rn_dec_view(const rn_decode_opts *o, const rn_syscall *sc, rn_syscall *tmp);
#define RN_DEC_VIEW(o, sc)                                                                         \
	rn_syscall rn_view_tmp_;                                                                   \
	sc = rn_dec_view(o, sc, &rn_view_tmp_)
/* ia32 calls that print their own way: _llseek's offset (argument 1, and
 * 2 not printed). rn_dec_ia32_arg returns 1 when it printed argument i. */
int rn_dec_ia32_skip(const rn_sysent *e, const rn_syscall *sc, int i);
/* An old mmap or old select (a view that is not RN_SC_VIEW_ARGS32) whose
 * words were not read: strace prints the words' address alone. */
int rn_dec_ia32_unread(const rn_syscall *sc);
int rn_dec_ia32_arg(rn_sb *sb, const rn_sysent *e, const rn_syscall *sc, int i);
/* set_thread_area's " (entry_number=12)" after its return value: the
 * entry the kernel chose when the call asked for any (-1). */
void rn_dec_ia32_ret(rn_sb *sb, const rn_sysent *e, const rn_syscall *sc);
void rn_put_sockaddr(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p, size_t len);
/* A siginfo_t (at least 48 bytes) as strace shows it. */
void rn_put_siginfo(rn_sb *sb, const rn_decode_opts *o, const uint8_t *p);
/* An fd_set's members: [3 5]. */
/* With o (arguments), fds print as rn_put_fd does (-y paths); NULL: plain. */
void rn_put_fdset(rn_sb *sb, const rn_decode_opts *o, int32_t pid, const rn_capture *c, int nfds);
void rn_put_pollfds(rn_sb *sb, const rn_decode_opts *o, int32_t pid, const rn_capture *c,
                    int revents);
/* clone's named-argument form (child_stack=, flags=, ...). */
void rn_put_clone(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc);
/* prctl's arguments after the option, and the name of its result. */
void rn_put_prctl_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i);
void rn_put_prctl_ret(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc);
void rn_put_arch_prctl_arg(rn_sb *sb, const rn_syscall *sc);
void rn_put_makedev(rn_sb *sb, uint64_t dev);
/* A followed struct msghdr of argument i (RN_PLAN_MSGHDR's captures); out:
 * recvmsg's, filled at exit. */
void rn_put_msghdr(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out);
/* sendmmsg's (out 0) or recvmmsg's (out 1) struct mmsghdr vector of
 * argument i (RN_PLAN_MMSGHDR's captures), as strace prints it at exit. */
void rn_put_mmsghdrs(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out);
/* A time as strace comments it: " / * DATE.NNNNNNNNN+ZONE * /" with digits
 * (9, 6) fraction digits (none when frac is 0) or none (0), or " (DATE+ZONE)"
 * (-1: time()). */
void rn_put_time_comment(rn_sb *sb, int64_t sec, uint64_t frac, int digits);
void rn_put_clock_t(rn_sb *sb, const rn_decode_opts *o, uint64_t v);
/* ioctl's request and third argument (data/ioctl.def). */
void rn_put_ioctl_cmd(rn_sb *sb, const rn_decode_opts *o, uint32_t cmd);
void rn_put_ioctl_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i);
/* Socket option names by level, and values (set at entry, got at exit). */
void rn_put_sockopt_name(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i);
void rn_put_sockopt_val(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out);
/* System V IPC: semop's sembufs, msgsnd's and msgrcv's message. */
void rn_put_ipc_ds(rn_sb *sb, const rn_decode_opts *o, const rn_sysent *e, const rn_syscall *sc,
                   int i);
/* An ia32 struct st captured in its ia32 layout (p, len), widened into the
 * x86_64 one (data/structs_ia32.def) at wide (room bytes, zeroed first);
 * returns the x86_64 size, 0 when it does not fit. */
uint32_t rn_dec_widen(const rn_decode_opts *o, int st, const uint8_t *p, size_t len, uint8_t *wide,
                      size_t room);
void rn_put_sembuf(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i);
void rn_put_msgbuf(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out);
/* One named constant under -X: NAME, 0x1, or 0x1 / * NAME * / (hex when
 * name is NULL). */
void rn_put_named(rn_sb *sb, const rn_decode_opts *o, uint64_t v, const char *name);
void rn_put_ioprio(rn_sb *sb, const rn_decode_opts *o, uint32_t v);
void rn_put_hexstr(rn_sb *sb, const uint8_t *s, size_t len, size_t max, int truncated);

#endif
