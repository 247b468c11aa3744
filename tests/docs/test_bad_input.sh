# Every tool and command on input that is not a trace, and on outputs and
# privileges it cannot have: one line "TOOL: NAME: REASON" on stderr, nothing
# on stdout, the documented status (1; 2 for usage), never a crash or a hang.
# The matrix a newcomer meets first: a typo'd name, an empty or foreign file,
# a trace cut inside its header, a directory, an -o in a missing directory.
. "$RN_ROOT/tests/lib.sh"
rn-record -q -o ok.rn -- /bin/true
: >empty.rn
echo hello >text.rn
head -c 5000 /bin/sh >elf.rn
head -c 100 ok.rn >head.rn
mkdir dir.rn

# one WANT_RC WANT_LINE CMD...: exit WANT_RC, stderr exactly WANT_LINE (an ERE
# matched whole), stdout empty.
one() {
	want_rc=$1
	want=$2
	shift 2
	set +e
	timeout 30 "$@" >out.txt 2>err.txt
	rc=$?
	set -e
	[ "$rc" -eq "$want_rc" ] || fail "'$*' exited $rc, expected $want_rc: $(cat err.txt)"
	[ "$(wc -l <err.txt)" -eq 1 ] || fail "'$*' printed $(wc -l <err.txt) lines: $(cat err.txt)"
	grep -Eqx -- "$want" err.txt || fail "'$*': '$(cat err.txt)' is not /$want/"
	[ ! -s out.txt ] || fail "'$*' wrote to stdout: $(head -c 200 out.txt)"
}

for f in missing.rn empty.rn text.rn elf.rn head.rn dir.rn; do
	case $f in
	missing.rn) why="No such file or directory" ;;
	empty.rn) why="empty file, not an rn trace" ;;
	text.rn) why="not an rn trace \(too short\)" ;;
	elf.rn) why="not an rn trace \(bad magic\)" ;;
	head.rn) why="truncated or corrupt file header" ;;
	dir.rn) why="is a directory, not an rn trace" ;;
	esac
	one 1 "rn-replay: $f: $why" rn-replay $f
	for cmd in summary anomalies hints functions graph pack; do
		one 1 "rn-analyze: $f: $why" rn-analyze $cmd $f
	done
	one 1 "rn-analyze: $f: $why" rn-analyze report -o r.html $f
	one 1 "rn-analyze: $f: $why" rn-analyze diff ok.rn $f
	for cmd in otlp-json chrome json csv folded; do
		one 1 "rn-export: $f: $why" rn-export $cmd $f
	done
	one 1 "rn-export: $f: $why" rn-export otlp $f --endpoint http://127.0.0.1:1 --retries 0
	one 1 "rn-export: $f: $why" rn-export scrub -o s.rn $f
	[ ! -e r.html ] && [ ! -e s.rn ] || fail "an output was created for $f"
done

# An -o in a directory that does not exist.
bad=nodir/out
one 1 "rn-record: cannot create $bad: No such file or directory" rn-record -q -o $bad -- true
one 1 "rn-replay: $bad: No such file or directory" rn-replay -o $bad ok.rn
for cmd in summary anomalies hints report; do
	one 1 "rn-analyze: $bad: No such file or directory" rn-analyze $cmd -o $bad ok.rn
done
for cmd in otlp-json chrome json csv folded; do
	one 1 "rn-export: $bad: No such file or directory" rn-export $cmd -o $bad ok.rn
done
one 1 "rn-export: $bad: No such file or directory" rn-export scrub -o $bad ok.rn
one 1 "rn-export: ok.rn: exists; scrub never overwrites a file \(remove it or choose another -o\)" \
	rn-export scrub -o ok.rn ok.rn

# A collector nobody listens on: one line, exit 1 (the count goes to stdout).
set +e
rn-export otlp ok.rn --endpoint http://127.0.0.1:1/v1/traces --retries 0 >out.txt 2>err.txt
rc=$?
set -e
assert_eq "$rc" 1 "unreachable collector: exit"
assert_eq "$(cat err.txt)" \
	"rn-export: http://127.0.0.1:1/v1/traces: Couldn't connect to server (gave up after 0 retries; nothing more is sent)" \
	"unreachable collector: message"
assert_match "$(cat out.txt)" "0 sent, 0 rejected, 0 retried, [0-9]+ failed" "unreachable collector: count"

# Without privileges (an ordinary user): bpf and -a say what they need; the
# recorder cannot write where the user cannot; a root-only trace is not read.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 0777 "$RN_TMP"
	U="setpriv --reuid=65534 --regid=65534 --clear-groups"
	one 1 "rn-record: --backend=bpf: needs root or CAP_BPF and CAP_PERFMON" \
		$U rn-record --backend=bpf -o "$RN_TMP/u.rn" -- true
	one 1 "rn-record: -a: needs root or CAP_BPF and CAP_PERFMON" \
		$U rn-record -a --duration 1 -o "$RN_TMP/u.rn"
	one 1 "rn-record: cannot attach to process 1: it belongs to another user \(uid 0\); run rn-record as that user or as root" \
		$U rn-record --backend=ptrace -p 1 -o "$RN_TMP/u.rn"
	one 1 "rn-record: cannot create $RN_TMP/dir.rn/u.rn: Permission denied" \
		$U rn-record --backend=ptrace -o "$RN_TMP/dir.rn/u.rn" -- true
	one 1 "rn-replay: ok.rn: Permission denied" $U rn-replay ok.rn
	one 1 "rn-analyze: ok.rn: Permission denied" $U rn-analyze summary ok.rn
	one 1 "rn-export: ok.rn: Permission denied" $U rn-export json ok.rn
else
	echo "not root or no setpriv: the unprivileged cases are left out"
fi
echo "bad input ok"
