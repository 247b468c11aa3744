#!/usr/bin/env python3
"""doc_cmds.py: runs the shell commands of a Markdown page verbatim and checks
what the page says they print, so that the page cannot drift from the tools.

Usage: doc_cmds.py PAGE.md WORKDIR [--skip REGEX]... [--sub OLD=NEW]...

Commands are every line of a ```sh block (a line ending in a backslash goes
on) and every "$ " line of a ```text block; they run one after another in
one bash, from WORKDIR, so `cd` and `export` carry over, each with its
output kept. --sub rewrites a string in the commands and in the expected
output (a fixed /tmp path of the page into the test's directory); --skip
leaves out the commands a test cannot run (`make`).

What is checked, beyond each command exiting 0 (all of it for a ```sh
block, whose output the page does not show):
- "exit status N" after a command: its status is N;
- lines a program prints whatever the timing ("1000 lines", "checksum ..."),
  named by CHECK_EXACT below: the ones the page shows are printed, in that
  order (a page may leave such lines out);
- hints: the title, call site (without the count) and fix lines, as a set
  (hints of similar cost may swap places on a loaded machine);
- "verdict: WORD": the first words of the verdict (faster, slower, no
  significant change);
- "rn-analyze: fail-on ...": the line, without its numbers (one that says
  "not counted", a threshold crossed within the noise, is timing).
Timings, pids and table rows are not compared: they differ from run to run.
Prints one line per command; exits 1 at the first mismatch."""
import re
import subprocess
import sys

CHECK_EXACT = re.compile(r"^(\d+ lines|checksum \d+|loaded \d+ records, sum \d+)$")


def commands(page):
    """[(command, expected output lines, code block kind)] in page order."""
    out = []
    kind = None
    pending = None
    cur = None  # the last command of this block, which output lines follow
    for line in open(page, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("```"):
            kind = None if kind else (line[3:].strip() or "text")
            pending = cur = None
            continue
        if kind is None:
            continue
        if pending is not None:  # a continued command
            pending[0] += "\n" + line
            if not line.endswith("\\"):
                pending = None
            continue
        if kind in ("sh", "bash") or (kind == "text" and line.startswith("$ ")):
            cmd = line[2:] if line.startswith("$ ") else line
            if not cmd.strip() or cmd.lstrip().startswith("#"):
                continue
            entry = [cmd, [], kind]
            out.append(entry)
            cur = entry
            if cmd.endswith("\\"):
                pending = entry
        elif kind == "text" and cur:
            cur[1].append(line)
    return out


def hint_lines(lines):
    keep = []
    for l in lines:
        m = re.match(r"^hint \d+: (.*)$", l)
        if m:
            keep.append("hint: " + m.group(1))
        elif l.startswith("  call site:"):
            keep.append(re.sub(r" \(\d+ calls\)$", "", l))
        elif l.startswith("  fix:"):
            keep.append(l)
    return sorted(keep)


def verdict(lines):
    for l in lines:
        m = re.match(r"^verdict: (faster|slower|no significant change)", l)
        if m:
            return m.group(1)
    return None


def failon(lines):
    # a threshold crossed within the noise is noted "not counted": timing
    return [re.sub(r"[-+0-9.]+", "N", l) for l in lines
            if l.startswith("rn-analyze: fail-on") and "not counted" not in l]


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit("usage: doc_cmds.py PAGE.md WORKDIR [--skip REGEX]... [--sub OLD=NEW]...")
    page, work = args[0], args[1]
    skips, subs = [], []
    rest = args[2:]
    while rest:
        opt, val = rest[0], rest[1]
        rest = rest[2:]
        if opt == "--skip":
            skips.append(re.compile(val))
        elif opt == "--sub":
            subs.append(val.split("=", 1))
        else:
            sys.exit("doc_cmds.py: unknown option " + opt)

    def sub(s):
        for old, new in subs:
            s = s.replace(old, new)
        return s

    cmds = [(sub(c), [sub(l) for l in exp], k) for c, exp, k in commands(page)]
    cmds = [c for c in cmds if not any(r.search(c[0]) for r in skips)]
    if not cmds:
        sys.exit("doc_cmds.py: %s: no commands found" % page)
    # One bash runs them all in order; each one's output and status go to files.
    script = ["set -u", "cd %s" % sh_quote(work)]
    for i, (cmd, _, _) in enumerate(cmds):
        script.append("{ %s\n} >%s/.out.%d 2>&1 </dev/null; echo $? >%s/.rc.%d" % (
            cmd, sh_quote(work), i, sh_quote(work), i))
    subprocess.run(["bash", "-c", "\n".join(script)], check=False)
    for i, (cmd, exp, kind) in enumerate(cmds):
        got = open("%s/.out.%d" % (work, i), encoding="utf-8", errors="replace").read()
        rc = int(open("%s/.rc.%d" % (work, i)).read())
        glines = got.splitlines()
        want_rc = 0
        for l in exp:
            m = re.match(r"^exit status (\d+)$", l)
            if m:
                want_rc = int(m.group(1))
        one = cmd.replace("\n", " ")
        problems = []
        if rc != want_rc:
            problems.append("exit status %d, the page says %d" % (rc, want_rc))
        if kind != "text":  # a ```sh block shows no output: the status is all
            exp = glines = []
        want = [l for l in exp if CHECK_EXACT.match(l)]
        left = iter(glines)
        if not all(any(w == g for g in left) for w in want):
            problems.append("program output differs: want %s" % want)
        if hint_lines(exp) != hint_lines(glines):
            problems.append("hints differ: want %s, got %s" % (hint_lines(exp), hint_lines(glines)))
        if verdict(exp) and verdict(exp) != verdict(glines):
            problems.append("verdict %r, the page says %r" % (verdict(glines), verdict(exp)))
        if failon(exp) != failon(glines):
            problems.append("fail-on line %s, the page says %s" % (failon(glines), failon(exp)))
        if problems:
            print("FAIL: %s" % one)
            for p in problems:
                print("  " + p)
            print("  its output:")
            for l in glines[:30]:
                print("    " + l)
            sys.exit(1)
        print("ok %d: %s" % (rc, one))
    print("%d commands of %s ran as the page says" % (len(cmds), page))


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


if __name__ == "__main__":
    main()
