# Rule 2, every tool x command x output format: on real traces with each
# kind of trouble, what was lost is said first, with the count, and carried
# in the machine-readable outputs where the format has a place for it:
#  - Loss events: win.rn (--max-size 256K: the flight window), ring.rn (bpf
#    with a 64K ring: full rings; when bpf runs here), fn.rn (--func-buffer
#    64K --func-wait 0: function events dropped);
#  - damage: cut.rn (cut inside a chunk), flip.rn (a byte flipped in one);
#  - unread captures: un.rn (rnfmt unread: 2 captures unread, 1 a path, 1
#    the buffer of the one outlier).
# The expected lines are built from other sources than the tool's own
# tally: the Loss counts from rn-replay's inline "+++ rn: N events lost"
# lines, the damage counts from rnfmt read and the chunk markers. Every
# pair is checked and every mismatch listed before the test fails.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_cmd python3
rnfmt="$RN_BUILD/tests/format/rnfmt"
[ -x "$rnfmt" ] || fail "rnfmt helper not built"

rn-record -q --max-size 256K -o win.rn -- find /usr/share -maxdepth 3 >/dev/null 2>&1 || fail "record win.rn"
traces="win"
if [ -r /sys/kernel/btf/vmlinux ] && [ "$(id -u)" = 0 ]; then
	rn-record -q --backend=bpf --bpf-buffer 64K -o ring.rn -- find /usr/share -maxdepth 3 \
		>/dev/null 2>&1 || fail "record ring.rn"
	traces="$traces ring"
else
	echo "note: no bpf here: the full-ring trace is left out"
fi
rn-record -q --backend=ptrace --functions --func-buffer 64K --func-wait 0 -e trace=none -o fn.rn \
	-- "$RN_BUILD/tests/functions/prog_calls" loop 600000 >/dev/null 2>&1 || fail "record fn.rn"
