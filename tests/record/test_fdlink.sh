#!/bin/sh
# Pipes and sockets under -y: rn-record reads the /proc link text of the
# descriptors pipe2, socketpair, socket and accept4 create, so rn-replay -y
# prints pipe:[INODE] / socket:[INODE] as strace -y does: the very inodes the
# program itself sees, on a real TCP connection over 127.0.0.1.
. "$RN_ROOT/tests/lib.sh"
. "$RN_ROOT/tests/record/common.sh"
need_cmd python3
cat >net.py <<'PY'
import os, socket
def link(fd):
    return os.readlink("/proc/self/fd/%d" % fd)
r, w = os.pipe()
a, b = socket.socketpair()
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
c = socket.create_connection(srv.getsockname())
s, _ = srv.accept()
print(r, link(r), w, link(w))
print(a.fileno(), link(a.fileno()), b.fileno(), link(b.fileno()))
print(srv.fileno(), link(srv.fileno()), s.fileno(), link(s.fileno()))
PY
rn-record -q -o n.rn -- python3 net.py >seen.txt
rn-replay -y n.rn >n.txt
# shellcheck disable=SC2046 # split on purpose: fd, link, fd, link
set -- $(sed -n 1p seen.txt)
grep -Fxq "pipe2([$1<$2>, $3<$4>], O_CLOEXEC) = 0" n.txt || fail "pipe2 under -y: want $*"
# shellcheck disable=SC2046 # split on purpose: fd, link, fd, link
set -- $(sed -n 2p seen.txt)
grep -Fxq "socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [$1<$2>, $3<$4>]) = 0" n.txt ||
	fail "socketpair under -y: want $*"
# shellcheck disable=SC2046 # split on purpose: fd, link, fd, link
set -- $(sed -n 3p seen.txt)
grep -Eq "^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, IPPROTO_IP\) += $1<$(echo "$2" | sed 's/[][]/\\&/g')>\$" n.txt ||
	fail "socket under -y: want $1<$2>"
grep -Eq "^bind\($1<$(echo "$2" | sed 's/[][]/\\&/g')>, " n.txt || fail "bind on the named socket"
grep -Eq "^accept4\($1<.*\) += $3<$(echo "$4" | sed 's/[][]/\\&/g')>\$" n.txt ||
	fail "accept4 under -y: want $3<$4>"
# Without -y the same lines stay plain.
rn-replay n.rn | grep -Eq '^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, IPPROTO_IP\) += [0-9]+$' ||
	fail "plain socket line"
# strace -y prints the same lines for the same program (inodes masked).
strace -y -o n.st python3 net.py >/dev/null
pat='^(pipe2|socketpair|socket|bind|listen|connect|accept4)\('
grep -E "$pat" n.st | sed -E 's/:\[[0-9]+\]/:[I]/g; s/htons\([0-9]+\)/htons(P)/g; s/ +=/ =/' >a.txt
grep -E "$pat" n.txt | sed -E 's/:\[[0-9]+\]/:[I]/g; s/htons\([0-9]+\)/htons(P)/g; s/ +=/ =/' >b.txt
[ "$(wc -l <a.txt)" -ge 5 ] || fail "too few lines from strace"
diff a.txt b.txt || fail "differs from strace -y"
echo "pipes and sockets named by inode"
