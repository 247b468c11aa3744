#!/bin/sh
# summary: every figure of the CSV output checked against values computed
# independently (awk + sort, nearest-rank percentiles) from the generator's
# ground truth; --by path, --pid, -e, --from/--to; JSON parses.
. "$RN_ROOT/tests/lib.sh"
GEN="$RN_BUILD/tests/analyze/gen_trace"
"$GEN" t.rn mix 5000 7 >truth.txt

# expected KEYCOL: prints "key,calls,errors,unfinished,total,min,p50,p90,p99,p999,max"
# for ground-truth lines whose column KEYCOL is the key, sorted by key.
expected() {
	col=$1
	awk -v c="$col" '{ print $c, $5, $6, $7 }' truth.txt | sort -k1,1 -k2,2n | awk '
	function flush() {
		if (key == "") return
		n = cnt; out = key "," calls "," errs "," unf "," sprintf("%.0f", tot) "," (n ? v[1] : 0)
		split("500 900 990 999", pm, " ")
		for (i = 1; i <= 4; i++) { r = int((pm[i] * n + 999) / 1000); if (r < 1) r = 1; out = out "," (n ? v[r] : 0) }
		print out "," (n ? v[n] : 0)
	}
	$1 != key { flush(); key = $1; calls = errs = unf = tot = cnt = 0; delete v }
	{
		calls++
		if ($4 % 2 == 1) { unf++; next }
		if ($3 < 0 && $3 >= -4095) errs++
		tot += $2; v[++cnt] = $2
	}
	END { flush() }'
}
# got: the same columns from rn-analyze's CSV (drops pct_time and avg_ns).
got() {
	tail -n +2 | awk -F, '{ print $1 "," $2 "," $3 "," $4 "," $6 "," $8 "," $9 "," $10 "," $11 "," $12 "," $13 }' | sort -t, -k1,1
}

# Generator columns: pid tid name entry dur ret flags path. Put the key first:
# all.txt = name pid tid entry dur ret flags path.
awk '{ print $3, $1, $2, $4, $5, $6, $7, $8 }' truth.txt >all.txt
cp all.txt truth.txt
rn-analyze summary --csv t.rn | got >got.csv
expected 1 >exp.csv
diff exp.csv got.csv || fail "summary --csv differs from the independent computation"
[ "$(wc -l <got.csv)" -eq 6 ] || fail "expected 6 syscalls"
grep -q ",5000000000$" got.csv || fail "the 5 s call (over 2^32 ns) is lost"

# --by path: the captured path of openat, and for read/write/fstat/close
# the file that fd 3 of that pid has open (the generator's opens return 3;
# its fstat calls use fd 0),
# as the fd tracker follows it: successful opens set it, a finished close
# drops it after being counted, unfinished calls change nothing.
awk '{ key = "" }
	$8 != "-" { key = $8 }
	$8 == "-" && ($1 == "read" || $1 == "write" || $1 == "close") && ($2 in cur) { key = cur[$2] }
	$1 == "openat" && $7 % 2 == 0 && $6 >= 0 { cur[$2] = $8 }
	$1 == "close" && $7 % 2 == 0 { delete cur[$2] }
	key != "" { $1 = key; print }' all.txt >truth.txt
expected 1 >exp.csv
rn-analyze summary --by path --csv t.rn | grep -v '^(no path)' | got >got.csv
diff exp.csv got.csv || fail "--by path differs"

# --pid 101 -e trace=read,write
awk '$2 == 101 && ($1 == "read" || $1 == "write")' all.txt >truth.txt
expected 1 >exp.csv
rn-analyze -c --pid 101 -e trace=read,write --csv t.rn | got >got.csv
diff exp.csv got.csv || fail "--pid/-e differ"

# --from/--to are relative to the trace start (1 s in the generator).
awk '$4 >= 1001000000 && $4 <= 1002000000' all.txt >truth.txt
expected 1 >exp.csv
rn-analyze -c --from 1ms --to 0.002 --csv t.rn | got >got.csv
diff exp.csv got.csv || fail "--from/--to differ"

# Sorting and the text table.
rn-analyze -c t.rn >table.txt
assert_match "$(sed -n 4p table.txt)" ' fstat$' "largest total first (the 5 s call)"
assert_match "$(tail -n 1 table.txt)" '^100\.00 .* 5000 .* total$' "total line"
assert_eq "$(head -n 1 table.txt)" "note: the recorder reported 7 events lost (see rn-replay)" "the loss note first"
first=$(rn-analyze -c --sort calls --csv t.rn | sed -n 2p | cut -d, -f2)
max=$(awk '{ n[$1]++ } END { m = 0; for (k in n) if (n[k] > m) m = n[k]; print m }' all.txt)
assert_eq "$first" "$max" "--sort calls"
rn-analyze -c --json t.rn >s.json
python3 -c 'import json,sys; d=json.load(open("s.json")); assert d["total"]["calls"]==5000, d["total"]; assert len(d["rows"])==6; assert d["lost_events"]==7' ||
	fail "JSON does not parse or has wrong totals"
echo ok
