# tests/record/stack_mem.sh: sourced by test_stack.sh and test_bpf_stack.sh.
# check_stack_mem BACKEND: records blockread with --stack; the read(0) call's
# registers (216 bytes, rsp = the SP) and stack bytes must equal what
# /proc/PID/mem holds while the call is blocked (with bpf: up to 64 bytes
# past the initial stack pointer); Mapping events carry the ELF build-ids.
check_stack_mem() {
	be=$1
	rm -f in pid.txt
	mkfifo in
	rn-record -q --backend="$be" --stack -o st.rn -- "$PROGS/blockread" pid.txt <in &
	rec=$!
	exec 4>in
	i=0
	while [ ! -s pid.txt ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	pid=$(cat pid.txt)
	i=0
	while [ "$(cut -d' ' -f1 /proc/$pid/syscall)" != 0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	python3 - "$pid" "$be" >mem.txt <<'PY'
import sys
pid = int(sys.argv[1])
f = open("/proc/%d/syscall" % pid).read().split()
sp = int(f[7], 16)
data = b""
with open("/proc/%d/mem" % pid, "rb", buffering=0) as m:
    while len(data) < 8192:
        n = min(4096 - (sp + len(data)) % 4096, 8192 - len(data))
        try:
            m.seek(sp + len(data))
            chunk = m.read(n)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
# The bpf backend stops 64 bytes past the initial stack pointer (stat's
# startstack): argv and the environment above it hold no frame.
top = int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[25])
if sys.argv[2] == "bpf" and sp < top + 64 < sp + len(data):
    data = data[:top + 64 - sp]
print("%x %s" % (sp, data.hex()))
PY
	printf 3 >&4
	exec 4>&-
	set +e
	wait $rec
	rc=$?
	set -e
	assert_eq "$rc" 3 "blockread status"
	"$DUMP" -x st.rn >st.txt
	line=$(awk '$1 == "S" && $4 == "read" && $5 == 1' st.txt | tail -n 1)
	[ -n "$line" ] || fail "no read(0) in the trace"
	assert_eq "$(echo "$line" | awk '{ print int($6 / 16) % 2 }')" 1 "RN_SC_HAS_STACK flag"
	regs=$(echo "$line" | tr ' ' '\n' | grep '^7:255:')
	stack=$(echo "$line" | tr ' ' '\n' | grep '^6:255:')
	assert_match "$regs" "^7:255:216:216:0:0:[0-9a-f]{432}$" "registers capture"
	sp=$(cut -d' ' -f1 mem.txt)
	bytes=$(cut -d' ' -f2 mem.txt)
	assert_match "$stack" "^6:255:[0-9]+:8192:[0-9]+:$sp:" "stack capture address"
	assert_eq "$(echo "$stack" | cut -d: -f7)" "$bytes" "$be: stack bytes vs /proc/PID/mem"
	# rsp in the registers (struct user_regs_struct field 19) is the same SP.
	rsp_le=$(echo "$regs" | cut -d: -f7 | cut -c305-320)
	rsp=$(python3 -c "import sys; print('%x' % int.from_bytes(bytes.fromhex('$rsp_le'), 'little'))")
	assert_eq "$rsp" "$sp" "rsp in the registers"
	# Build-ids in the Mapping events equal the files' (readelf's view).
	if command -v readelf >/dev/null; then
		want=$(readelf -n "$PROGS/blockread" | awk '/Build ID/ { print $3 }')
		assert_match "$(awk '$1 == "M"' st.txt | grep "progs/blockread ")" " $want$" "build-id"
	fi
}
