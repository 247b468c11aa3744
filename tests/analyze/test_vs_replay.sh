#!/bin/sh
# summary figures of real recordings checked against rn-replay -T (strace's
# <seconds> per call, microsecond precision), computed with awk and sort:
# calls and errors exactly, total within one microsecond per call, min,
# p50, p90, p99 and max (nearest rank) within one microsecond.
. "$RN_ROOT/tests/lib.sh"
need_cmd rn-replay
S="$RN_BUILD/samples"
"$S/mkdata" data
rn-record -q -o a.rn -- "$S/loader_slow" data >/dev/null || fail "record"
rn-record -q -f -o b.rn -- sh -c "ls -la /usr/bin >/dev/null; $S/reader_slow data/bundle.dat" >/dev/null ||
	fail "record"
for t in a b; do
	rn-replay -f -T "$t.rn" >"$t.txt" || fail "rn-replay"
	# "PID name(args) = ret <0.000010>" -> name us errflag
	# (or, for a call interleaved with another thread's, "PID <... name
	# resumed>...) = ret <...>").
	sed -n -e 's/^[0-9]*  *\([a-z0-9_]*\)(.* = \(-\{0,1\}[0-9a-fx?]*\).* <\([0-9]*\)\.\([0-9]*\)>$/\1 \3\4 \2/p' \
		-e 's/^[0-9]*  *<\.\.\. \([a-z0-9_]*\) resumed>.* = \(-\{0,1\}[0-9a-fx?]*\).* <\([0-9]*\)\.\([0-9]*\)>$/\1 \3\4 \2/p' "$t.txt" |
		awk '{ print $1, $2 + 0, ($3 ~ /^-[0-9]/) ? 1 : 0 }' | sort -k1,1 -k2,2n |
		awk 'function flush() {
			if (k == "") return
			split("0 500 900 990 1000", pm, " ")
			out = k "," n "," e "," tot
			for (i = 1; i <= 5; i++) { r = int((pm[i] * n + 999) / 1000); if (r < 1) r = 1; out = out "," v[r] }
			print out
		}
		$1 != k { flush(); k = $1; n = e = tot = 0; delete v }
		{ n++; e += $3; tot += $2; v[n] = $2 }
		END { flush() }' >"$t.exp"
	# The same columns from rn-analyze (ns), with calls that never returned
	# (exit_group: "= ?") left out as rn-replay prints no time for them.
	rn-analyze summary --csv "$t.rn" | tail -n +2 | awk -F, '$4 == 0 { print $1 "," $2 "," $3 "," $6 "," $8 "," $9 "," $10 "," $11 "," $13 }' |
		grep -v '^exit_group,' | sort >"$t.got"
	[ "$(wc -l <"$t.exp")" -ge 10 ] || fail "$t: too few syscalls parsed from rn-replay"
	join -t, "$t.exp" "$t.got" | awk -F, '
		{
			# exp: 2 calls 3 errors 4 total_us 5 min 6 p50 7 p90 8 p99 9 max
			# got: 10 calls 11 errors 12 total_ns 13 min 14 p50 15 p90 16 p99 17 max
			if ($2 != $10 || $3 != $11) { print "count " $0; bad = 1 }
			d = $12 / 1000 - $4; if (d < 0) d = -d
			if (d > $2 + 1) { print "total " $0; bad = 1 }
			for (i = 5; i <= 9; i++) { d = $(i + 8) / 1000 - $i; if (d < 0) d = -d; if (d > 1.001) { print "pct " i " " $0; bad = 1 } }
		}
		END { exit bad }' || fail "$t: rn-analyze and rn-replay -T disagree"
	[ "$(join -t, "$t.exp" "$t.got" | wc -l)" -eq "$(wc -l <"$t.exp")" ] || fail "$t: syscalls missing"
done
echo ok