# A ring that holds the run under bpf (a loaded machine lost calls to the
# default 16M, leaving fewer than the 3 chunks damage_middle needs).
big=""
[ "$(id -u)" = 0 ] && [ -r /sys/kernel/btf/vmlinux ] && big="--bpf-buffer 64M"
# shellcheck disable=SC2086
rn-record -q $big -f -o whole.rn -- "$PROGS/loop" 120000 || fail "record whole.rn"
"$rnfmt" unread un.rn || fail "rnfmt unread"
export TRACES="$traces fn cut flip un" RNFMT="$rnfmt" GRPC_PORT=
# OTLP/gRPC: Debian's python3-grpcio serves (tests/export/grpc_receiver.py)
mkdir grpc
if /usr/bin/python3 -c 'import grpc' 2>/dev/null; then
	/usr/bin/python3 "$RN_ROOT/tests/export/grpc_receiver.py" grpc.port grpc grpc.stop 300 2>grpc.log &
	i=0
	while [ ! -s grpc.port ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "grpc_receiver did not start: $(cat grpc.log)"
		sleep 0.1
	done
	GRPC_PORT=$(cat grpc.port)
else
	echo "note: no python3-grpcio: otlp over gRPC left out"
fi

python3 - <<'PY' || { touch grpc.stop; fail "rule 2 matrix: $(cat fails.txt)"; }
import json, os, re, subprocess, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
sys.path.insert(0, os.path.join(os.environ["RN_ROOT"], "tests", "malformed"))
from mkmalformed import damage_middle

# ---- the troubled traces and what must be said about each ----
k, at, k_events = damage_middle("whole.rn", "cut.rn", "flip.rn")

REASONS = ["the trace could not be written", "tracee memory could not be read",
           "a recording ring was full", "older than the flight-recorder window",
           "a capture limit was hit", "the recorded data was damaged"]

def run(argv, stdin=None):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

def loss_of(t):
    """(total, warning line) from rn-replay's inline Loss lines, or (0, None)."""
    by = {}
    for line in run(["rn-replay", t + ".rn"])[1].splitlines():
        m = re.search(r"\+\+\+ rn: (\d+) events lost: (.*) \+\+\+$", line)
        if m:
            by[m.group(2)] = by.get(m.group(2), 0) + int(m.group(1))
    total = sum(by.values())
    if not total:
        return 0, None
    parts = ["%d: %s" % (by[r], r) for r in REASONS if r in by]
    return total, ("warning: %d events were lost while recording (%s); what follows is incomplete"
                   % (total, "; ".join(parts)))

def damage_of(t):
    """[summary, problem] as every tool says them, from rnfmt and the markers."""
    out = run([os.environ["RNFMT"], "read", t + ".rn"])[1].split()
    ev, ok, bad = out[1], out[3], out[5]
    if t == "cut":
        return ["recovered %s chunks (%s events); %s corrupt skipped; the file was cut short" % (ok, ev, bad),
                "file ends inside chunk %d at offset %d (cut short)" % (k, at)]
    return ["recovered %s chunks (%s events); %s corrupt skipped; the file has corrupt parts" % (ok, ev, bad),
            "chunk %d at offset %d is corrupt" % (k, at)]

def unread(n):
    return ("warning: %d captured argument%s could not be read while recording; what follows lacks %s contents"
            % (n, "" if n == 1 else "s", "its" if n == 1 else "their"))

T = {}
for t in os.environ["TRACES"].split():
    lost, w = loss_of(t) if t not in ("cut", "flip") else (0, None)
    T[t] = {"lost": lost, "w": w, "dmg": damage_of(t) if t in ("cut", "flip") else None,
            "un_all": 2 if t == "un" else 0, "un_path": 1 if t == "un" else 0,
            "un_out": 1 if t == "un" else 0}
    if t in ("win", "ring", "fn"):
        assert lost > 0, "%s.rn lost nothing" % t

fails = []
nchecks = [0]
def check(label, cond, got):
    nchecks[0] += 1
    if not cond:
        fails.append("%s: got %r" % (label, got))

def said(tool, t, argv, kinds, out_first=None, err_tail=()):
    """Runs argv; its stderr must begin with the lines the kinds in 'kinds'
    call for (damage, loss, unread: which of them apply to t), each
    'TOOL: T.rn: LINE'; stdout's first line must be out_first (a string, or
    a function of the output returning None when right, else what it saw)."""
    rc, out, err = run(argv)
    err = re.sub(r" is corrupt \(.*\); skipped$", " is corrupt", err, flags=re.M)
    want = []
    x = T[t]
    if x["dmg"]:
        want += x["dmg"]
    if "loss" in kinds and x["w"]:
        want.append(x["w"])
    if "unread" in kinds and x[kinds["unread"]]:
        want.append(unread(x[kinds["unread"]]))
    want = ["%s: %s.rn: %s" % (tool, t, l) for l in want] + list(err_tail)
    label = "%s [%s]" % (" ".join(argv), t)
    got = err.splitlines()[:len(want)]
    same = len(got) == len(want) and all(
        re.fullmatch(w[3:], g) if w.startswith("re:") else g == w for g, w in zip(got, want))
    check(label + " stderr", same, "%r, want %r" % (got, want))
    if not want:
        check(label + " stderr", err == "", err)
    check(label + " exit", rc == (1 if x["dmg"] else 0) or argv[1] in ("functions", "graph"), rc)
    if callable(out_first):
        bad = out_first(out, x)
        check(label + " stdout", bad is None, bad)
    elif out_first is not None:
        first = out.split("\n", 1)[0]
        check(label + " stdout", first == out_first, "%r, want %r" % (first, out_first))
    return out

# ---- rn-replay: every view, stderr first ----
for t in T:
    for flags in ([], ["-C"], ["-f"], ["-o", "r.txt"]):
        said("rn-replay", t, ["rn-replay"] + flags + [t + ".rn"], {"loss": 1, "unread": "un_all"})
    said("rn-replay", t, ["rn-replay", "-c", t + ".rn"], {"loss": 1})  # no argument shown

# ---- rn-analyze ----
def first_line_is(line_of):
    def f(out, x):
        want = line_of(x)
        first = out.split("\n", 1)[0]
        if want is None:
            return None if not first.startswith(("warning:", "note:")) and not re.match(r"^\S+\.rn: warning", first) else first
        return None if first == want else "%r, want %r" % (first, want)
    return f

def json_keys(want_of):
    """the JSON object's leading keys must be exactly want_of(x): a list of (key, value)"""
    def f(out, x):
        try:
            doc = json.loads(out)
        except ValueError:
            return "not JSON: %r" % out[:80]
        want = want_of(x)
        got = list(doc.items())[:len(want)]
        return None if got == want else "%r, want %r" % (got, want)
    return f

def dmg_kv(x):
    return [("damage", x["dmg"][0])] if x["dmg"] else []

note = lambda x: "note: the recorder reported %d events lost (see rn-replay)" % x["lost"] if x["lost"] else None
for t in T:
    f = t + ".rn"
    x = T[t]
    said("rn-analyze", t, ["rn-analyze", "summary", f], {}, first_line_is(note))
    said("rn-analyze", t, ["rn-analyze", "summary", "--json", f], {},
         json_keys(lambda x: [("lost_events", x["lost"])] + dmg_kv(x)))
    said("rn-analyze", t, ["rn-analyze", "summary", "--csv", f], {},
         err_tail=["rn-analyze: %s: %s" % (f, note(x))] if x["lost"] else [])
    said("rn-analyze", t, ["rn-analyze", "summary", "--by", "path", f], {},
         first_line_is(lambda x: note(x) or (unread(x["un_path"]) if x["un_path"] else None)))
    said("rn-analyze", t, ["rn-analyze", "summary", "--by", "path", "--json", f], {},
         json_keys(lambda x: [("lost_events", x["lost"])] +
                   ([("unread_captures", x["un_path"])] if x["un_path"] else []) + dmg_kv(x)))
    said("rn-analyze", t, ["rn-analyze", "summary", "--by", "path", "--csv", f], {"unread": "un_path"},
         err_tail=["rn-analyze: %s: %s" % (f, note(x))] if x["lost"] else [])
    # diff: the whole recording before, this one after; each side named
    dnote = lambda x: ("note: the recorder reported 0 events lost before, %d after (see rn-replay)" % x["lost"]
                       if x["lost"] else None)
    said("rn-analyze", t, ["rn-analyze", "diff", "whole.rn", f], {},
         first_line_is(lambda x: dnote(x) or ("%s: %s" % (f, unread(x["un_path"])) if x["un_path"] else None)))
    said("rn-analyze", t, ["rn-analyze", "diff", "--json", "whole.rn", f], {},
         json_keys(lambda x: [("lost_events", {"before": 0, "after": x["lost"]})] +
                   ([("unread_captures", {f: x["un_path"]})] if x["un_path"] else []) +
                   ([("damage", {f: x["dmg"][0]})] if x["dmg"] else [])))
    said("rn-analyze", t, ["rn-analyze", "diff", "--csv", "whole.rn", f], {},
         err_tail=["rn-analyze: " + dnote(x)] if x["lost"] else [])
    said("rn-analyze", t, ["rn-analyze", "diff", "--by", "path", "--csv", "whole.rn", f], {},
         err_tail=(["rn-analyze: " + dnote(x)] if x["lost"] else []) +
                  (["rn-analyze: %s: %s" % (f, unread(x["un_path"]))] if x["un_path"] else []))
    for cmd, un in (("anomalies", "un_out"), ("hints", "un_path")):
        said("rn-analyze", t, ["rn-analyze", cmd, f], {},
             first_line_is(lambda x: x["w"] or (unread(x[un]) if x[un] else None)))
        said("rn-analyze", t, ["rn-analyze", cmd, "--json", f], {},
             json_keys(lambda x: [("lost_events", x["lost"])] +
                       ([("unread_captures", x[un])] if x[un] else []) + dmg_kv(x)))
    # the function views: fn.rn has function events; the others say none
    # after what they must say first
    nofn = [] if t == "fn" else ["rn-analyze: %s: no function events (record with rn-record --functions)" % f]
    for cmd in ("functions", "graph"):
        said("rn-analyze", t, ["rn-analyze", cmd, f], {},
             first_line_is(lambda x: x["w"]) if t == "fn" else "", err_tail=nofn)
        if t == "fn":
            said("rn-analyze", t, ["rn-analyze", cmd, "--json", f], {},
                 json_keys(lambda x: [("lost_events", x["lost"]), ("warning", x["w"])]))
        else:
            said("rn-analyze", t, ["rn-analyze", cmd, "--json", f], {}, err_tail=nofn)
    if t == "fn":
        said("rn-analyze", t, ["rn-analyze", "functions", "--csv", f], {}, err_tail=["rn-analyze: %s: %s" % (f, x["w"])])
    # the report: each trouble a paragraph before the first section
    said("rn-analyze", t, ["rn-analyze", "report", "-o", "r.html", f], {})
    html = open("r.html").read()
    head = html.split("<h2>", 1)[0]
    paras = re.findall(r'<p class="(lost|damage|unread)"[^>]*>([^<]*)</p>', head)
    want = ([("damage", x["dmg"][0])] if x["dmg"] else []) + ([("lost", x["w"])] if x["w"] else []) + \
           ([("unread", unread(x["un_path"]))] if x["un_path"] else [])
    check("rn-analyze report [%s] paragraphs before the first section" % t, paras == want, "%r, want %r" % (paras, want))
    # pack shows no recorded data: only the damage (a cut file cannot be packed: said in its line)
    if t != "cut":
        said("rn-analyze", t, ["rn-analyze", "pack", f], {})

# ---- rn-export ----
def otlp_attrs(doc):
    return [(a["key"], list(a["value"].values())[0])
            for a in doc["resourceSpans"][0]["resource"]["attributes"] if a["key"].startswith("rn.trace.")]

def otlp_want(x):
    return [("rn.trace.lost_events", str(x["lost"]))] + \
           ([("rn.trace.damage", x["dmg"][0])] if x["dmg"] else []) + \
           ([("rn.trace.unread_captures", str(x["un_all"]))] if x["un_all"] else [])

def json_header(out, x):
    h = json.loads(out.split("\n", 1)[0])
    got = [(k, h.get(k)) for k in ("lost_events", "damage", "unread_captures")]
    want = [("lost_events", x["lost"]), ("damage", x["dmg"][0] if x["dmg"] else None),
            ("unread_captures", x["un_all"])]
    return None if got == want else "%r, want %r" % (got, want)

def chrome_other(out, x):
    o = json.loads(out)["otherData"]
    got = {k: v for k, v in o.items() if k.startswith("rn.")}
    want = {"rn.lost_events": x["lost"]}
    if x["w"]:
        want["rn.warning"] = x["w"]
    if x["dmg"]:
        want["rn.damage"] = x["dmg"][0]
    if x["un_all"]:
        want["rn.unread_captures"] = x["un_all"]
        want["rn.unread"] = unread(x["un_all"])
    return None if got == want else "%r, want %r" % (got, want)

class Receiver(BaseHTTPRequestHandler):
    bodies = []
    def do_POST(self):
        Receiver.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *a):
        pass
