#!/bin/sh
# --source on traces recorded with --backend=bpf --stack gives the same
# function and file:line for the same syscalls as with --backend=ptrace: the
# program's own code, a shared library and a dlopen'ed plugin (mapped by a
# process that ends right after: its mappings come from the kernel side),
# threads, 30 short-lived processes under -f, and -e trace= (the mappings
# are kept for the filtered recording); pack resolves with the binaries gone.
. "$RN_ROOT/tests/lib.sh"
need_cmd rn-record
. "$RN_ROOT/tests/record/common.sh"
need_bpf
src="$RN_ROOT/tests/analyze"
app_line=$(grep -n MARK_APP "$src/src_app.c" | cut -d: -f1)
lib_line=$(grep -n MARK_LIB "$src/src_lib.c" | cut -d: -f1)
thr_line=$(grep -n MARK_THREAD "$src/src_thr.c" | cut -d: -f1)

mkdir bin
cc -g -O2 -fomit-frame-pointer -shared -fPIC -o bin/libsrc.so "$src/src_lib.c" || fail "cc lib"
cc -g -O2 -fomit-frame-pointer -shared -fPIC -DPLUGIN -o bin/plugin.so "$src/src_lib.c" ||
	fail "cc plugin"
cc -g -O2 -fomit-frame-pointer -fPIE -pie -o bin/app "$src/src_app.c" -Lbin -lsrc \
	-Wl,-rpath,"$PWD/bin" -ldl || fail "cc app"
cc -g -O2 -pthread -o bin/thr "$src/src_thr.c" || fail "cc thr"

# record NAME BACKEND [options] -- CMD...: records; rn-record says nothing
# (no loss, no mapping missed).
record() {
	name=$1
	be=$2
	shift 2
	rn-record --backend="$be" --stack -o "$name.$be.rn" "$@" 2>"$name.$be.err" ||
		fail "$name: $be recording failed: $(cat "$name.$be.err")"
	[ ! -s "$name.$be.err" ] || fail "$name: $be: $(cat "$name.$be.err")"
	rn-analyze summary --by source -e trace=openat --csv "$name.$be.rn" | cut -d, -f1-3 |
		sort >"$name.$be.csv"
}

# same NAME ROW...: both backends give the same rows, the ones named among them.
same() {
	name=$1
	shift
	diff "$name.ptrace.csv" "$name.bpf.csv" || fail "$name: --source differs between ptrace and bpf"
	for want in "$@"; do
		grep -qx "$want" "$name.bpf.csv" || {
			cat "$name.bpf.csv"
			fail "$name: no row '$want'"
		}
	done
}

for be in ptrace bpf; do
	record app $be -- bin/app "$PWD/bin/plugin.so"
	record thr $be -f -- bin/thr
	record many $be -f -- sh -c 'for i in $(seq 30); do bin/app "$PWD/bin/plugin.so"; done'
	record filt $be -e trace=openat -- bin/app "$PWD/bin/plugin.so"
done
same app "src_app.c:$app_line in app_open,1,1" "src_lib.c:$lib_line in lib_open,1,1" \
	"src_lib.c:$lib_line in plugin_open,1,1"
same thr "src_thr.c:$thr_line in worker,3,3"
same many "src_app.c:$app_line in app_open,30,30" "src_lib.c:$lib_line in plugin_open,30,30"
same filt "src_lib.c:$lib_line in plugin_open,1,1"
# The whole stacks too: the program frame, then its caller.
for be in ptrace bpf; do
	rn-analyze summary --frames 4 --by source -e trace=openat --csv app.$be.rn |
		cut -d, -f1-3 | sort >frames.$be.csv
done
diff frames.ptrace.csv frames.bpf.csv || fail "--frames differs between ptrace and bpf"
grep -q "in app_open <- src_app.c:[0-9]* in main" frames.bpf.csv || fail "--frames: no app_open <- main"

# Pack the bpf trace, then move the binaries away: the packed copies resolve.
rn-analyze pack app.bpf.rn >pack.out || fail "pack failed"
assert_match "$(cat pack.out)" '^packed [0-9]+ files'
mv bin bin.gone
rn-analyze summary --by source -e trace=openat --csv app.bpf.rn | cut -d, -f1-3 | sort >packed.csv
diff app.bpf.csv packed.csv || fail "after pack and with the binaries gone, --source differs"
echo ok
