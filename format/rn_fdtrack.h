/* rn_fdtrack.h: which file each descriptor of each process refers to, rebuilt
 * from the recorded events: open, openat, creat, socket, accept, pipe, dup,
 * dup2, dup3, fcntl F_DUPFD, close, close_range; O_CLOEXEC descriptors dropped
 * at exec; tables copied at fork (shared with CLONE_FILES); -p snapshots
 * (FdInfo). Feed it every event in order, then ask the path of (pid, fd).
 * pid is the thread-group id. */
#ifndef RN_FDTRACK_H
#define RN_FDTRACK_H

#include "rn_event.h"

#include <stdint.h>

typedef struct rn_fdtrack rn_fdtrack;

/* cwd: the recording's working directory (Header.cwd), used to resolve
 * relative paths; may be NULL. */
rn_fdtrack *rn_fdtrack_new(uint16_t arch, const char *cwd);
void rn_fdtrack_free(rn_fdtrack *t);
/* Resolve symbolic links of opened paths through this machine's file
 * system (as /proc/PID/fd shows them). Only meaningful when reading a trace
 * on the machine that recorded it. */
void rn_fdtrack_set_realpath(rn_fdtrack *t, int on);
/* Updates the tables from one event (syscalls, proc events, snapshots,
 * fdinfo); other kinds are ignored. */
void rn_fdtrack_event(rn_fdtrack *t, const rn_event *ev);
/* The path (or "pipe:[...]", "socket:[...]") of fd in process pid, or NULL
 * when unknown. Valid until the next event. */
const char *rn_fdtrack_path(const rn_fdtrack *t, int32_t pid, int32_t fd);
/* The working directory the tracker believes pid has (NULL if unknown). */
const char *rn_fdtrack_cwd(const rn_fdtrack *t, int32_t pid);

#endif
