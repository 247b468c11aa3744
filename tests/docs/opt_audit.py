#!/usr/bin/env python3
"""opt_audit.py: each tool's --help, its man page and its option parser must
agree. Usage: opt_audit.py MANDIR (the tools on PATH).

For rn-record, rn-replay, rn-analyze and rn-export:
- every option --help lists is named in the man page;
- every option the man page describes (its .TP tags) is listed by --help;
- every option --help lists is taken by the parser: "TOOL [COMMAND] OPT
  --zz-end" ends with a usage error (exit 2) that is not "unknown option
  'OPT'" (a value-taking OPT eats --zz-end as its value; either way the
  tool stops at the usage error before doing anything);
- rn-analyze and rn-export: every option --help lists, given to every
  command, is taken by the commands TAKES lists for it (no "unknown option"
  or "is taken only by" error) and refused by every other (exit 2, "unknown
  option 'OPT'" or "TOOL: COMMAND: OPT is taken only by ..."): an option
  a command would silently ignore is a usage error;
- --version prints "TOOL VERSION";
- an unknown long and short option, a missing value and a value given to a
  flag each give exactly "TOOL: [COMMAND: ]MESSAGE" and "Try 'TOOL --help'.",
  exit 2.
Prints what it checked; exits 1 listing every disagreement."""
import os
import re
import subprocess
import sys

OPT = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")

# Tokens that look like options but are not this tool's: a compiler flag the
# help names, and rn-analyze's -c, an alias of its summary command.
NOT_OPTIONS = {
    "rn-record": {"-finstrument-functions"},
    "rn-analyze": {"-c"},
}
# Where an option is tried: rn-analyze and rn-export take options after a
# command; an option belongs to the tool when one of these commands takes it.
COMMANDS = {
    "rn-record": [[]],
    "rn-replay": [[]],
    "rn-analyze": [["summary"], ["diff"]],
    "rn-export": [["json"], ["otlp"], ["scrub"]],
}
# Which commands take each option --help lists (the tools with commands).
ANALYZE_ALL = ["summary", "diff", "anomalies", "hints", "functions", "graph", "report", "pack"]
SCAN = ["summary", "diff", "anomalies", "hints", "report"]
READ = ["summary", "diff", "anomalies", "hints", "functions", "graph", "report"]
SHOWN = ["summary", "diff", "anomalies", "hints", "functions", "graph"]
FILES = ["chrome", "json", "csv", "folded", "otlp-json"]
OTLP = ["otlp"]
TAKES = {
    "rn-analyze": {
        "-e": SCAN, "--from": SCAN, "--to": SCAN, "--pid": READ, "--threads": READ,
        "--by": ["summary", "diff"], "--fast": ["summary", "diff"],
        "--sort": ["summary", "functions"],
        "--format": SHOWN, "--json": SHOWN, "--csv": SHOWN,
        "--source": ["summary", "diff", "anomalies", "hints"],
        "--frames": ["summary", "diff", "anomalies", "hints"],
        "--top": ["summary", "diff", "anomalies", "hints", "functions", "report"],
        "--threshold": ["anomalies"], "--include-blocking": ["diff"], "--fail-on": ["diff"],
        "-o": ANALYZE_ALL, "--output": ANALYZE_ALL,
    },
    "rn-export": {
        "-o": FILES + ["scrub"], "--output": FILES + ["scrub"],
        "--no-functions": ["chrome", "folded", "json", "otlp-json"],
        "--rebase-time": ["otlp", "otlp-json"],
        "--endpoint": OTLP, "--protocol": OTLP, "--headers": OTLP, "--compression": OTLP,
        "--timeout": OTLP, "--batch-size": OTLP, "--preset": OTLP, "--service-name": OTLP,
        "--retries": OTLP, "--retry-base": OTLP, "--retry-max": OTLP, "--progress": OTLP,
        "--no-progress": OTLP, "--certificate": OTLP, "--client-certificate": OTLP,
        "--client-key": OTLP,
        "--redact": ["scrub"], "--keep-data": ["scrub"], "--no-stacks": ["scrub"],
    },
}
# A value for each option that takes one (the others take none).
VALUES = {
    "-e": "trace=read", "--from": "0", "--to": "1", "--pid": "1", "--threads": "1",
    "--by": "syscall", "--sort": "calls", "--format": "text", "--frames": "2", "--top": "3",
    "--threshold": "4", "--fail-on": "total>+10%", "-o": "zz.out", "--output": "zz.out",
    "--endpoint": "http://127.0.0.1:9/v1/traces", "--protocol": "http/json",
    "--headers": "a=b", "--compression": "none", "--timeout": "100", "--batch-size": "10",
    "--preset": "balanced", "--service-name": "s", "--retries": "1", "--retry-base": "10",
    "--retry-max": "20", "--certificate": "zz.pem", "--client-certificate": "zz.pem",
    "--client-key": "zz.pem", "--redact": "x",
}
# Arguments each command needs besides the option tried.
NEEDS = {"diff": ["zz1.rn", "zz2.rn"], "report": ["-o", "zz.html", "zz.rn"],
         "scrub": ["-o", "zz-out.rn", "zz.rn"]}


