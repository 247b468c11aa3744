#!/bin/sh
# Golden comparison with strace for real tools: ls -la, find, sh -c, cat,
# python3 -c pass. Each must match at least 95% of strace's lines.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/replay/golden.sh"
need_tracing
mkdir -p tree/a/b && echo one >tree/a/x.txt && echo two >tree/a/b/y.txt
py=/usr/bin/python3
[ -x $py ] || py=python3
bad=""
check() {
	if [ "$rate" -lt 95 ]; then
		sed 's/^/    /' "$1.diff" | head -20
		bad="$bad $1"
	fi
}
golden ls ls -la /usr/share/doc/strace
check ls
golden find find tree -name '*.txt'
check find
golden sh sh -c 'echo hi; /bin/true; cat /dev/null; exit 3'
check sh
golden cat cat /etc/passwd tree/a/x.txt
check cat
golden python3 $py -c pass
check python3
[ -z "$bad" ] || fail "below 95%:$bad"
