# tests/lib.sh: helpers for shell tests. Source it: . "$RN_ROOT/tests/lib.sh"
# Tests run in a fresh temporary directory ($RN_TMP, also the cwd) with
# $RN_BIN (the built tools) first on PATH. Exit 0 = pass, 77 = skip.
set -eu

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "skipped: $*"
	exit 77
}

# need_cmd CMD...: skip the test when a command is missing.
need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
	done
}

# assert_eq ACTUAL EXPECTED [WHAT]
assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"
}

# assert_match TEXT REGEX [WHAT] (grep -E)
assert_match() {
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "${3:-output} does not match /$2/: $1"
}

# assert_exit EXPECTED CMD...: runs CMD, checks its exit status.
assert_exit() {
	want=$1
	shift
	set +e
	"$@"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want"
}

# cc_prog SRC OUT [FLAGS...]: compiles a tracee.
cc_prog() {
	src=$1
	out=$2
	shift 2
	${CC:-cc} -O1 -g -o "$out" "$src" "$@" || fail "cannot compile $src"
}