def audit_takes(tool, helps, bad):
    """Every (command, option) pair against TAKES; returns how many were tried."""
    takes = TAKES[tool]
    cmds = sorted({c for cs in takes.values() for c in cs})
    n = 0
    for o in sorted(helps - {"-h", "--help", "--version"}):
        if o not in takes:
            bad.append("%s: %s is not in opt_audit.py's TAKES table" % (tool, o))
            continue
        for cmd in cmds:
            args = [tool, cmd, o] + ([VALUES[o]] if o in VALUES else [])
            args += NEEDS.get(cmd, ["zz.rn"])
            rc, _, err = run(args)
            n += 1
            first = err.splitlines()[0] if err else ""
            refused = ("unknown option '%s'" % o in first or
                       first.startswith("%s: %s: %s is taken only by " % (tool, cmd, o)))
            if cmd in takes[o] and refused:
                bad.append("%s %s: %s is refused: %r" % (tool, cmd, o, first))
            elif cmd not in takes[o] and (rc != 2 or not refused):
                bad.append("%s %s %s: exit %d, %r; want exit 2, '%s is taken only by'"
                           % (tool, cmd, o, rc, first, o))
    return n


# A bad option of each kind, per tool: (args, the expected first line).
BAD = {
    "rn-record": [
        (["--zz"], "rn-record: unknown option '--zz'"),
        (["-Z"], "rn-record: unknown option '-Z'"),
        (["--backend"], "rn-record: option '--backend' needs a value"),
        (["-o"], "rn-record: option '-o' needs a value"),
        (["--pin=1", "--", "true"], "rn-record: option '--pin' takes no value"),
    ],
    "rn-replay": [
        (["--zz", "x.rn"], "rn-replay: unknown option '--zz'"),
        (["-Q", "x.rn"], "rn-replay: unknown option '-Q'"),
        (["--pid"], "rn-replay: option '--pid' needs a value"),
        (["-s"], "rn-replay: option '-s' needs a value"),
        (["--no-abbrev=1", "x.rn"], "rn-replay: option '--no-abbrev' takes no value"),
    ],
    "rn-analyze": [
        (["summary", "--zz", "x.rn"], "rn-analyze: unknown option '--zz'"),
        (["summary", "-Q", "x.rn"], "rn-analyze: unknown option '-Q'"),
        (["summary", "--by"], "rn-analyze: option '--by' needs a value"),
        (["summary", "--source=1", "x.rn"], "rn-analyze: option '--source' takes no value"),
    ],
    "rn-export": [
        (["json", "--zz", "x.rn"], "rn-export: json: unknown option '--zz'"),
        (["json", "-Q", "x.rn"], "rn-export: json: unknown option '-Q'"),
        (["json", "-o"], "rn-export: json: option '-o' needs a value"),
        (["json", "--no-functions=1", "x.rn"],
         "rn-export: json: option '--no-functions' takes no value"),
        (["otlp", "--endpoint"], "rn-export: otlp: option '--endpoint' needs a value"),
        (["otlp", "--zz", "x.rn"], "rn-export: otlp: unknown option '--zz'"),
        (["scrub", "--redact"], "rn-export: scrub: option '--redact' needs a value"),
        (["scrub", "--keep-data=1", "x.rn"],
         "rn-export: scrub: option '--keep-data' takes no value"),
    ],
}


