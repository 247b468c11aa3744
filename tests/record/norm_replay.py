#!/usr/bin/env python3
"""norm_replay.py FILE [--no-signals]: rn-replay -f output made comparable across runs and
backends: each thread's lines grouped (threads in order of first appearance,
renamed T0, T1...), every process/thread id replaced by its name where strace
prints one (pid prefixes, fork/clone/wait returns, pid arguments, si_pid), addresses and other run-dependent values masked; a call printed in two parts (unfinished/resumed) joined;
--no-signals leaves signal lines, handlers' rt_sigreturn and interrupted
calls out; --unreadable-ok masks the buffer of a
write-like call that failed with EBADF (its page may never have been touched:
the bpf backend, which never faults a page in, stores it as unreadable)."""
import re
import sys

lines = open(sys.argv[1], errors="replace").read().splitlines()
tids = {}
per = {}
for ln in lines:
    m = re.match(r"^(\d+)\s+(.*)$", ln)
    if not m:
        tid, rest = "-", ln
    else:
        tid, rest = m.group(1), m.group(2)
    if tid not in tids:
        tids[tid] = "T%d" % len(tids)
    per.setdefault(tid, []).append(rest)


# Threads and processes named in order of creation (the parent's clone,
# fork or vfork line), not of first output line, which varies with timing.
# A call split in two (unfinished, then resumed) takes its place at its
# start: a vfork returns only after its child ran and forked on its own.
order = [next(iter(tids))] if tids else []
pending = {}
for ln in lines:
    m = re.match(r"^(\d+)\s+(clone3?|v?fork)\(.*<unfinished \.\.\.>$", ln)
    if m:
        pending[m.group(1)] = len(order)
        order.append(None)
        continue
    m = re.match(r"^(\d+)\s+(?:<\.\.\. )?(clone3?|v?fork)\b.*= (\d+)$", ln)
    # (a child that is not traced, without -f, is named too: its pid varies)
    if m and m.group(3) not in order:
        if ln.split(None, 1)[1].startswith("<...") and m.group(1) in pending:
            order[pending.pop(m.group(1))] = m.group(3)
        else:
            order.append(m.group(3))
order = [t for t in order if t is not None]
for t in tids:
    if t not in order:
        order.append(t)
tids = {t: "T%d" % i for i, t in enumerate(order)}


def tid_name(m):
    """m's group 2 (a number) as its thread's name when it is a traced id."""
    return m.group(1) + tids.get(m.group(2), m.group(2))


# Where strace prints a process or thread id, and only there: a read's byte
# count that happens to equal a thread id stays a number.
ID_AT = [
    r"(\[pid\s+)(\d+)",
    r"(<pid changed to )(\d+)",
    r"(\bsuperseded by execve in pid )(\d+)",
    r"(\bsi_pid=)(\d+)",
    r"(\bsigev_notify_thread_id=)(\d+)",
    r"(\b(?:parent_tid|child_tid)=\[)(\d+)",
    r"(^(?:<\.\.\. )?(?:clone3?|v?fork|wait4|waitid|set_tid_address)\b.*= )(\d+)",
    r"(^(?:wait4|waitpid|kill|tkill|tgkill|pidfd_open|prlimit64|setpgid|getpgid|getsid|"
    r"sched_\w+|ptrace|process_vm_\w+|rt_t?g?sigqueueinfo|get_robust_list)\((?:P_PID, )?-?)(\d+)",
    r"(^(?:tgkill|rt_tgsigqueueinfo|setpgid)\(\w+, )(\d+)",
    r"(^(?:getpgid|getpgrp|getsid)\(.*= )(\d+)",
    r"(\bshm_[cl]pid=)(\d+)",
    r"(\bmsg_l[sr]pid=)(\d+)",
    r"(\bcmsg_data=\{pid=)(\d+)",
    r"(\"/proc/)(\d+)",
    r"(\"/proc/(?:self|T\d+|\d+)/task/)(\d+)",
]


def name_ids(s):
    for pat in ID_AT:
        s = re.sub(pat, tid_name, s)
    return s


unreadable_ok = "--unreadable-ok" in sys.argv

