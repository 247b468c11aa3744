# docs/tutorial.md, run as a newcomer would: every command of the page,
# verbatim, in order (tests/docs/doc_cmds.py says what of their output is
# checked: statuses, the samples' own lines, hints, verdicts, fail-on lines).
# `make` is left out (the tools are built), and the page's /tmp/tut is this
# test's directory. A command renamed, an option dropped, a file the page
# never records: this fails.
. "$RN_ROOT/tests/lib.sh"
need_cmd python3
[ -x "$RN_BUILD/samples/loader_slow" ] || fail "the samples are not built (make)"
mkdir root
ln -s "$RN_BUILD" root/build
python3 "$RN_ROOT/tests/docs/doc_cmds.py" "$RN_ROOT/docs/tutorial.md" "$RN_TMP/root" \
	--skip '^make( |$)' --sub "/tmp/tut=$RN_TMP/tut"
# The page's closing claim: a packed trace finds its source lines with the
# samples gone.
cd "$RN_TMP/tut"
mv samples samples.away
out=$(rn-analyze summary --by source -e trace=openat --top 1 packed.rn)
assert_match "$out" "loader_slow.c:19 in load_one" "--by source on packed.rn without the binary"
echo "tutorial ok"
