#!/usr/bin/env python3
"""cmp_strace.py: compares what rn-record recorded (rn-dump output) with what
`strace -f -o FILE` recorded for the same program: per thread, the sequence
of syscall names and return values must match. Threads are matched by their
sequences (tids differ between runs). Values that differ between runs by
nature are not compared: addresses (mmap, brk...), pids and tids (clone,
fork, getpid...), and calls in --ignore. Unfinished calls (= ?) must be
unfinished in both.
usage: cmp_strace.py DUMP STRACE [--ignore name,name] [--names-only]
                     [--drop-restarts]  (calls the kernel restarted: timing)"""
import errno
import re
import sys

RESTART = {"ERESTARTSYS": 512, "ERESTARTNOINTR": 513, "ERESTARTNOHAND": 514,
           "ERESTART_RESTARTBLOCK": 516}
NONDET = {"mmap", "brk", "mremap", "clone", "clone3", "fork", "vfork", "getpid", "gettid",
          "getppid", "set_tid_address", "wait4", "waitid", "getrandom", "time",
          "sched_getaffinity", "shmat", "rt_sigtimedwait", "poll", "ppoll",
          "select", "pselect6", "epoll_wait", "epoll_pwait", "sysinfo", "rt_sigreturn"}


def parse_dump(path):
    threads = {}
    for line in open(path):
        f = line.split()
        if not f or f[0] != "S":
            continue
        tid, name, ret, flags = int(f[2]), f[3], int(f[4]), int(f[5])
        if flags & 8:  # RN_SC_FILTERED: bookkeeping only
            continue
        val = "?" if flags & 1 else ret
        threads.setdefault(tid, []).append((name, val))
    return threads


def strace_ret(s):
    s = s.strip()
    if s.startswith("?"):
        m = re.match(r"\?\s+(ERESTART\w+)", s)
        return -RESTART[m.group(1)] if m else "?"
    m = re.match(r"(-?\w+)(?:\s+(E[A-Z0-9_]+))?", s)
    if not m:
        return "?"
    v, e = m.group(1), m.group(2)
    if v == "-1" and e:
        return -RESTART[e] if e in RESTART else -getattr(errno, e, 0)
    return int(v, 0)


def parse_strace(path):
    threads, pending = {}, {}
    for line in open(path):
        m = re.match(r"(\d+)\s+(.*)", line.rstrip("\n"))
        if not m:
            continue
        tid, rest = int(m.group(1)), m.group(2)
        if rest.startswith(("---", "+++")):
            continue
        r = re.match(r"<\.\.\. (\w+) resumed>.*\)\s+= (.*)$", rest)
        if r:
            name = pending.pop(tid, r.group(1))
            threads.setdefault(tid, []).append((name, strace_ret(r.group(2))))
            continue
        if re.match(r"<\.\.\. (\w+) resumed>", rest):
            pending.pop(tid, None)
            threads.setdefault(tid, []).append((re.match(r"<\.\.\. (\w+)", rest).group(1), "?"))
            continue
        c = re.match(r"(\w+)\(", rest)
        if not c:
            continue
        name = c.group(1)
        if rest.endswith("<unfinished ...>"):
            pending[tid] = name
            continue
        eq = re.search(r"\)\s+= (.*)$", rest)
        threads.setdefault(tid, []).append((name, strace_ret(eq.group(1)) if eq else "?"))
    for tid, name in pending.items():  # never resumed: the thread died in it
        threads.setdefault(tid, []).append((name, "?"))
    return threads


def norm(seq, ignore, names_only, drop_restarts=False):
    out = []
    for name, val in seq:
        if name in ignore or (drop_restarts and isinstance(val, int) and -516 <= val <= -512):
            continue
        if names_only or (name in NONDET and val != "?" and not (isinstance(val, int) and -4096 < val < 0)):
            val = "*"
        out.append((name, val))
    return out


def main():
    args = sys.argv[1:]
    ignore, names_only = set(), False
    if "--ignore" in args:
        i = args.index("--ignore")
        ignore = set(args[i + 1].split(","))
        del args[i:i + 2]
    drop = "--drop-restarts" in args
    if drop:
        args.remove("--drop-restarts")
    if "--names-only" in args:
        names_only = True
        args.remove("--names-only")
    rn = sorted(norm(s, ignore, names_only, drop) for s in parse_dump(args[0]).values())
    st = sorted(norm(s, ignore, names_only, drop) for s in parse_strace(args[1]).values())
    rn = [s for s in rn if s]
    st = [s for s in st if s]
    if rn == st:
        print("match: %d threads, %d syscalls" % (len(rn), sum(len(s) for s in rn)))
        return 0
    print("MISMATCH: rn-record %d threads, strace %d threads" % (len(rn), len(st)))
    for a, b in zip(rn, st):
        if a != b:
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    print(" first difference at call %d: rn-record %s, strace %s" % (i, x, y))
                    print(" rn-record:", a[max(0, i - 3):i + 4])
                    print(" strace:   ", b[max(0, i - 3):i + 4])
                    break
            else:
                print(" lengths differ: rn-record %d, strace %d" % (len(a), len(b)))
                print(" rn-record tail:", a[-4:], "\n strace tail:", b[-4:])
            break
    return 1


sys.exit(main())
