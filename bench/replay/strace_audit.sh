#!/bin/bash
# strace_audit.sh: rn-replay against strace on real programs, flag by flag.
# Each program is recorded once per backend (rn-record -f), printed by
# rn-replay -f with each strace flag set, and compared with `strace -f FLAGS`
# run on the same command, after tests/replay/norm.awk and the masks below
# (times, durations, what varies from one run to the next). Prints, per
# program, flag set and backend, the number of lines that differ and (unless
# -q) the differing lines; the last line sums them up.
# Usage: bash bench/replay/strace_audit.sh [-b ptrace|bpf|both] [-p PROGS]
#        [-F FLAGSETS] [-k DIR] [-q] [-n LINES]   (names comma-separated;
#        needs root for bpf; -k keeps the work files in DIR)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${RN_BIN:-$ROOT/build/bin}
NORM=$ROOT/tests/replay/norm.awk
backends="ptrace bpf" progs="" flagsets="" keep="" quiet=0 nshow=12
while getopts b:p:F:k:qn: o; do
	case $o in
	b) [ "$OPTARG" = both ] && backends="ptrace bpf" || backends=$OPTARG ;;
	p) progs=${OPTARG//,/ } ;;
	F) flagsets=${OPTARG//,/ } ;;
	k) keep=$OPTARG ;;
	q) quiet=1 ;;
	n) nshow=$OPTARG ;;
	*) echo "usage: $0 [-b ptrace|bpf|both] [-p PROGS] [-F FLAGSETS] [-k DIR] [-q] [-n LINES]" >&2; exit 2 ;;
	esac
done
command -v strace >/dev/null || { echo "strace_audit: strace is not installed" >&2; exit 2; }
[ -x "$BIN/rn-record" ] || { echo "strace_audit: $BIN/rn-record missing (make first)" >&2; exit 2; }
if [ -n "$keep" ]; then
	mkdir -p "$keep" && W=$(cd "$keep" && pwd)
else
	W=$(mktemp -d) && trap 'rm -rf "$W"' EXIT
fi
PY=/usr/bin/python3
mkdir -p "$W/home" && export HOME=$W/home # what the programs write there (top) stays here
PORT=$((30000 + $$ % 20000))

# Flag sets: NAME=strace flags (the same flags go to rn-replay).
declare -A FLAGS=(
	[plain]="" [v]="-v" [y]="-y" [yy]="-yy" [tt]="-tt" [ttt]="-ttt" [T]="-T"
	[s100]="-s 100" [x]="-x" [xx]="-xx" [Xverbose]="-X verbose" [Xraw]="-X raw"
	[file]="-e trace=%file" [failed]="-e status=failed" [c]="-c" [C]="-C" [t]="-t" [r]="-r"
	[net]="-e trace=%network" [proc]="-e trace=%process" [z]="-z" [Z]="-Z" [qq]="-qq" [n]="-n"
)
all_flagsets="plain v y yy t tt ttt r T s100 x xx Xverbose Xraw file net proc failed z Z qq n c C"

# Programs: NAME, a setup run before each traced run (untraced, in $W/run),
# and the command.
declare -A SETUP CMD MASK
add() { SETUP[$1]=$2; CMD[$1]=$3; all_progs="${all_progs:-} $1"; }
# MASK[NAME]: sed -E expressions for what that program varies from run to
# run by itself (random names and bytes, other processes, memory addresses).
GITMASK='s/tmp_obj_[A-Za-z0-9]{6}/tmp_obj_XXXXXX/g
s/^(P[0-9]+ (\[ *[0-9]+\] )?read\([0-9]+(<[^>]*>)?, )"([^"\\]|\\.)*"(, 8\) = 8)$/\1RANDOM\5/
s/^(P[0-9]+ (\[ *[0-9]+\] )?write\([0-9]+(<[^>]*>)?, )"(DIRC|x\\1|\\)([^"\\]|\\.)*"(\.\.\.)?, ([0-9]+\) = [0-9]+)$/\1BYTES, \7/'
PROCMASK='s/\/proc\/[0-9]+/\/proc\/PID/g
s/^(P[0-9]+ (\[ *[0-9]+\] )?read\([0-9]+(<[^>]*>)?, )"([^"\\]|\\.)*"(\.\.\.)?, [0-9]+\) = [0-9]+$/\1TEXT, SIZE) = N/
s/^(P[0-9]+ (\[ *[0-9]+\] )?write\(1(<[^>]*>)?, )"([^"\\]|\\.)*"(\.\.\.)?, [0-9]+\) = [0-9]+$/\1TEXT) = N/'
MAPSMASK='s/[0-9a-f]{8,}-[0-9a-f]{8,} /ADDR-ADDR /g'
ENVMASK='s/^(P[0-9]+ (\[ *[0-9]+\] )?write\(1(<[^>]*>)?, "[^"]*"(\.\.\.)?, )[0-9]+\) = [0-9]+$/\1N) = N/'

