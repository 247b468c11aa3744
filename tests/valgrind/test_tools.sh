# Every tool under valgrind on a real recording (issue 8: no invalid access,
# no uninitialised use, no leak in the tools): rn-record itself (tracing a
# forking shell with --stack), rn-replay, every rn-analyze subcommand and
# every rn-export file command. A valgrind report fails the test.
. "$RN_ROOT/tests/lib.sh"
need_cmd valgrind
[ "${SANITIZE:-0}" = 1 ] && skip "valgrind does not run ASan builds"
vg() {
	log=vg.$n.log
	n=$((n + 1))
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --log-file="$log" "$@" >out.$n 2>err.$n
	rc=$?
	if [ "$rc" -eq 99 ] || [ -s "$log" ]; then
		cat "$log" >&2
		fail "valgrind reports on: $*"
	fi
	return $rc
}
n=0
# rn-analyze is linked statically (analyze/analyze.mk), where valgrind cannot
# follow malloc: its dynamically linked twin, the same objects, runs here.
ra=rn-analyze
[ -x "$RN_BUILD/tests/valgrind/rn-analyze" ] && ra="$RN_BUILD/tests/valgrind/rn-analyze"
# rn-record too (record/record.mk; beside bin/, for --functions' ../lib)
rr=rn-record
[ -x "$RN_BUILD/dynbin/rn-record" ] && rr="$RN_BUILD/dynbin/rn-record"
printf 'hello\n' >in.txt
# ptrace: valgrind does not model the bpf(2) attributes libbpf passes (it
# reports their padding as uninitialised inside libbpf); the bpf backend
# runs under ASan+UBSan instead (make SANITIZE=1 check).
vg "$rr" -q --backend=ptrace -f --stack -o t.rn -- sh -c 'cat in.txt >/dev/null; ls / >/dev/null; exit 3' ||
	[ $? -eq 3 ] || fail "rn-record under valgrind did not return the command's status"
cp t.rn t2.rn
vg rn-replay -f -T -y t.rn
grep -q 'openat(AT_FDCWD[^,]*, "in.txt", O_RDONLY' out.$n ||
	fail "rn-replay under valgrind lost the openat of in.txt"
vg rn-replay -n -N -x -v -a 60 -e read=all -e write=1 -P in.txt --trace-fds=1 t.rn
grep -q '"in.txt"' out.$n || fail "rn-replay's output flags under valgrind lost in.txt"
cat >prog.c <<'EOC'
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(void) { return fib(15) == 610 ? 0 : 1; }
EOC
cc_prog prog.c prog -O0 -finstrument-functions
vg "$rr" -q --functions -o f.rn -- ./prog
for cmd in "functions" "graph"; do
	vg "$ra" $cmd f.rn || fail "rn-analyze $cmd failed under valgrind"
done
grep -q 'fib' out.$n || fail "rn-analyze graph under valgrind does not name fib"
for cmd in "summary" "summary --by path" "summary --source" "anomalies" "hints --source"; do
	# shellcheck disable=SC2086
	vg "$ra" $cmd t.rn || fail "rn-analyze $cmd failed under valgrind"
done
vg "$ra" diff t.rn t2.rn || true
vg "$ra" report t.rn -o report.html
[ -s report.html ] || fail "no report"
vg rn-export chrome f.rn -o f.json
grep -q '"fib"' f.json || fail "rn-export chrome under valgrind lost the function events"
for cmd in json chrome csv folded otlp-json; do
	vg rn-export "$cmd" t.rn -o "out.$cmd" || fail "rn-export $cmd failed under valgrind"
	[ -s "out.$cmd" ] || fail "rn-export $cmd wrote nothing"
done
vg rn-export scrub t.rn -o scrubbed.rn --redact 'in\.txt'
vg "$ra" pack t2.rn
echo "$n tool runs under valgrind: no errors, no leaks"
