#!/bin/sh
# --source with the binaries gone from this machine, served by a debuginfod
# server on 127.0.0.1 (DEBUGINFOD_URLS): the executable and the shared
# library are fetched by build-id and the lines resolve; without the URL
# they do not.
. "$RN_ROOT/tests/lib.sh"
need_cmd readelf
src="$RN_ROOT/tests/analyze"
mkdir bin
cc -g -O1 -shared -fPIC -o bin/libsrc.so "$src/src_lib.c" || fail "cc lib"
cc -g -O1 -shared -fPIC -DPLUGIN -o bin/plugin.so "$src/src_lib.c" || fail "cc plugin"
cc -g -O1 -o bin/app "$src/src_app.c" -Lbin -lsrc -Wl,-rpath,"$PWD/bin" -ldl || fail "cc app"
rn-record -q --stack -o t.rn -- bin/app "$PWD/bin/plugin.so" || fail "record"
for f in app libsrc.so plugin.so; do
	id=$(readelf -n "bin/$f" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
	[ -n "$id" ] || fail "no build-id in $f"
	mkdir -p "srv/buildid/$id"
	cp "bin/$f" "srv/buildid/$id/executable"
	cp "bin/$f" "srv/buildid/$id/debuginfo"
done
mv bin bin.gone
python3 "$src/debuginfod_server.py" srv port &
server=$!
trap 'kill $server 2>/dev/null' EXIT
i=0
while [ ! -s port ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s port ] || fail "debuginfod test server did not start"
export DEBUGINFOD_CACHE_PATH="$PWD/cache"
app_line=$(grep -n MARK_APP "$src/src_app.c" | cut -d: -f1)
lib_line=$(grep -n MARK_LIB "$src/src_lib.c" | cut -d: -f1)
DEBUGINFOD_URLS='' rn-analyze summary --by source -e trace=openat --csv t.rn >none.csv
! grep -q 'in app_open' none.csv || fail "resolved without the binaries or a server"
DEBUGINFOD_URLS="http://127.0.0.1:$(cat port)" rn-analyze summary --by source -e trace=openat \
	--csv t.rn >served.csv || fail "rn-analyze with DEBUGINFOD_URLS"
for want in "src_app.c:$app_line in app_open" "src_lib.c:$lib_line in lib_open" \
	"src_lib.c:$lib_line in plugin_open"; do
	grep -q "^$want,1,1," served.csv || {
		cat served.csv srv/requests.log
		fail "no '$want' through debuginfod"
	}
done
grep -q '^/buildid/[0-9a-f]*/executable$' srv/requests.log || fail "the server was not asked"
echo ok
