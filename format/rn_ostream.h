/* rn_ostream.h: output streams that remember why a write failed. Every tool
 * writes its -o file or standard output through one, so that a full disk or
 * an I/O error ends with one line naming the file and the reason and a
 * non-zero exit, never a short file and a zero status. A closed pipe (EPIPE,
 * `| head`) is not an error: the reader chose to stop, the tool ends quietly. */
#ifndef RN_OSTREAM_H
#define RN_OSTREAM_H

#include <stdio.h>

/* The name a message uses for fd 1. */
#define RN_OSTREAM_STDOUT "standard output"

/* Opens path for writing (truncating it), or standard output when path is
 * NULL or "-". The stream keeps the first write error and stops writing after
 * it. On failure prints "PROG: PATH: REASON" and returns NULL. */
FILE *rn_ostream_open(const char *path, const char *prog);

/* Flushes and closes a stream from rn_ostream_open (standard output itself is
 * flushed, not closed), or flushes any other FILE (stdout after usage text)
 * and checks its error flag. Returns 0 when every byte was written or the
 * reader closed the pipe; otherwise prints
 * "PROG: NAME: write failed: REASON", removes the file NAME when the stream
 * created it and it is a regular file, and returns -1. */
int rn_ostream_close(FILE *f, const char *prog);

/* Nonzero once a write to f failed (any reason, a closed pipe included). */
int rn_ostream_failed(FILE *f);

/* Prints "PROG: NAME: write failed: REASON" for errno value err unless err is
 * EPIPE; returns 0 for EPIPE, -1 otherwise. For writers that do not use a
 * FILE (trace files). */
int rn_ostream_report(const char *prog, const char *name, int err);

#endif
