/* rn_record_attach.c: -p. Seizes every thread of each process (listing
 * /proc/PID/task until no new thread appears), then writes what the trace
 * needs to decode later what was set up before: a Snapshot (cmdline, exe,
 * cwd, ppid), an FdInfo per open fd, the executable Mappings, and a Proc
 * ATTACH event. Explains permission failures in one line. rn_fds_emit also
 * serves a launched program's inherited descriptors. */
#include "rn_record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <unistd.h>

int rn_read_file(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t k;
	while (len < n && (k = read(fd, buf + len, n - len)) > 0)
		len += (size_t)k;
	close(fd);
	return (int)len;
}

static int proc_status_int(pid_t pid, const char *key)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	int n = rn_read_file(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	const char *p = strstr(buf, key);
	return p ? atoi(p + strlen(key)) : -1;
}

char rn_proc_state(pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
	int n = rn_read_file(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	const char *p = strrchr(buf, ')'); /* (the name may hold spaces and parens) */
	return p && p[1] == ' ' ? p[2] : 0;
}

void rn_attach_explain(pid_t pid, int err, char *buf, size_t n)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	if (err == ESRCH || stat(path, &st) < 0) {
		snprintf(buf, n, "cannot attach to process %d: no such process", (int)pid);
		return;
	}
	if (err != EPERM) {
		snprintf(buf, n, "cannot attach to process %d: %s", (int)pid, strerror(err));
		return;
	}
	int tracer = proc_status_int(pid, "TracerPid:");
	if (tracer > 0) {
		snprintf(buf, n, "cannot attach to process %d: it is already traced by process %d",
		         (int)pid, tracer);
		return;
	}
	if (geteuid() != 0 && st.st_uid != geteuid()) {
		snprintf(buf, n,
		         "cannot attach to process %d: it belongs to another user (uid %u); run "
		         "rn-record as that user or as root",
		         (int)pid, (unsigned)st.st_uid);
		return;
	}
	char scope[16] = "";
	int k = rn_read_file("/proc/sys/kernel/yama/ptrace_scope", scope, sizeof(scope) - 1);
	int sc = k > 0 ? atoi(scope) : 0;
	if (sc == 1)
		snprintf(
		    buf, n,
		    "cannot attach to process %d: /proc/sys/kernel/yama/ptrace_scope is 1 (only "
		    "descendants may be traced); run as root or set it to 0",
		    (int)pid);
	else if (sc == 2)
		snprintf(buf, n,
		         "cannot attach to process %d: /proc/sys/kernel/yama/ptrace_scope is 2 "
		         "(only root may attach)",
		         (int)pid);
	else if (sc == 3)
		snprintf(buf, n,
		         "cannot attach to process %d: /proc/sys/kernel/yama/ptrace_scope is 3 "
		         "(attaching is disabled until reboot)",
		         (int)pid);
	else
		snprintf(buf, n,
		         "cannot attach to process %d: permission denied (not dumpable, or a "
		         "security module forbids it)",
		         (int)pid);
}

/* Seizes the threads of pid not seized yet; returns how many, -1 on error. */
static int seize_threads(pid_t pid, unsigned long opts, char *err, size_t errlen)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d) {
		rn_attach_explain(pid, ESRCH, err, errlen);
		return -1;
	}
	int added = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		pid_t tid = (pid_t)atoi(e->d_name);
		if (tid <= 0 || rn_thr_get(tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, 0, (void *)opts) < 0) {
			if (errno == ESRCH)
				continue; /* the thread ended meanwhile */
			if (errno == EPERM && rn_proc_state(tid) == 'Z') {
				/* (the main thread ended alone: the kernel refuses) */
				snprintf(
				    err, errlen,
				    "cannot attach to process %d: its thread %d has ended (a "
				    "zombie until the others end), and ptrace cannot attach to "
				    "it; --backend=bpf can",
				    (int)pid, (int)tid);
				closedir(d);
				return -1;
			}
			rn_attach_explain(pid, errno, err, errlen);
			closedir(d);
			return -1;
		}
		rn_thr *t = rn_thr_add(tid);
		if (t)
			t->pid = pid;
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
		added++;
	}
	closedir(d);
	return added;
}

static void link_text(pid_t pid, const char *what, char *buf, size_t n, size_t *len)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	ssize_t k = readlink(path, buf, n);
	*len = k > 0 ? (size_t)k : 0;
}

void rn_attach_snapshot(rn_out *out, pid_t pid, uint64_t time)
{
	static char cmd[65536], exe[4096], cwd[4096], path[64];
	size_t exelen, cwdlen;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	int cl = rn_read_file(path, cmd, sizeof(cmd));
	if (cl > 0 && cmd[cl - 1] == 0)
		cl--;
	link_text(pid, "exe", exe, sizeof(exe), &exelen);
	link_text(pid, "cwd", cwd, sizeof(cwd), &cwdlen);
	int ppid = proc_status_int(pid, "PPid:");
	uint64_t now = time ? time : rn_now_ns();
	rn_snapshot s = {now,
	                 pid,
	                 ppid,
	                 cmd,
	                 (uint32_t)(cl > 0 ? cl : 0),
	                 exe,
	                 (uint32_t)exelen,
	                 cwd,
	                 (uint32_t)cwdlen};
	rn_chunk_add_snapshot(rn_out_get(out), &s);
	rn_out_put(out);
	rn_fds_emit(out, pid);
	rn_maps_scan_at(out, pid, 1, now);
	rn_proc p = {time ? time : rn_now_ns(), 0, pid, pid, ppid, 0, RN_PROC_ATTACH, 0, NULL, 0};
	rn_chunk_add_proc(rn_out_get(out), &p);
	rn_out_put(out);
}

void rn_fds_emit(rn_out *out, pid_t pid)
{
	char fddir[64];
	snprintf(fddir, sizeof(fddir), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(fddir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char lp[384], target[4096];
		snprintf(lp, sizeof(lp), "%s/%s", fddir, e->d_name);
		ssize_t k = readlink(lp, target, sizeof(target));
		if (k < 0)
			continue;
		rn_fdinfo f = {pid, atoi(e->d_name), target, (uint32_t)k};
		rn_chunk_add_fdinfo(rn_out_get(out), &f);
		rn_out_put(out);
	}
	if (d)
		closedir(d);
}

int rn_attach(const rn_rec_opts *o, rn_out *out)
{
	unsigned long opts = rn_loop_ptrace_opts(o, 0);
	char err[512];
	for (int i = 0; i < o->npids; i++) {
		int k;
		int first = 1;
		while ((k = seize_threads(o->pids[i], opts, err, sizeof(err))) > 0 ||
		       (first && k == 0)) {
			if (first && k == 0) {
				rn_attach_explain(o->pids[i], ESRCH, err, sizeof(err));
				k = -1;
				break;
			}
			first = 0;
		}
		if (k < 0) {
			rn_rec_err("%s", err);
			return -1;
		}
		if (i == 0)
			rn_rec_kick = o->pids[0];
		rn_attach_snapshot(out, o->pids[i], 0);
	}
	return o->npids;
}
