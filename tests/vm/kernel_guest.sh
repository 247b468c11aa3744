#!/bin/sh
# tests/vm/kernel_guest.sh: the x86_64 kernel tests' script in the guest
# (tests/vm/record_compare.sh boots it): record_cases.sh's cases into
# $OUT/rec, then scope_cases.sh's scopes, if any, into $OUT/scope; both
# scripts and rn-record-static are in /rn.
# Usage: kernel_guest.sh PROGDIR CWD BACKENDS CASES [SCOPE...]
P=$1 cwd=$2 backends=$3 cases=$4
shift 4
sh /rn/record_cases.sh /rn/rn-record-static "$P" "$OUT/rec" "$cwd" "$backends" "$cases"
[ $# -eq 0 ] || sh /rn/scope_cases.sh /rn/rn-record-static "$P" "$OUT/scope" "$@"
