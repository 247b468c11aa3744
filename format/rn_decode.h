/* rn_decode.h: strace-style rendering of recorded syscalls, for rn-replay,
 * rn-analyze and rn-export:
 *   openat(AT_FDCWD, "/etc/x", O_RDONLY|O_CLOEXEC) = 3
 *   openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 * Arguments are decoded from the raw values and the captured memory (see
 * rn_catalog_plan); what was not captured prints as an address. Syscalls the
 * catalog does not describe print with raw hex arguments. Output goes to a
 * growable string buffer (rn_sb) or, with the _buf variants, to a fixed
 * buffer (snprintf semantics: returns the length the full text needs). */
#ifndef RN_DECODE_H
#define RN_DECODE_H

#include "rn_catalog.h"
#include "rn_event.h"
#include "rn_fdtrack.h"
#include "rn_xlat.h"

#include <stddef.h>
#include <stdint.h>

/* A growable string; p is always NUL-terminated once anything was added.
 * Start with rn_sb sb = {0}; free with rn_sb_free. */
typedef struct rn_sb {
	char *p;
	size_t len;
	size_t cap;
} rn_sb;

void rn_sb_free(rn_sb *sb);
void rn_sb_reset(rn_sb *sb); /* len = 0, keeps memory */
void rn_sb_putn(rn_sb *sb, const char *s, size_t n);
void rn_sb_puts(rn_sb *sb, const char *s);
void rn_sb_putc(rn_sb *sb, char c);
void rn_sb_printf(rn_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* How constants print (strace -X). */
enum { RN_XLAT_ABBREV = 0, RN_XLAT_RAW = 1, RN_XLAT_VERBOSE = 2 };

typedef struct rn_decode_opts {
	uint16_t arch;         /* the trace's Header.arch */
	uint32_t strsize;      /* -s: string/buffer bytes shown (strace's default 32) */
	int xlat;              /* RN_XLAT_* */
	int fd_paths;          /* 0; 1 = -y (fd<path>); 2 = -yy (also socket details) */
	const rn_fdtrack *fds; /* fd paths for -y; NULL: none */
	int strhex;            /* 0; 1 = -x (non-ASCII strings in hex); 2 = -xx (all) */
	int verbose;           /* -v: structures in full, not abbreviated with ... */
	int argnames;          /* -N: name=value for each argument */
} rn_decode_opts;

/* Default options for arch: -s 32, abbreviated constants, no fd paths. */
void rn_decode_opts_init(rn_decode_opts *o, uint16_t arch);

/* The whole line body: "name(args) = ret" (no pid prefix, no newline), with
 * strace's padding of " = " to column 40 when col0 (the prefix width
 * already printed) is given (pass -1 for no padding). */
void rn_decode_syscall(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int col0);
/* "name(" + the arguments strace prints at entry; *complete is set when the
 * call has no argument decoded at exit (the line can be finished with
 * rn_decode_exit_part alone). Used for <unfinished ...> lines. */
void rn_decode_entry_part(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc);
/* The rest after the entry part: exit-time arguments + ")". */
void rn_decode_exit_part(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc);
/* Index of the first argument printed at exit (nargs when none). */
int rn_decode_split(const rn_decode_opts *o, const rn_syscall *sc);
/* All arguments, comma-separated, without the name and parentheses. */
void rn_decode_args(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc);
/* One argument (0-based). */
void rn_decode_arg(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i);
/* The return value as strace prints it after "= ": "3", "0x7f12...",
 * "-1 ENOENT (No such file or directory)", "?" (no exit), "3</etc/x>" with -y. */
void rn_decode_ret(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc);
/* Fixed-buffer variants: write at most n bytes (NUL-terminated), return the
 * full length. */
size_t rn_decode_syscall_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc);
size_t rn_decode_args_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc);
size_t rn_decode_arg_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc, int i);
size_t rn_decode_ret_buf(char *buf, size_t n, const rn_decode_opts *o, const rn_syscall *sc);

/* Syscall name (or "syscall_0x1c3"), never NULL; buf holds at least 24. */
const char *rn_decode_name(const rn_decode_opts *o, const rn_syscall *sc, char *buf, size_t n);

/* A string escaped and quoted as strace does ("\n", "\33", "\377"), cut to
 * max bytes with "..." after the quote when truncated is set or len > max. */
void rn_decode_quote(rn_sb *sb, const uint8_t *s, size_t len, size_t max, int truncated);

/* The same, honouring -x/-xx (o->strhex): strace's rule is that -x prints
 * the whole string in hex when any of the bytes shown is neither printable
 * ASCII nor \t \n \v \f \r. */
void rn_decode_quote_opts(rn_sb *sb, const rn_decode_opts *o, const uint8_t *s, size_t len,
                          size_t max, int truncated);

/* strace's -e read=/-e write= dump of n bytes: lines of
 * " | 00000  68 65 6c 6c 6f 0a ...  hello. |" (16 bytes each), each
 * preceded by a newline (the caller's line is not ended). */
void rn_decode_hexdump(rn_sb *sb, const uint8_t *p, size_t n);

/* Name of argument i of the named syscall (format/data/argnames.def), or
 * NULL; rn_arg_name_row(k) is the k-th row's syscall (NULL past the end). */
const char *rn_arg_name(const char *syscall, int i);
const char *rn_arg_name_row(size_t k);

/* A signal set of size bytes as strace prints it: [INT TERM], ~[RTMIN RT_1]. */
void rn_decode_sigset(rn_sb *sb, const rn_decode_opts *o, const uint8_t *set, size_t size);

/* Signal delivery: "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,
 * si_pid=12, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---". */
void rn_decode_signal(rn_sb *sb, const rn_decode_opts *o, const rn_signal *sig);

/* The capture of argument i with kind (0: any), at exit or entry
 * (want_exit -1: either), or NULL. */
const rn_capture *rn_decode_cap(const rn_syscall *sc, int i, int kind, int want_exit);
/* The same for the n-th such capture (0 is the first): vectors of buffers. */
const rn_capture *rn_decode_cap_nth(const rn_syscall *sc, int i, int kind, int want_exit, int n);

/* errno and signal names are in rn_xlat.h: rn_errno_name, rn_errno_desc,
 * rn_signal_name. */

#endif
