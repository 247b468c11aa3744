#!/bin/sh
# Real recordings through rn-export: a shell pipeline with forks recorded by
# rn-record and sent over OTLP/HTTP to the real decoder (one span per
# syscall, a span per process parented by its forker, the root last), and a
# threaded program with children that exit, are killed and signal it; a
# -finstrument-functions program whose function spans are named from its
# symbol table and nest in Chrome JSON, OTLP and folded stacks; a --stack
# recording whose syscalls carry their source line (CSV, code.* attributes).
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/export/lib_export.sh"
need_node
[ -x "$RN_BIN/rn-record" ] || fail "rn-record is not built"

rn-record -q -f -o sh.rn sh -c 'ls /usr/bin >/dev/null; cat /nonexistent 2>/dev/null; exit 0' ||
	fail "rn-record failed"
rn-export json sh.rn >events.ndjson
start_receiver a
out=$(rn-export otlp sh.rn --endpoint "http://127.0.0.1:$PORT")
stop_receiver a
echo "$out"
assert_match "$out" " 0 rejected, 0 retried, 0 failed" "delivered"
check_otlp model a.ndjson events.ndjson process.exit.code=0 service.name=rn:sh os.type=linux
/usr/bin/python3 - <<'PY' || fail "process tree"
import json
spans = [s for l in open("a.ndjson") for b in json.loads(l)["batches"] for s in b["spans"]]
by = {s["spanId"]: s for s in spans}
procs = {s["name"]: s for s in spans if s["name"].startswith("process ")}
assert {"process sh", "process ls", "process cat"} <= set(procs), procs.keys()
for child in ("process ls", "process cat"):
    assert by[procs[child]["parentSpanId"]]["name"] == "process sh", child
cat = procs["process cat"]["attributes"]
assert cat["process.exit.code"] == 1 and cat["process.executable.path"].endswith("/cat"), cat
failed = [s for s in spans if s["attributes"].get("error.type") == "ENOENT"
          and "/nonexistent" in s["attributes"]["rn.syscall.args"]]
assert failed and failed[0]["status"]["code"] == 2, failed[:1]
PY

# Attach (-p) to a running shell: its Snapshot names the process; the
# children it forks after the attach are parented by its span. (ptrace:
# attached at once; bpf takes tenths of a second to load, longer than this
# shell may wait.)
sh -c 'sleep 0.3; for i in 1 2 3; do cat /etc/hostname >/dev/null; sleep 0.1; done' &
spid=$!
sleep 0.1
timeout 20 rn-record -q --backend=ptrace -f -p "$spid" -o att.rn || fail "rn-record -p failed"
wait $spid || true
rn-export json att.rn >att.ndjson
start_receiver p
rn-export otlp att.rn --endpoint "http://127.0.0.1:$PORT" >/dev/null
stop_receiver p
check_otlp model p.ndjson att.ndjson
/usr/bin/python3 - "$spid" <<'PY' || fail "attached process tree"
import json, sys
spid = int(sys.argv[1])
spans = [s for l in open("p.ndjson") for b in json.loads(l)["batches"] for s in b["spans"]]
by = {s["spanId"]: s for s in spans}
sh = [s for s in spans if s["attributes"].get("process.pid") == spid]
assert len(sh) == 1 and sh[0]["attributes"]["process.command_line"].startswith("sh -c sleep 0.3;"), sh
cats = [s for s in spans if s["name"] == "process cat"]
assert len(cats) == 3 and all(by[c["parentSpanId"]] is sh[0] for c in cats), cats
PY

# Threads, children exiting with codes 1..4, one killed by SIGKILL, SIGCHLD:
# thread ids on syscall spans, exit codes and the killing signal on process
# spans (status ERROR), signals as span events of the receiving process.
cat >tprog.c <<'C'
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void *work(void *a)
{
	for (int i = 0; i < 20; i++)
		getppid();
	return a;
}
static void on_chld(int s) { (void)s; }
int main(void)
{
	pthread_t t[4];
	signal(SIGCHLD, on_chld);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, work, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 1; i <= 4; i++) {
		pid_t c = fork();
		if (c == 0)
			_exit(i);
		waitpid(c, NULL, 0);
	}
	pid_t k = fork();
	if (k == 0) {
		pause();
		_exit(0);
	}
	kill(k, SIGKILL);
	waitpid(k, NULL, 0);
	return 0;
}
C
cc_prog tprog.c tprog -pthread
rn-record -q -f -o thr.rn ./tprog || fail "rn-record of tprog failed"
rn-export json thr.rn >thr.ndjson
start_receiver t
rn-export otlp thr.rn --endpoint "http://127.0.0.1:$PORT" >/dev/null
stop_receiver t
check_otlp model t.ndjson thr.ndjson
/usr/bin/python3 - <<'PY' || fail "threads, exit codes, signals"
import json
spans = [s for l in open("t.ndjson") for b in json.loads(l)["batches"] for s in b["spans"]]
procs = [s for s in spans if s["name"] == "process tprog"]
assert len(procs) == 6, len(procs)
codes = sorted(p["attributes"].get("process.exit.code", -1) for p in procs)
assert codes[-4:] == [1, 2, 3, 4], codes
killed = [p for p in procs if p["attributes"].get("rn.process.signal") == "SIGKILL"]
assert len(killed) == 1 and killed[0]["status"]["code"] == 2, killed
for p in procs:
    c = p["attributes"].get("process.exit.code")
    if c in (1, 2, 3, 4):
        assert p["status"]["code"] == 2, p
