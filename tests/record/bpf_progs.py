#!/usr/bin/env python3
"""tests/record/bpf_progs.py: which tracing programs rn-record loaded and
which it attached, read from `strace -f -e trace=bpf` of it (test_bpf_progs.sh).
Prints two lines, each the sorted names: loaded (BPF_PROG_LOAD of a TRACING
program that returned a descriptor), then attached (BPF_LINK_CREATE of one of
those). The kernel keeps 15 bytes of a name, so the bpf_loop variants
(rn_enter_strs_cb, rn_enter_parts_cb, rn_exit_parts_cb) and the unrolled ones
are both printed without the cut suffix: rn_enter_strs, rn_enter_parts,
rn_exit_parts.
usage: bpf_progs.py STRACE_OUTPUT"""
import re
import sys

pending = {}
calls = []
for line in open(sys.argv[1], errors="replace").read().splitlines():
    pid, _, rest = line.partition(" ")
    rest = rest.lstrip()  # (strace pads short pids)
    if rest.endswith("<unfinished ...>"):
        pending[pid] = rest[: -len("<unfinished ...>")]
        continue
    m = re.match(r"<\.\.\. bpf resumed>(.*)", rest)
    if m:
        rest = pending.pop(pid, "") + m.group(1)
    calls.append(rest)


def short(name):
    return re.sub(r"(_cb?|_)$", "", name) if name.startswith(("rn_enter_", "rn_exit_p")) else name


names = {}
loaded = []
attached = []
for c in calls:
    m = re.search(r'BPF_PROG_LOAD, \{prog_type=BPF_PROG_TYPE_TRACING,.*prog_name="(\w+)".*\)\s*=\s*(\d+)$', c)
    if m:
        names[m.group(2)] = short(m.group(1))
        loaded.append(short(m.group(1)))
    m = re.search(r"BPF_LINK_CREATE, \{link_create=\{prog_fd=(\d+),.*\)\s*=\s*\d+$", c)
    if m:
        attached.append(names.get(m.group(1), "fd" + m.group(1)))
print(" ".join(sorted(loaded)))
print(" ".join(sorted(attached)))
