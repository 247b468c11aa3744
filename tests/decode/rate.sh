#!/bin/sh
# rate.sh: the decoder match rate: every case of cases.sh traced by strace
# and by rn-record + rn-replay, lines compared after norm.awk's masking.
# Prints "match NAME: SAME/TOTAL (PCT%)" per case and a total line.
# Usage: RN_BUILD=build sh tests/decode/rate.sh [TOOLS_DIR]
#   TOOLS_DIR: where rn-record and rn-replay come from (default
#   $RN_BUILD/bin), e.g. another worktree's build to measure it on the same
#   programs. DC_ONLY="NAME..." runs only those cases. Diffs are left in $DC_OUT (default a temporary directory).
set -eu
: "${RN_BUILD:?RN_BUILD must point at the build directory}"
RN_ROOT=${RN_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
RN_BUILD=$(cd "$RN_BUILD" && pwd)
tools=$(cd "${1:-$RN_BUILD/bin}" && pwd)
export PATH="$tools:$PATH"
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
. "$RN_ROOT/tests/decode/cases.sh"
DC_OUT=${DC_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/rn-dcrate.XXXXXX")}
DC_DIR=$DC_OUT
DC_PORT=$((40000 + $$ % 20000))
cd "$DC_OUT"
all_same=0 all_total=0
one() {
	name=$1 flags=$2
	shift 2
	case " ${DC_ONLY:-$name} " in *" $name "*) ;; *) return 0 ;; esac
	[ "$flags" = - ] && flags=""
	rm -rf "$DC_DIR/dc_file.d"
	ST_FLAGS=$flags RP_FLAGS=$flags golden "$name" "$@" >/dev/null
	dc_count "$name"
	echo "match $name: $same/$total ($rate%)"
	all_same=$((all_same + same))
	all_total=$((all_total + total))
}
dc_cases one
echo "total: $all_same/$all_total ($((all_same * 100 / all_total))%) lines match; diffs in $DC_OUT"
