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
# Output flags on rp_flags (which reads, stats and dup's given.txt).
printf 'given file\nsecond line\n' >given.txt
same_as_strace flags_x "-x" "$P/rp_flags"
same_as_strace flags_xx "-xx" "$P/rp_flags"
same_as_strace net_xx "-xx" "$P/rp_net"
same_as_strace flags_n "-n" "$P/rp_flags"
same_as_strace procs_n "-n" "$P/rp_procs" # +++ and --- lines: the thread's last call
same_as_strace flags_dump "-e read=all -e write=all" "$P/rp_flags"
same_as_strace flags_dump_sets "-e read=3,5 -e write=!3" "$P/rp_flags"
same_as_strace files_dump "-e read=3 -e write=3,4" "$P/rp_files"
same_as_strace flags_P "-P given.txt" "$P/rp_flags"
same_as_strace flags_P2 "-P /nonexistent -P other.txt -P out.bin" "$P/rp_flags"
[ -z "$bad" ] || fail "not identical to strace:$bad"
# -P names the resolved path on stderr in strace's words.
grep -qx 'strace: Requested path "given.txt" resolved into ".*/given.txt"' flags_P.st.err ||
	fail "strace did not resolve given.txt: $(cat flags_P.st.err)"
rn-replay -P given.txt flags_P.rn 2>&1 >/dev/null | sed 's/^rn-replay:/strace:/' |
	cmp -s - flags_P.st.err || fail "-P: the resolution message differs from strace's"
# -v: every field, as strace -v; what rn never records differs by design:
# execve's environment (rn-record counts it) and rusage's counters, which
# change from run to run.
# With -s 1, -v still shows every element of the arrays (writev's three).
ST_FLAGS=-v RP_FLAGS=-v golden flags_v "$P/rp_flags"
ST_FLAGS="-v -s 1" RP_FLAGS="-v -s 1" golden flags_v1 "$P/rp_flags"
for f in flags_v.a flags_v.b flags_v1.a flags_v1.b; do
	grep -v ' execve(' "$f" | sed -E 's/(ru_[a-z]+)=[0-9]+/\1=N/g' >"$f.v"
done
diff flags_v.a.v flags_v.b.v || fail "-v: not identical to strace -v"
diff flags_v1.a.v flags_v1.b.v || fail "-v -s 1: not identical to strace -v -s 1"
grep -q 'writev(3, \[{iov_base="o"..., iov_len=4}, {iov_base="", iov_len=0}, {iov_base="t"..., iov_len=6}\], 3)' \
	flags_v1.b || fail "-v -s 1: writev's iovecs"
grep -q 'st_ino=[0-9]*, st_mode=S_IFREG|0644, st_nlink=1, .*st_ctime_nsec=' flags_v.b.v ||
	fail "-v: no full stat of given.txt"
grep -q 'domainname="' flags_v.b.v || fail "-v: uname not in full"
grep -q 'statx(.*stx_blksize=[0-9]*, .*stx_attributes_mask=.*stx_dev_minor=' flags_v.b.v ||
	fail "-v: statx not in full"
grep -q ' execve(.*/\* [0-9]* vars \*/) = 0' flags_v.b || fail "-v: execve's env count"
# -v lists getdents64's entries (ls of a directory made here).
mkdir -p dir/sub && : >dir/a && : >dir/bb
ST_FLAGS="-v -e trace=getdents64" RP_FLAGS="-v -e trace=getdents64" golden dents_v ls -a dir
[ "$rate" -eq 100 ] || fail "-v getdents64: $(head -5 dents_v.diff)"
grep -q 'd_type=DT_DIR, d_name="sub"}' dents_v.b || fail "-v: no entry for sub"

# -a COLUMN: " = " starts at COLUMN unless the call is longer (strace's
# rule, checked on strace's own output too); -a 0 and 1 never pad.
rn-record -q -o fl.rn "$P/rp_flags" >/dev/null 2>&1 || true
for col in 60 40 1 0; do
	strace -a $col -o st_a.txt "$P/rp_flags" >/dev/null 2>&1 || true
	rn-replay -a $col fl.rn >rp_a.txt
	for f in st_a.txt rp_a.txt; do
		awk -v c=$col '/\) +=/ && !/^\+\+\+/ {
			p = index($0, ") "); e = index($0, " = ")
			want = p + 1 < c ? c : p + 1
			if (e != want) { print FILENAME ": -a " c ": \" = \" at " e ", want " want ": " $0; bad = 1 }
		} END { exit bad }' "$f" || fail "-a $col"
	done