root_proc = [p for p in procs if not any(q["spanId"] == p["parentSpanId"] for q in procs)]
assert len(root_proc) == 1, root_proc
rp = root_proc[0]
tids = {s["attributes"]["thread.id"] for s in spans
        if s["parentSpanId"] == rp["spanId"] and "rn.syscall.args" in s["attributes"]}
assert len(tids) >= 5, tids
chld = [e for e in rp["events"] if e["name"] == "SIGCHLD"]
assert len(chld) == 5, [e["name"] for e in rp["events"]]
PY

cat >fprog.c <<'C'
#include <unistd.h>
__attribute__((noinline)) static int leaf(int x) { return getppid() + x; }
__attribute__((noinline)) int work(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += leaf(i);
	return s;
}
int main(void) { return work(5) == 0; }
C
cc_prog fprog.c fprog -finstrument-functions
rn-record -q --functions -o f.rn ./fprog || fail "rn-record --functions failed"
rn-export folded f.rn >f.txt
cat f.txt
grep -q '^fprog;main;work;leaf [0-9]*$' f.txt || fail "folded stacks lack main;work;leaf"
rn-export chrome f.rn -o f.json
nsc=$(rn-export csv f.rn | tail -n +2 | wc -l)
/usr/bin/python3 "$EXPORT_DIR/check_chrome.py" f.json "$nsc" 7 || fail "chrome rules (functions)"
/usr/bin/python3 - <<'PY' || fail "function spans"
import json
ev = json.load(open("f.json"))["traceEvents"]
fn = sorted((e for e in ev if e["ph"] == "X" and e["cat"] == "function"), key=lambda e: e["ts"])
assert [e["name"] for e in fn] == ["main", "work"] + ["leaf"] * 5, [e["name"] for e in fn]
leaf_ppid = [e for e in ev if e["ph"] == "X" and e["name"] == "getppid"]
assert len(leaf_ppid) == 5
for g in leaf_ppid:  # each getppid lies inside one leaf call
    assert any(f["ts"] <= g["ts"] and g["ts"] + g["dur"] <= f["ts"] + f["dur"] for f in fn[2:]), g
PY

# Source locations from stacks recorded with --stack (rn-analyze's libdw
# resolver): the CSV source column and code.* attributes on syscall spans.
cat >sprog.c <<'C'
#include <unistd.h>
int main(void)
{
	for (int i = 0; i < 3; i++)
		getppid();
	return 0;
}
C
cc_prog sprog.c sprog -O0
rn-record -q --stack -o s.rn ./sprog || fail "rn-record --stack failed"
# Folded stacks from the unwound syscall stacks (no function events here).
rn-export folded s.rn >sf.txt
grep -Eq '^sprog;(.*;)?main;getppid;getppid [0-9]+$' sf.txt || fail "folded from stacks: $(cat sf.txt)"
rn-export csv s.rn -o s.csv
assert_eq "$(grep -c ',getppid,.*,sprog\.c:5 in main$' s.csv)" 3 "csv source column"
rn-export otlp-json s.rn -o s.json
/usr/bin/python3 - <<'PY' || fail "code.* attributes"
import json
spans = [s for l in open("s.json") for s in json.loads(l)["resourceSpans"][0]["scopeSpans"][0]["spans"]]
g = [s for s in spans if s["name"] == "getppid"]
assert len(g) == 3, len(g)
for s in g:
    a = {x["key"]: x["value"] for x in s["attributes"]}
    assert a["code.file.path"]["stringValue"].endswith("sprog.c"), a
    assert a["code.line.number"]["intValue"] == "5", a
    assert a["code.function.name"]["stringValue"] == "main", a
PY
echo PASS
