# README.md's commands, verbatim and in order, from a directory whose build/
# is this build (as the README is read from the repository's top): each must
# exit 0 (tests/docs/doc_cmds.py). `make demo` and `make check` are left out:
# the one installs packages, the other is what runs this.
. "$RN_ROOT/tests/lib.sh"
need_cmd python3
[ -x "$RN_BUILD/samples/loader_slow" ] || fail "the samples are not built (make)"
mkdir root
ln -s "$RN_BUILD" root/build
python3 "$RN_ROOT/tests/docs/doc_cmds.py" "$RN_ROOT/README.md" "$RN_TMP/root" --skip '^make( |$)'
# What the README's comments promise of those commands.
cd root
out=$(rn-analyze hints --source slow.rn)
assert_match "$out" "1000 different files opened" "hints"
assert_match "$out" "call site: loader_slow.c:19 in load_one" "hints' call site"
assert_match "$(rn-analyze summary slow.rn)" "p99.9 us" "summary's percentiles"
echo "README ok"