# SysV IPC ids are the system's: seq * 32768 + an index that cycles through
# 0..63 (ipc/util.c), so the first 64 segments, semaphores or queues made
# after boot get ids below 64, which the 4-digit rule below leaves alone,
# and each recording gets the next ones. Named in order of appearance
# instead: the calls must still use the ids their get returned.
IPC_IDS = {}
IPC_AT = [
    r"(^(?:shm|sem|msg)get\(.*\)\s+=\s+)(\d+)",
    r"(^(?:shmat|shmctl|semop|semtimedop|semctl|msgsnd|msgrcv|msgctl)\()(\d+)",
]


def ipc_name(m):
    """Each kind (shm, sem, msg) has its own ids."""
    key = (m.group(1)[:3], m.group(2))
    return m.group(1) + IPC_IDS.setdefault(key, "%sID%d" % (key[0].upper(), len(IPC_IDS)))


def mask(s):
    s = re.sub(r"\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}\)", "(DATE)", s)
    s = name_ids(s)
    for pat in IPC_AT:
        s = re.sub(pat, ipc_name, s)
    s = re.sub(r"0x[0-9a-f]{5,}", "ADDR", s)
    s = re.sub(r"/\* \d+ vars \*/", "/* N vars */", s)
    s = re.sub(r"st_(atime|mtime|ctime|ino|dev|size|blocks|nlink)=[^,}]*", r"st_\1=X", s)
    s = re.sub(r'getrandom\("[^"]*"', 'getrandom("X"', s)
    s = re.sub(r"^(getppid|getpid|gettid|getpgrp)\(\)\s+=\s+\d+", r"\1() = PID", s)
    # the caller's group and session: ids of processes no test traces (the
    # shell that ran the recorder), small numbers once pids wrap
    s = re.sub(r"^(getpgid|getsid)\(0\)\s+=\s+\d+", r"\1(0) = PID", s)
    if unreadable_ok and s.endswith("= -1 EBADF (Bad file descriptor)"):
        s = re.sub(r'^(\w+\(-?\d+, )("(?:[^"\\]|\\.)*"(?:\.\.\.)?|0x[0-9a-f]+|ADDR)', r"\1BUF", s)
    s = re.sub(r"\b\d{4,}\b", "N", s)
    s = re.sub(r"\s+", " ", s)
    return s


def joined(rows):
    """A call split around another thread's line, as one line."""
    out = []
    for r in rows:
        m = re.match(r"^<\.\.\. (\S+) resumed>(.*)$", r)
        if m and out and out[-1].endswith(" <unfinished ...>"):
            out[-1] = out[-1][: -len(" <unfinished ...>")] + m.group(2)
        else:
            out.append(r)
    return out


drop_signals = "--no-signals" in sys.argv


def signal_line(r):
    """A signal, a handler's return, or a call a signal interrupted: where
    they fall depends on timing (and ptrace adds SIGCHLD restarts of fork)."""
    return r.startswith("--- SIG") or r.startswith("rt_sigreturn(") or " = ? ERESTART" in r


for tid, name in tids.items():
    if tid not in per:
        continue  # a child that was not traced
    rows = [r for r in per[tid] if not (drop_signals and r.startswith("--- SIG"))]
    rows = [r for r in joined(rows) if not (drop_signals and signal_line(r))]
    prev = None
    poll_fd = None
    for r in rows:
        if r.startswith("futex("):
            continue  # waits and wake-ups depend on timing
        # execthr's wait for its main thread to block (open, read and close
        # /proc/self/task/TID/syscall, sleep 1 ms, again): how many rounds
        # it takes depends on timing, so no round is compared
        pm = re.match(r'^openat\(AT_FDCWD, "/proc/self/task/\d+/syscall", O_RDONLY\)\s+= (\d+)$', r)
        if pm:
            poll_fd = pm.group(1)
            continue
        if poll_fd is not None:
            if r.startswith("read(%s," % poll_fd) or re.match(r"^close\(%s\)\s+= 0$" % poll_fd, r):
                continue
            if re.match(r"^(clock_)?nanosleep\(.*tv_sec=0, tv_nsec=1000000\}", r):
                continue
            poll_fd = None
        m = mask(r)
        if m.startswith("munmap(") and m == prev:
            # glibc's new malloc arena trims its 128 MiB reservation to a
            # 64 MiB-aligned heap: two munmaps, or one when the reservation
            # happened to start aligned (address layout, not rn)
            continue
        prev = m
        print(name, m)