add ls 'true' 'ls -la /usr/share/doc/strace'
add find 'mkdir -p t/a/b && echo 1 >t/a/x.txt && echo 2 >t/a/b/y.txt' "find t -name *.txt"
add shloop 'true' "sh -c 'for i in 1 2 3; do echo \$i >/dev/null; /bin/true; done; exit 3'"
add make 'printf "all: out\nout: in\n\tcp in out\n" >Makefile && echo x >in && rm -f out' 'make -s'
add gitinit 'rm -rf g' 'git init -q g'
MASK[gitinit]=$GITMASK
add gitadd 'rm -rf g && git init -q g && echo hi >g/f' 'git -C g add f'
MASK[gitadd]=$GITMASK
add gitcommit 'rm -rf g && git init -q g && echo hi >g/f && git -C g add f' \
	'git -C g -c user.name=a -c user.email=a@b commit -q -m m'
MASK[gitcommit]=$GITMASK
add tar 'rm -f a.tar && mkdir -p t/a && echo 1 >t/a/x' 'tar cf a.tar t'
add untar 'rm -rf u && mkdir -p u t/a && echo 1 >t/a/x && tar cf a.tar t' 'tar xf a.tar -C u'
add python "true" "$PY -c 'import os; print(os.getcwd())'"
add cp 'rm -rf c && mkdir -p t/a/b && echo 1 >t/a/x && echo 2 >t/a/b/y' 'cp -r t c'
add grep 'mkdir -p t/a/b && echo one >t/a/x && echo two >t/a/b/y' 'grep -r one t'
MASK[grep]=$MAPSMASK
add curl 'true' "curl -s -o /dev/null http://127.0.0.1:$PORT/"
add date 'true' 'date'
add id 'true' 'id'
add ps 'true' 'ps'
MASK[ps]=$PROCMASK
add env 'true' 'env'
MASK[env]=$ENVMASK
add stat 'echo x >sf' 'stat sf /usr/bin'
add du 'mkdir -p t/a && echo 1 >t/a/x' 'du -s t'
add sleep 'true' 'sleep 0.05'
add sort 'printf "b\na\nc\n" >in.txt' 'sort -o out.txt in.txt'
add sed 'printf "a\nb\n" >s.txt' 'sed -i s/a/x/ s.txt'
add mv 'rm -rf m1 m2 && echo 1 >m1' 'mv m1 m2'
add rm 'mkdir -p rr/a/b && echo 1 >rr/a/x' 'rm -r rr'
add chmod 'echo 1 >cm && chmod 644 cm' 'chmod -v 600 cm'
add touch 'true' 'touch -d @1700000000 tt'
add gzip 'rm -f z.txt.gz && seq 1000 >z.txt' 'gzip -k z.txt'
add dd 'true' 'dd if=/dev/zero of=/dev/null bs=4k count=4 status=none'
add timeout 'true' 'timeout 5 true'
add xargs 'true' "sh -c 'printf \"a\\nb\\n\" | xargs -n1 echo'"
add bash 'true' "bash -c 'x=\$(echo hi); echo \$x; true | cat'"
add perl 'true' "perl -e 'print qq(hi\\n)'"
add sha256 'seq 100 >h.txt' 'sha256sum h.txt'
add ln 'rm -f l1 && echo 1 >l0' 'ln -s l0 l1'
add uname 'true' 'uname -a'
add nproc 'true' 'nproc'
add mktemp 'true' 'mktemp -u'
add df 'true' 'df /'
add free 'true' 'free'
add hostname 'true' 'hostname'
add awk 'seq 10 >a.txt' "awk '{s+=\$1} END {print s}' a.txt"
add pythreads 'true' "$PY -c 'import threading; t = threading.Thread(target=print, args=(1,)); t.start(); t.join()'"
add findexec 'mkdir -p t/a && echo 1 >t/a/x' "find t -type f -exec cat {} +"
add ip 'true' 'ip -o link show lo'
add tee 'true' "sh -c 'echo hi | tee t.out'"
add top 'true' 'top -bn1'
[ -n "$progs" ] || progs=$all_progs
[ -n "$flagsets" ] || flagsets=$all_flagsets

srv=""
case " $progs " in *" curl "*)
	(cd "$W" && exec $PY -m http.server -b 127.0.0.1 "$PORT" >/dev/null 2>&1) &
	srv=$!
	sleep 0.5 ;;
esac

