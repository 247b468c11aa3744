#!/bin/sh
# Every rn-replay flag: the ones strace has are compared with strace run with
# the same flags (100% of lines on rp_files/rp_procs); timestamps by format;
# rn's own selections (--pid, --tid, --from, --to) by content.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
need_tracing
P=$RN_BUILD/tests/replay/progs
bad=""
same_as_strace() { # NAME FLAGS PROG
	ST_FLAGS=$2 RP_FLAGS=$2 golden "$1" "$3"
	[ "$rate" -eq 100 ] || ST_FLAGS=$2 RP_FLAGS=$2 golden "$1" "$3" # one retry (timing)
	[ "$rate" -eq 100 ] || { sed 's/^/    /' "$1.diff" | head -10; bad="$bad $1"; }
}
same_as_strace files_e "-e trace=openat,close,read" "$P/rp_files"
same_as_strace files_class "-e trace=%file" "$P/rp_files"
same_as_strace files_neg "-e trace=!%memory,%desc" "$P/rp_files"
same_as_strace files_re "-e trace=/^(open|stat)" "$P/rp_files"
same_as_strace files_z "-z" "$P/rp_files"
same_as_strace files_Z "-Z" "$P/rp_files"
same_as_strace files_s "-s 5" "$P/rp_files"
same_as_strace files_s0 "-s 0" "$P/rp_files"
same_as_strace files_raw "-X raw" "$P/rp_files"
same_as_strace files_verbose "-X verbose" "$P/rp_files"
same_as_strace procs_sig "-e trace=%signal,%process" "$P/rp_procs"
same_as_strace procs_quiet "-qq -e signal=!SIGCHLD -e trace=kill,exit_group" "$P/rp_procs"
same_as_strace files_status "-e status=failed" "$P/rp_files"
same_as_strace files_status_neg "-e status=!failed -e trace=%file" "$P/rp_files"
# Every class, as strace draws it (numbers with no name always print).
for cls in %desc %memory %creds %clock %%stat %stat %lstat %fstat %statfs %%statfs %pure \
	%network %process %signal %file %ipc; do
	same_as_strace "misc_$cls" "-e trace=$cls" "$P/rp_misc"
done
same_as_strace procs_clock "-e trace=%clock,%process" "$P/rp_procs"
[ -z "$bad" ] || fail "not identical to strace:$bad"

# Timestamps and durations, by format (rn-record's trace of rp_procs).
rn-record -q -f -o p.rn "$P/rp_procs" >/dev/null 2>&1 || true
n=$(rn-replay p.rn | wc -l)
[ "$n" -gt 50 ] || fail "rp_procs replay has only $n lines"
rn-replay -f p.rn | grep -Eqv '^[0-9]+ +' && fail "-f: a line without a pid prefix"
rn-replay p.rn | head -1 | grep -Eq '^[0-9]+ +execve\(' || fail "-f is not automatic with several processes"
rn-replay -t p.rn | grep -Ev '^[0-9]+ +[0-2][0-9]:[0-5][0-9]:[0-5][0-9] ' && fail "-t format"
rn-replay -tt p.rn | grep -Ev '^[0-9]+ +[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{6} ' && fail "-tt format"
rn-replay -ttt p.rn | grep -Ev '^[0-9]+ +[0-9]{9,}\.[0-9]{6} ' && fail "-ttt format"
rn-replay -r p.rn | grep -Ev '^[0-9]+ +[ 0-9]{5}[0-9]\.[0-9]{6} ' && fail "-r format"
rn-replay -r p.rn | head -1 | grep -Eq '^[0-9]+ +0\.000000 execve' || fail "-r: first line not 0.000000"
rn-replay -T p.rn | grep -E '= [^?].*[^>]$' | grep -v '^[0-9]* *+++\|---' && fail "-T: a completed call without <duration>"
rn-replay -T p.rn | grep -Eq 'nanosleep|wait4\(.*> = [0-9]+ <0\.[0-9]{6}>$' || true
rn-replay -T p.rn | grep -Eq ' <0\.[0-9]{6}>$' || fail "-T: no durations"
# -ttt agrees with the header's clock: the first line is within a minute of now.
t0=$(rn-replay -ttt p.rn | head -1 | awk '{print int($2)}')
now=$(date +%s)
[ $((now - t0)) -lt 60 ] && [ $((now - t0)) -ge 0 ] || fail "-ttt time $t0 is not near $now"

# -o FILE writes what stdout would have.
rn-replay -o out.txt p.rn >stdout.txt
[ -s out.txt ] && [ ! -s stdout.txt ] || fail "-o: output not in the file"
rn-replay p.rn | cmp -s - out.txt || fail "-o: file differs from stdout"

# --pid / --tid: only that process; the parent's pid is the first line's.
parent=$(rn-replay p.rn | head -1 | awk '{print $1}')
child=$(rn-replay p.rn | awk -v p="$parent" '$1 != p {n[$1]++} END {for (c in n) if (n[c] > m) {m = n[c]; b = c}; print b}')
rn-replay -f --pid "$child" p.rn | awk -v c="$child" '$1 != c {exit 1}' || fail "--pid shows other pids"
[ "$(rn-replay --pid "$child" p.rn | wc -l)" -gt 3 ] || fail "--pid shows too little"
rn-replay -f --tid "$parent,$child" p.rn | awk -v p="$parent" -v c="$child" '$1 != p && $1 != c {exit 1}' ||
	fail "--tid list"
[ "$(rn-replay --pid 999999999 p.rn | wc -l)" -eq 0 ] || fail "--pid of nobody prints lines"

# --from/--to: a window from the middle of the run (Unix time, @SECONDS),
# checked against the -ttt times (count events, not lines: a window can join
# an <unfinished ...> pair); seconds from the start of the trace by bounds.
ev() { rn-replay -ttt "$@" p.rn | grep -v 'resumed>'; }
all=$(ev | wc -l)
mid=$(ev | awk 'NR == 1 {f = $2} {l = $2} END {printf "%.6f", f + (l - f) / 2}')
win=$(ev --from "@$mid" | wc -l)
want=$(ev | awk -v a="$mid" '$2 >= a' | wc -l)
[ "$win" -eq "$want" ] && [ "$win" -gt 0 ] && [ "$win" -lt "$all" ] ||
	fail "--from @$mid: $win events, $want of $all at or after it"
ev --from "@$mid" | awk -v a="$mid" '$2 < a {exit 1}' || fail "--from printed an earlier event"
ev --to "@$mid" | awk -v a="$mid" '$2 > a {exit 1}' || fail "--to printed a later event"
early=$(ev --to "@$mid" | wc -l)
[ $((early + win)) -ge "$all" ] || fail "--to ($early) + --from ($win) < $all"
[ "$(ev --from 0 | wc -l)" -eq "$all" ] || fail "--from 0 drops events"
[ "$(ev --to 100000 | wc -l)" -eq "$all" ] || fail "--to 100000 drops events"
[ "$(ev --from 100000 | wc -l)" -eq 0 ] || fail "--from 100000 prints events"

# -y on a pipe and a file, -yy accepted.
rn-record -q -o f.rn "$P/rp_files" >/dev/null 2>&1 || true
rn-replay -y f.rn | grep -q 'read(3</.*/data.txt>, "hello, world\\n' || fail "-y: read of data.txt"
rn-replay -y f.rn | grep -q 'pipe2(\[3<pipe:\[' || fail "-y: pipe"
rn-replay -yy f.rn | grep -q 'close(3</.*/data.txt>)' || fail "-yy"
echo "all flags checked"
