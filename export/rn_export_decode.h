/* rn_export_decode.h: the one place rn-export asks for decoded syscall arguments,
 * errno and signal names. It forwards to format/rn_decode.h and rn_xlat.h
 * (the shared decoder and tables), so rn-export keeps no tables of its own. */
#ifndef RN_EXPORT_DECODE_H
#define RN_EXPORT_DECODE_H

#include "rn_trace.h"

#include <stddef.h>

typedef struct rn_export_decode rn_export_decode;

rn_export_decode *rn_export_decode_new(const rn_header *h);
void rn_export_decode_free(rn_export_decode *d);
/* Every event goes through here in order (the fd tracker learns from it). */
void rn_export_decode_feed(rn_export_decode *d, const rn_event *ev);
/* The argument list, strace style, without the parentheses. */
const char *rn_export_decode_args(rn_export_decode *d, const rn_syscall *sc, char *buf, size_t n);
/* Syscall name ("openat", or "syscall_0x1c3"). */
const char *rn_export_decode_name(rn_export_decode *d, const rn_syscall *sc, char *buf, size_t n);
/* "ENOENT", or NULL when unknown. */
const char *rn_export_decode_errno(int err);
/* "No such file or directory", or NULL when unknown. */
const char *rn_export_decode_errdesc(int err);
/* "SIGSEGV", or NULL when unknown. */
const char *rn_export_decode_signal(int sig);

#endif
