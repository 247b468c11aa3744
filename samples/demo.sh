#!/bin/sh
# demo.sh: `make demo`: records the slow sample loader with stacks, shows its
# summary, the hints with source lines, then records the fixed loader and
# compares the two. Everything is written in a temporary directory.
# Usage: sh samples/demo.sh BINDIR
set -eu
bin=$(cd "${1:?usage: demo.sh BINDIR}" && pwd)
samples=$(cd "$bin/../samples" && pwd)
PATH="$bin:$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/rn-demo.XXXXXX")
cd "$work"
"$samples/mkdata" data
step() {
	if [ -t 1 ]; then
		printf '\n\033[1m$ %s\033[0m\n' "$*"
	else
		printf '\n$ %s\n' "$*"
	fi
	"$@"
}
step rn-record -q --stack -o slow.rn -- "$samples/loader_slow" data
step rn-analyze summary slow.rn
step rn-analyze hints --source slow.rn
step rn-record -q -o fixed.rn -- "$samples/loader_fixed" data
step rn-analyze diff --top 5 slow.rn fixed.rn
printf '\nTraces kept in %s (see docs/tutorial.md for the walk-through).\n' "$work"