def run(args):
    p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=20)
    return p.returncode, p.stdout, p.stderr


def man_text(path):
    """The man page's source with groff's escapes for - and fonts undone."""
    s = open(path, encoding="utf-8").read()
    s = s.replace("\\-", "-")
    s = re.sub(r"\\f[BIRP]", "", s)
    return s


def man_tags(src):
    """Options named in the page's .TP tags (the lines after .TP)."""
    tags = set()
    lines = src.splitlines()
    for i, l in enumerate(lines[:-1]):
        if l.startswith(".TP"):
            tags.update(OPT.findall(lines[i + 1]))
    return tags


def main():
    mandir = sys.argv[1]
    bad = []
    for tool in ("rn-record", "rn-replay", "rn-analyze", "rn-export"):
        rc, help_text, _ = run([tool, "--help"])
        if rc != 0:
            bad.append("%s --help exited %d" % (tool, rc))
            continue
        skip = NOT_OPTIONS.get(tool, set())
        helps = set(OPT.findall(help_text)) - skip
        src = man_text(os.path.join(mandir, tool + ".1"))
        in_man = set(OPT.findall(src))
        tags = man_tags(src) - skip
        for o in sorted(helps - in_man):
            bad.append("%s: --help lists %s, the man page never names it" % (tool, o))
        for o in sorted(tags - helps):
            bad.append("%s: the man page describes %s, --help does not list it" % (tool, o))
        for o in sorted(helps):
            if o in ("-h", "--help", "--version"):  # print and exit 0, command or not
                rc, out, _ = run([tool, o])
                if rc != 0 or not out:
                    bad.append("%s %s: exit %d, %d bytes out" % (tool, o, rc, len(out)))
                continue
            taken = False
            why = ""
            for cmd in COMMANDS[tool]:
                rc, _, err = run([tool] + cmd + [o, "--zz-end"])
                first = err.splitlines()[0] if err else ""
                if rc == 2 and "unknown option '%s'" % o not in first:
                    taken = True
                    break
                why = "exit %d, %r" % (rc, first)
            if not taken:
                bad.append("%s: %s from --help is not taken: %s" % (tool, o, why))
        if tool in TAKES:
            n = audit_takes(tool, helps, bad)
            print("%s: %d command and option pairs taken or refused as TAKES says" % (tool, n))
        rc, out, _ = run([tool, "--version"])
        if rc != 0 or not re.fullmatch(re.escape(tool) + r" \d+\.\d+\.\d+\n", out):
            bad.append("%s --version: exit %d, %r" % (tool, rc, out))
        for args, want in BAD[tool]:
            rc, _, err = run([tool] + args)
            lines = err.splitlines()
            if rc != 2 or lines != [want, "Try '%s --help'." % tool]:
                bad.append("%s %s: exit %d, %r; want exit 2, %r" % (tool, " ".join(args), rc,
                                                                   lines, want))
        print("%s: %d options in --help, %d described in the man page, all taken" %
              (tool, len(helps), len(tags)))
    if bad:
        print("\n".join("FAIL: " + b for b in bad))
        sys.exit(1)
    print("help, man pages and parsers agree")


if __name__ == "__main__":
    main()
