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
	$1 ipc - "$P/dc_ipc"
	$1 ioctl - "$P/dc_ioctl"
	$1 prctl - "$P/dc_prctl"
}