done
rn-replay -a 60 fl.rn >a60.txt
rn-replay --columns=60 fl.rn | cmp -s - a60.txt || fail "--columns differs from -a"

# --trace-fds / -e fd= (strace 6.3; Debian's strace predates it): only the
# calls with one of these descriptors as an argument, decided at entry.
want='dup2(3, 7) = 7
pread64(7, "ven file\ns", 10, 2) = 10
close(7) = 0
+++ exited with 0 +++'
for o in --trace-fds=7 "-e fd=7" "-e trace-fds=7" "-e fds=7"; do
	got=$(rn-replay $o fl.rn | sed 's/  *= / = /')
	[ "$got" = "$want" ] || fail "$o: $got"
done
[ "$(rn-replay --trace-fds='!0,1,2,4,5,6,7' -e trace=close fl.rn | sed 's/  *= / = /' | sort | uniq -c |
	awk '{$1=$1; print}')" = "1 +++ exited with 0 +++
5 close(3) = 0" ] || fail "--trace-fds with !"
# -P and --trace-fds together: either one matches (strace's rule).
np=$(rn-replay -P given.txt fl.rn 2>/dev/null | wc -l)
nf=$(rn-replay --trace-fds=4 fl.rn | wc -l)
n=$(rn-replay -P given.txt --trace-fds=4 fl.rn 2>/dev/null | wc -l)
[ "$np" -eq 9 ] && [ "$nf" -eq 4 ] && [ "$n" -eq 12 ] || fail "-P with --trace-fds: $np, $nf, $n lines"

# A dump shows what rn-record kept (-s 20 here) and says what it did not.
rn-record -q -s 20 -o s20.rn "$P/rp_flags" >/dev/null 2>&1 || true
rn-replay -e write=3 -e trace=write s20.rn | grep -A3 '^write(3, "\\1\\10' >s20.txt
[ "$(sed -n 2p s20.txt)" = " | 00000  01 08 0f 16 1d 24 2b 32  39 40 47 4e 55 5c 63 6a  .....\$+29@GNU\\cj |" ] &&
	[ "$(sed -n 4p s20.txt)" = " * rn: 80 of 100 bytes were not recorded" ] || fail "-e write= on a cut buffer: $(cat s20.txt)"

# -N / --arg-names (strace 6.16; after Debian's strace): name=value.
rn-replay -N fl.rn >N.txt
for l in 'openat(dirfd=AT_FDCWD, pathname="given.txt", flags=O_RDONLY) = 3' \
	'read(fd=3, buf="given file\nsecond line\n", count=256) = 23' \
	'pread64(fd=7, buf="ven file\ns", count=10, offset=2) = 10' \
	'uname(buf={sysname="Linux", nodename=' 'close(fd=7) = 0'; do
	sed 's/  *= / = /' N.txt | grep -qF "$l" || fail "-N: no line with $l"
done
rn-replay --arg-names fl.rn | cmp -s - N.txt || fail "--arg-names differs from -N"
grep -q '^getpid() ' N.txt || fail "-N: getpid"
rn-record -q -f -o pN.rn "$P/rp_procs" >/dev/null 2>&1 || true
rn-replay -N pN.rn | grep -q '<... wait4 resumed>wstatus=\[' ||
	fail "-N: the resumed part of wait4 has no names"

# Bad values: strace's own message, with rn-replay's name, exit 2.
strace_says() { # FLAGS...: strace's first line for these flags
	strace "$@" -o /dev/null /bin/true 2>&1 | head -1 | sed 's/^strace:/rn-replay:/'
}
for args in "-a x" "-a -1" "-a 99999999999" "--columns=x" "-e read=x" "-e write=-1" \
	"-e read=" "-e read=3,x" "-e read=0x3" "-e read=2147483648"; do
	want=$(strace_says $args)
	set +e
	got=$(rn-replay $args fl.rn 2>&1 >/dev/null)
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "rn-replay $args: exit $rc"
	[ "$(printf '%s\n' "$got" | head -1)" = "$want" ] || fail "rn-replay $args: '$got', strace: '$want'"
done
for args in "--trace-fds=x" "-e fd=-3" "--read=" "--write=1,y"; do # newer than Debian's strace
	set +e
	got=$(rn-replay $args fl.rn 2>&1 >/dev/null | head -1)
	set -e
	case $got in "rn-replay: invalid descriptor '"*"'") ;; *) fail "rn-replay $args: $got" ;; esac
done

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
