#!/bin/sh
# Runs every test: compiled tests ($RN_BUILD/tests/AREA/t_*) and shell tests
# (tests/AREA/test_*.sh). Exit 0 = pass, 77 = skip, anything else = fail.
# Usage: tests/run.sh [AREA...]   Prints one line per test and a closing
# "N passed, N failed, N skipped" line.
set -u
: "${RN_BUILD:?RN_BUILD must point at the build directory}"
: "${RN_ROOT:=$(pwd)}"
export RN_BUILD RN_ROOT
export RN_BIN="$RN_BUILD/bin"
export PATH="$RN_BIN:$PATH"
areas="$*"
[ -n "$areas" ] || areas=$(cd "$RN_ROOT/tests" && for d in */; do printf '%s ' "${d%/}"; done)
pass=0 fail=0 skip=0 failed=""
logdir="$RN_BUILD/test-logs"
mkdir -p "$logdir"
for area in $areas; do
	for t in "$RN_BUILD/tests/$area"/t_* "$RN_ROOT/tests/$area"/test_*.sh; do
		[ -f "$t" ] || continue
		case "$t" in *.o | *.d) continue ;; esac
		name="$area/$(basename "$t")"
		log="$logdir/$(echo "$name" | tr / _).log"
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/rn-test.XXXXXX")
		start=$(date +%s)
		case "$t" in
		*.sh) (cd "$tmp" && RN_TMP="$tmp" timeout 600 sh "$t") >"$log" 2>&1 ;;
		*) (cd "$tmp" && RN_TMP="$tmp" timeout 600 "$t") >"$log" 2>&1 ;;
		esac
		rc=$?
		secs=$(($(date +%s) - start))
		rm -rf "$tmp"
		if [ $rc -eq 0 ]; then
			pass=$((pass + 1))
			echo "PASS $name (${secs}s)"
		elif [ $rc -eq 77 ]; then
			skip=$((skip + 1))
			echo "SKIP $name: $(tail -n 1 "$log")"
		else
			fail=$((fail + 1))
			failed="$failed $name"
			echo "FAIL $name (exit $rc, ${secs}s); last lines of $log:"
			tail -n 15 "$log" | sed 's/^/    /'
		fi
	done
done
[ -z "$failed" ] || echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
