/* rn_xdecode.h: the one place rn-export asks for decoded syscall arguments,
 * errno and signal names. It forwards to format/rn_decode.h and rn_xlat.h
 * (the shared decoder and tables), so rn-export keeps no tables of its own. */
#ifndef RN_XDECODE_H
#define RN_XDECODE_H

#include "rn_trace.h"

#include <stddef.h>

typedef struct rn_xdecode rn_xdecode;

rn_xdecode *rn_xdecode_new(const rn_header *h);
void rn_xdecode_free(rn_xdecode *d);
/* Every event goes through here in order (the fd tracker learns from it). */
void rn_xdecode_feed(rn_xdecode *d, const rn_event *ev);
/* The argument list, strace style, without the parentheses. */
const char *rn_xdecode_args(rn_xdecode *d, const rn_syscall *sc, char *buf, size_t n);
/* Syscall name ("openat", or "syscall_0x1c3"). */
const char *rn_xdecode_name(rn_xdecode *d, const rn_syscall *sc, char *buf, size_t n);
/* "ENOENT", or NULL when unknown. */
const char *rn_xdecode_errno(int err);
/* "No such file or directory", or NULL when unknown. */
const char *rn_xdecode_errdesc(int err);
/* "SIGSEGV", or NULL when unknown. */
const char *rn_xdecode_signal(int sig);

#endif
