#!/bin/sh
# report: a real recording turned into one self-contained HTML file (no
# scripts, no external resources), rendered by headless Chromium without
# console errors; the DOM has every section and the screenshot is not blank.
. "$RN_ROOT/tests/lib.sh"
S="$RN_BUILD/samples"
"$S/mkdata" data
rn-record -q --stack -o slow.rn -- "$S/loader_slow" data >/dev/null || fail "record"
rn-analyze report slow.rn -o report.html || fail "report failed"
assert_exit 2 rn-analyze report slow.rn 2>/dev/null # -o is required
! grep -qi '<script\|src=\|href=\|url(' report.html || fail "report refers to something outside"
grep -q '<h2>System calls</h2>' report.html || fail "no summary"
[ "$(grep -c '<div class="hist">' report.html)" -ge 4 ] || fail "fewer than 4 histograms"
grep -q '<h2>Timeline' report.html || fail "no timeline"
grep -q 'hint [0-9]: .*\[many_files\]' report.html || fail "no hints"
grep -q 'call site: loader_slow.c:' report.html || fail "hints without call sites"
grep -q '<h2>Top call sites</h2>' report.html || fail "no call sites"
grep -q '<td class="k">loader_slow.c:[0-9]* in load_one</td>' report.html || fail "call site rows"
python3 -c 'import html.parser,sys; html.parser.HTMLParser().feed(open("report.html").read())' ||
	fail "HTML does not parse"

command -v chromium >/dev/null 2>&1 || skip "chromium not installed"
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$(mktemp -d "$RN_TMP/chrome.XXXXXX")" "$@"
}
chrome --enable-logging=stderr --v=0 --dump-dom "file://$PWD/report.html" >dom.html 2>chrome.log ||
	fail "chromium --dump-dom failed"
grep -q 'rn report: slow.rn' dom.html || fail "DOM lacks the title"
[ "$(grep -c '<svg' dom.html)" -ge 5 ] || fail "DOM lacks the SVG charts"
if grep -i 'CONSOLE' chrome.log; then fail "console messages while rendering"; fi
chrome --screenshot="$PWD/shot.png" --window-size=1200,900 "file://$PWD/report.html" 2>/dev/null ||
	fail "chromium --screenshot failed"
python3 "$RN_ROOT/tests/analyze/png_check.py" shot.png || fail "the screenshot is blank"
echo ok