# mask FLAGSET: what legitimately differs between two runs, before norm.awk:
# time stamps and durations must be there and well formed, then are dropped.
mask() {
	awk -v fs="$1" '
	{
		l = $0; bad = 0; pid = ""
		if (fs == "c" || fs == "C") {
			if (l ~ /^ *[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+ +[0-9]+ +[0-9]+/) { # -c table row: calls errors name
				n = split(l, f, / +/); if (f[1] == "") { for (i = 1; i < n; i++) f[i] = f[i + 1]; n-- }
				if (n == 6) { print "C " f[6] " calls=" f[4] " errors=" f[5]; next }
				if (n == 5) { print "C " f[5] " calls=" f[4]; next }
			}
		}
		if (match(l, /^[0-9]+ +/)) { pid = substr(l, 1, RLENGTH); l = substr(l, RLENGTH + 1) }
		if (fs == "tt" && !sub(/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9][0-9][0-9][0-9] /, "", l)) bad = 1
		if (fs == "t" && !sub(/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] /, "", l)) bad = 1
		if (fs == "r" && !sub(/^ *[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9] /, "", l)) bad = 1
		if (fs == "ttt" && !sub(/^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]\.[0-9][0-9][0-9][0-9][0-9][0-9] /, "", l)) bad = 1
		if (fs == "T" && l !~ /^\+\+\+|^---|<unfinished \.\.\.>$/ && !sub(/ <[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]>$/, "", l)) bad = 1
		print pid l (bad ? " [NO-TIME]" : "")
	}' "$2"
}

# Per-program masks, after norm.awk: random, per-run values; -c's rows
# (ordered by time, which varies) sorted by name.
post() {
	{
		grep -v '^P0 C ' "$1"
		grep '^P0 C ' "$1" | sort
	} | sed -E -e 's/(st_ino|stx_ino)=[0-9]+/\1=INO/g' \
		-e 's/(clock_gettime|clock_nanosleep|gettimeofday)\(([^,]*), \{tv_sec=[0-9]+, tv_[nu]sec=[0-9]+\}/\1(\2, {TIME}/' \
		-e 's/sin_port=htons\([0-9]+\)/sin_port=htons(PORT)/g' \
		-e 's/^(P[0-9]+ (getpid|gettid|getppid)\(\) = )[0-9]+$/\1ID/' \
		-e 's/"[0-9a-f]{40}"/"SHA1"/g' \
		-e 's/^(P[0-9]+ execve\(.*\], )(\[.*\]|0xADDR \/\* [0-9]+ vars? \*\/)\) = /\1ENVP) = /' \
		-e 's/((st|stx)_[acm]time(_nsec)?=)[0-9]+/\1T/g' \
		-e 's/\/\* [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+]+ \*\//\/* DATE *\//g' \
		-e 's/\/\.git\/(t|tmp_obj_)[A-Za-z0-9]{6}/\/.git\/\1XXXXXX/g' \
		-e 's/\/objects\/[0-9a-f]{2}(\/[0-9a-f]{38})?/\/objects\/OBJ/g' |
		sed -E -e "${MASK[$2]:-}"

}

total=0
for p in $progs; do
	[ -n "${CMD[$p]:-}" ] || { echo "strace_audit: no program '$p' (have:$all_progs)" >&2; exit 2; }
	rm -rf "${W:?}/$p" && mkdir -p "$W/$p" "$W/run"
	for b in $backends; do
		(cd "$W/run" && eval "${SETUP[$p]}") >/dev/null 2>&1
		(cd "$W/run" && eval "\"$BIN/rn-record\" -q -f --backend=$b -o \"$W/$p/$b.rn\" ${CMD[$p]}") \
			>/dev/null 2>&1 </dev/null
		if [ ! -s "$W/$p/$b.rn" ]; then
			echo "$p $b: rn-record wrote no trace"
			continue
		fi
		for fs in $flagsets; do
			f=${FLAGS[$fs]}
			o=$W/$p/$fs
			if [ ! -e "$o.st" ]; then
				(cd "$W/run" && eval "${SETUP[$p]}") >/dev/null 2>&1
				(cd "$W/run" && eval "strace -f $f -o \"$o.st\" ${CMD[$p]}") >/dev/null 2>&1 </dev/null
				mask "$fs" "$o.st" | awk -f "$NORM" >"$o.st.n1"
				post "$o.st.n1" "$p" >"$o.a"
			fi
			"$BIN/rn-replay" -f $f "$W/$p/$b.rn" >"$o.$b.rp" 2>"$o.$b.rp.err" || echo "$p $fs $b: rn-replay failed: $(head -1 "$o.$b.rp.err")"
			mask "$fs" "$o.$b.rp" | awk -f "$NORM" >"$o.$b.n1"
			post "$o.$b.n1" "$p" >"$o.$b.b"
			diff "$o.a" "$o.$b.b" >"$o.$b.diff"
			n=$(grep -c '^[<>]' "$o.$b.diff")
			total=$((total + n))
			printf '%-10s %-9s %-6s %4d lines differ (of %d)\n' "$p" "$fs" "$b" "$n" "$(wc -l <"$o.a")"
			[ "$quiet" = 1 ] || [ "$n" = 0 ] || grep '^[<>]' "$o.$b.diff" | head -"$nshow" | cut -c1-240 | sed 's/^/    /'
		done
	done
done
[ -z "$srv" ] || kill "$srv"
echo "total: $total differing lines (< strace, > rn-replay)"
