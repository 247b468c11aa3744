#!/bin/sh
# -c and -C: strace's table (header, rows, dashes, total) for the same
# program: the same syscalls with the same calls and errors, rows ordered by
# the seconds column (the time inside the calls, as strace -c -w: compared
# by order, not value), -e trace= restricting the rows, and -C printing the
# lines first, exactly as without -C.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
need_tracing
P=$RN_BUILD/tests/replay/progs
rows() { # the table's rows as "name calls errors", sorted by name
	awk '/^ *[0-9]+\.[0-9][0-9] +[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9] +[0-9]+ +[0-9]+ / {
		if ($NF != "total") print $NF, $4, (NF == 6 ? $5 : 0) }' "$1" | sort
}
check_table() { # FILE: strace's layout, rows by time
	head -2 "$1" >hd
	printf '%% time     seconds  usecs/call     calls    errors syscall\n%s\n' \
		'------ ----------- ----------- --------- --------- ----------------' >hd.want
	cmp -s hd hd.want || fail "$1: header differs: $(cat hd)"
	[ "$(tail -2 "$1" | head -1)" = "$(sed -n 2p hd.want)" ] || fail "$1: no closing dashes"
	tail -1 "$1" | grep -Eq '^100\.00 +[0-9]+\.[0-9]{6} +[0-9]+ +[0-9]+ +([0-9]+ )?total$' ||
		fail "$1: total line: $(tail -1 "$1")"
	sed -n '3,$p' "$1" | sed '$d' | sed '$d' | awk '{ if (NR > 1 && $2 + 0 > last + 0) bad = 1; last = $2 }
		END { exit bad }' || fail "$1: rows not ordered by time"
}
for try in 1 2; do
	strace -f -c -w -o st.c "$P/rp_files" >/dev/null 2>&1 || true
	rn-record -q -f -o f.rn "$P/rp_files" >/dev/null 2>&1 || true
	rn-replay -c f.rn >rp.c
	rows st.c >st.rows
	rows rp.c >rp.rows
	cmp -s st.rows rp.rows && break
done
diff st.rows rp.rows || fail "-c: calls or errors differ from strace's"
[ "$(wc -l <rp.rows)" -gt 5 ] || fail "-c: too few rows: $(cat rp.c)"
grep -q '^openat ' rp.rows || fail "-c: no openat row"
check_table rp.c
# the total sums the rows
tot=$(awk '{ c += $2; e += $3 } END { print c, e }' rp.rows)
assert_eq "$(tail -1 rp.c | awk '{ print $4, (NF == 6 ? $5 : 0) }')" "$tot" "-c total"
# -e trace= restricts the table
rn-replay -c -e trace=openat,close f.rn >rp.ce
assert_eq "$(rows rp.ce | cut -d' ' -f1 | tr '\n' ' ')" "close openat " "-c -e trace= rows"
strace -f -c -w -e trace=openat,close -o st.ce "$P/rp_files" >/dev/null 2>&1 || true
[ "$(rows st.ce)" = "$(rows rp.ce)" ] || fail "-c -e trace=: rows differ from strace's"
# -C: the lines as without it, then the table
rn-replay -f f.rn >lines
rn-replay -f -C f.rn >both
n=$(wc -l <lines)
head -n "$n" both | cmp -s - lines || fail "-C: the lines differ from rn-replay -f's"
tail -n +"$((n + 1))" both >tab
cmp -s tab rp.c || fail "-C: the table differs from -c's"
# -w is accepted (the time is always the time inside the calls)
rn-replay -c -w f.rn | cmp -s - rp.c || fail "-c -w differs from -c"
