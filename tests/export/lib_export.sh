# lib_export.sh: helpers for rn-export's shell tests (source after tests/lib.sh).
# Starts real receivers on 127.0.0.1 (ephemeral ports) that stop by themselves.
EXPORT_DIR="$RN_ROOT/tests/export"
MKTRACE="$RN_BUILD/tests/export/rn_mktrace"

# need_node: skip when node is absent; install the pinned packages if missing.
need_node() {
	command -v node >/dev/null 2>&1 || skip "node not installed"
	if [ ! -d "$EXPORT_DIR/node_modules/@opentelemetry/otlp-transformer" ] ||
		[ ! -d "$EXPORT_DIR/node_modules/@grpc/grpc-js" ]; then
		bash "$EXPORT_DIR/setup.sh" >&2 || fail "tests/export/setup.sh failed"
	fi
}

# wait_port FILE: waits (at most 20 s) for a receiver to write its port.
wait_port() {
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -le 400 ] || fail "receiver did not start ($1)"
		sleep 0.05
	done
	cat "$1"
}

# start_receiver NAME [receiver args...]: starts otlp_receiver.js writing
# NAME.ndjson; sets PORT. Stopped by stop_receiver NAME (or after 60 s).
start_receiver() {
	name=$1
	shift
	rm -f "$name.port" "$name.ndjson" "$name.stop"
	node "$EXPORT_DIR/otlp_receiver.js" --port-file "$name.port" --out "$name.ndjson" \
		--stop-file "$name.stop" --max-seconds 60 "$@" 2>"$name.log" &
	eval "${name}_PID=$!"
	PORT=$(wait_port "$name.port")
}

stop_receiver() {
	touch "$1.stop"
	eval "wait \$${1}_PID" 2>/dev/null || true
}

# check_otlp ARGS...: runs check_otlp.py (the summary checker).
check_otlp() {
	/usr/bin/python3 "$EXPORT_DIR/check_otlp.py" "$@" || fail "check_otlp $*"
}