srv = HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=srv.serve_forever, daemon=True).start()
endpoint = "http://127.0.0.1:%d/v1/traces" % srv.server_port

for t in T:
    f = t + ".rn"
    x = T[t]
    args = {"loss": 1, "unread": "un_all"}
    said("rn-export", t, ["rn-export", "json", f], args, json_header)
    said("rn-export", t, ["rn-export", "csv", f], args, "start_unix_ns,end_unix_ns,duration_ns,pid,tid,syscall,args,return,error,source")
    said("rn-export", t, ["rn-export", "chrome", f], args, chrome_other)
    said("rn-export", t, ["rn-export", "folded", f], {"loss": 1})  # no argument shown
    said("rn-export", t, ["rn-export", "otlp-json", f], args,
         lambda out, x: (lambda g, w: None if g == w else "%r, want %r" % (g, w))(
             otlp_attrs(json.loads(out.split("\n", 1)[0])), otlp_want(x)))
    Receiver.bodies = []
    said("rn-export", t, ["rn-export", "otlp", "--protocol", "http/json", "--no-progress", "--endpoint", endpoint, f], args)
    got = otlp_attrs(json.loads(Receiver.bodies[0])) if Receiver.bodies else None
    check("rn-export otlp http/json [%s] resource" % t, got == otlp_want(x), "%r, want %r" % (got, otlp_want(x)))
    Receiver.bodies = []  # protobuf: the keys and the damage line are in the request's bytes
    said("rn-export", t, ["rn-export", "otlp", "--no-progress", "--endpoint", endpoint, f], args)
    body = Receiver.bodies[0] if Receiver.bodies else b""
    for key, val in otlp_want(x):
        check("rn-export otlp http/protobuf [%s] %s" % (t, key), key.encode() in body and
              (key != "rn.trace.damage" or val.encode() in body), len(body))
    if os.environ["GRPC_PORT"]:
        for old in os.listdir("grpc"):
            os.unlink(os.path.join("grpc", old))
        said("rn-export", t, ["rn-export", "otlp", "--protocol", "grpc", "--no-progress", "--endpoint",
                              "http://127.0.0.1:" + os.environ["GRPC_PORT"], f], args)
        reqs = sorted(os.listdir("grpc"))
        body = open(os.path.join("grpc", reqs[0]), "rb").read() if reqs else b""
        for key, val in otlp_want(x):
            check("rn-export otlp grpc [%s] %s" % (t, key), key.encode() in body and
                  (key != "rn.trace.damage" or val.encode() in body), len(body))
    # scrub writes a copy: it says the damage first, and the copy says each trouble first
    if os.path.exists("s.rn"):
        os.unlink("s.rn")
    said("rn-export", t, ["rn-export", "scrub", f, "-o", "s.rn"], {},
         err_tail=[r"re:rn-export: scrub: \d+ events written to s\.rn; \d+ buffers removed, 0 strings redacted"])
    rc, out, err = run(["rn-replay", "s.rn"])
    want = []
    if x["dmg"]:
        want.append("rn-replay: s.rn: warning: %d events were lost while recording (%d: the recorded data was damaged); "
                    "what follows is incomplete" % (k_events, k_events))
    if x["w"]:
        want.append("rn-replay: s.rn: " + x["w"])
    if x["un_all"]:
        want.append("rn-replay: s.rn: " + unread(x["un_all"]))
    check("rn-replay of rn-export scrub's copy [%s]" % t, err.splitlines() == want, "%r, want %r" % (err.splitlines(), want))

srv.shutdown()
open("fails.txt", "w").write("\n".join(fails) + "\n")
print("%d checks, %d wrong" % (nchecks[0], len(fails)))
for l in fails:
    print("  " + l)
sys.exit(1 if fails else 0)
PY
touch grpc.stop
echo "rule 2 matrix ok"
