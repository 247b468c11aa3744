# cases.sh: sourced by the decoder tests. dc_cases calls "$1 NAME FLAGS PROG
# ARGS..." for each decoder case: a program of tests/decode/progs run with the
# same strace flags on both sides (FLAGS "-" for none). $DC_DIR is a scratch
# directory, $DC_PORT a free-looking TCP port.
dc_cases() {
	P=$RN_BUILD/tests/decode/progs
	$1 file - "$P/dc_file" "$DC_DIR/dc_file.d"
	$1 file-y -y "$P/dc_file" "$DC_DIR/dc_file.d"
	$1 desc - "$P/dc_desc"
	$1 desc-y -y "$P/dc_desc"
	$1 proc - "$P/dc_proc"
	$1 mem - "$P/dc_mem"
	$1 mem-raw -Xraw "$P/dc_mem"
	$1 net - "$P/dc_net" "$DC_PORT"
	$1 net-yy -yy "$P/dc_net" "$((DC_PORT + 1))"
	$1 sig - "$P/dc_sig"
	$1 time - "$P/dc_time"
	$1 time-raw -Xraw "$P/dc_time"
	$1 time-verbose -Xverbose "$P/dc_time"
	$1 ipc - "$P/dc_ipc"
	$1 ioctl - "$P/dc_ioctl"
	$1 ioctl-y -y "$P/dc_ioctl"
	$1 ioctl-raw -Xraw "$P/dc_ioctl"
	$1 prctl - "$P/dc_prctl"
	$1 prctl-raw -Xraw "$P/dc_prctl"
	$1 ioctl-verbose -Xverbose "$P/dc_ioctl"
	$1 net-raw -Xraw "$P/dc_net" "$((DC_PORT + 2))"
	$1 net-verbose -Xverbose "$P/dc_net" "$((DC_PORT + 3))"
	$1 sig-verbose -Xverbose "$P/dc_sig"
	$1 file-raw -Xraw "$P/dc_file" "$DC_DIR/dc_file.d"
	$1 sys-raw -Xraw "$P/dc_sys"
	$1 sys - "$P/dc_sys"
	$1 sys-y -y "$P/dc_sys"
	$1 sys-yy -yy "$P/dc_sys"
	$1 msg - "$P/dc_msg" "$((DC_PORT + 4))"
	$1 msg-s8 "-s 8" "$P/dc_msg" "$((DC_PORT + 5))"
	$1 hi - "$P/dc_hi"
	$1 hi2 - "$P/dc_hi2"
	$1 str - "$P/dc_str"
	$1 str-s8 "-s 8" "$P/dc_str"
	$1 new - "$P/dc_new"
}

# dc_count NAME: same, total and rate over the lines after the program's
# DC_BEGIN marker (the C library's start-up is not a decoder case).
dc_count() {
	# System V IPC ids and times, times()'s clock ticks, ephemeral ports (-X raw) differ from one run to the next: masked
	mask='s/^(P[0-9]+ (shm|sem|msg)get\(.*\) = )[0-9]+$/\1ID/
s/shm_([acd])time=[0-9]+/shm_\1time=T/g
s/^(P[0-9]+ times\(.*\) = )[0-9]+$/\1TICKS/
/^P[0-9]+ (accept4?|getsockname|getpeername|recvfrom|recvm?msg)\(/s/sin_port="[^"]*"/sin_port=PORT/g
/^P[0-9]+ (accept4?|getsockname|getpeername|recvfrom|recvm?msg)\(/s/htons\([0-9]+\)/htons(PORT)/g
s/^(P[0-9]+ (shmat|shmctl|semop|semctl|msgsnd|msgrcv|msgctl))\([0-9]+,/\1(ID,/'
	awk '/dc-begin/ { on = 1; next } on' "$1.a" | sed -E "$mask" >"$1.a2"
	awk '/dc-begin/ { on = 1; next } on' "$1.b" | sed -E "$mask" >"$1.b2"
	same=$(diff --old-line-format= --new-line-format= --unchanged-line-format=%L \
		"$1.a2" "$1.b2" | wc -l)
	total=$(wc -l <"$1.a2")
	nb=$(wc -l <"$1.b2")
	[ "$nb" -gt "$total" ] && total=$nb
	[ "$total" -gt 0 ] || fail "$1: no lines after the dc-begin marker"
	rate=$((same * 100 / total))
	diff "$1.a2" "$1.b2" >"$1.diff" || true
}
