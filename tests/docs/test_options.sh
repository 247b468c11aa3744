# Each tool's --help, man page and option parser agree, and a bad option is
# named the same way by all four (tests/docs/opt_audit.py says what is
# checked). An option added to one and not the others fails here.
. "$RN_ROOT/tests/lib.sh"
need_cmd python3
python3 "$RN_ROOT/tests/docs/opt_audit.py" "$RN_ROOT/docs/man"
