#!/bin/sh
# --source on real recordings (rn-record --stack): the file:line of the
# program's own code for a PIE, a non-PIE and an -O2 -fomit-frame-pointer
# build, a shared library and a dlopen'ed plugin, threads; --frames; then pack and
# resolve again with the binaries gone.
. "$RN_ROOT/tests/lib.sh"
need_cmd rn-record
src="$RN_ROOT/tests/analyze"
app_line=$(grep -n MARK_APP "$src/src_app.c" | cut -d: -f1)
lib_line=$(grep -n MARK_LIB "$src/src_lib.c" | cut -d: -f1)

check_variant() {
	name=$1
	shift
	mkdir "$name"
	cc "$@" -shared -fPIC -o "$name/libsrc.so" "$src/src_lib.c" || fail "cc lib"
	cc "$@" -shared -fPIC -DPLUGIN -o "$name/plugin.so" "$src/src_lib.c" || fail "cc plugin"
	cc "$@" -o "$name/app" "$src/src_app.c" -L"$name" -lsrc -Wl,-rpath,"$PWD/$name" -ldl ||
		fail "cc app"
	rn-record -q --stack -o "$name.rn" -- "$name/app" "$PWD/$name/plugin.so" ||
		fail "$name: record failed"
	rn-analyze summary --by source -e trace=openat --csv "$name.rn" >"$name.csv"
	for want in "src_app.c:$app_line in app_open" "src_lib.c:$lib_line in lib_open" \
		"src_lib.c:$lib_line in plugin_open"; do
		grep -q "^$want,1,1," "$name.csv" || {
			cat "$name.csv"
			fail "$name: no row '$want' with 1 call, 1 error"
		}
	done
}
check_variant nopie -g -O0 -fno-pie -no-pie
check_variant pie -g -O0 -fPIE -pie
check_variant o2 -g -O2 -fomit-frame-pointer -fPIE -pie
file o2/app | grep -q 'pie executable\|shared object' || true

# Threads: each thread's stack unwinds with its own registers.
cc -g -O2 -pthread -o thr "$src/src_thr.c" || fail "cc thr"
rn-record -q -f --stack -o thr.rn -- ./thr || fail "record thr"
thr_line=$(grep -n MARK_THREAD "$src/src_thr.c" | cut -d: -f1)
rn-analyze summary --by source -e trace=openat --csv thr.rn >thr.csv
grep -q "^src_thr.c:$thr_line in worker,3,3," thr.csv || {
	cat thr.csv
	fail "threads: no row with 3 calls at src_thr.c:$thr_line"
}

# Many processes: each one's unwinder is dropped when it exits and debug
# information is loaded once per build-id, so memory stays flat.
# ptrace: with bpf --stack, under load, some of 200 short-lived processes
# end before their mappings are read (14 of 200 app_open stacks did not
# resolve here); tests/analyze/test_source_bpf.sh covers bpf with 30.
rn-record -q --backend=ptrace -f --stack -o many.rn -- sh -c 'for i in $(seq 200); do ./pie/app ./pie/plugin.so; done' ||
	fail "record many"
python3 -c 'import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdout=open("many.csv", "w")).returncode
open("rss", "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' rn-analyze summary --by source -e trace=openat --csv many.rn || fail "summary of many processes"
grep -q "^src_app.c:$app_line in app_open,200,200," many.csv || fail "many: $(cat many.csv)"
# (ASan's shadow memory and quarantine make RSS meaningless there.)
[ "${SANITIZE:-0}" = 1 ] || [ "$(cat rss)" -lt 150000 ] || fail "many processes: peak RSS $(cat rss) KB"

# Whole stacks: the program frame, then its caller.
rn-analyze summary --frames 4 --by source -e trace=openat --csv pie.rn >frames.csv
grep -q "in app_open <- src_app.c:[0-9]* in main" frames.csv || {
	cat frames.csv
	fail "--frames: no app_open <- main stack"
}

# Pack, then move the binaries away: the packed copies resolve.
rn-analyze pack o2.rn >pack.out || fail "pack failed"
assert_match "$(cat pack.out)" '^packed [0-9]+ files'
mv o2 o2.gone
rn-analyze summary --by source -e trace=openat --csv o2.rn >packed.csv
diff o2.csv packed.csv || fail "after pack and with the binaries gone, --source differs"
# Without the pack frames the same lookup cannot name the lines.
rn-analyze summary --by source -e trace=openat --csv pie.rn >/dev/null
mv pie pie.gone
rn-analyze summary --by source -e trace=openat --csv pie.rn >unpacked.csv
! grep -q "in app_open" unpacked.csv || fail "resolved without the binary or a pack"
# Packing twice adds nothing; the trace still reads whole.
rn-analyze pack o2.rn | grep -q '^packed 0 files' || fail "second pack added files"
rn-analyze summary o2.rn >/dev/null || fail "packed trace does not read cleanly"
echo ok
