# norm.awk: puts strace -f output (from strace itself or rn-replay -f) in a
# canonical form so two runs of the same program compare line by line:
# <unfinished ...>/<... resumed> pairs joined, " = " padding removed, pids
# numbered by first appearance, and what legitimately differs between runs
# masked (addresses, random bytes, inode numbers,
# clock values). A -n prefix ("[ 59] ") is kept in front of the call. Lines are then grouped per process (stable), because how
# processes interleave differs from run to run.
function pidmap(p) {
	if (!(p in ord)) { ord[p] = "P" (++npids); order[npids] = p }
	return ord[p]
}
{
	line = $0
	pid = ""
	if (match(line, /^[0-9]+ +/)) {
		pid = substr(line, 1, RLENGTH); sub(/ +$/, "", pid)
		line = substr(line, RLENGTH + 1)
	}
	nrp = ""
	if (match(line, /^\[ *[0-9]+\] /)) {
		nrp = substr(line, 1, RLENGTH)
		line = substr(line, RLENGTH + 1)
	}
	if (line ~ / <unfinished \.\.\.>$/) {
		sub(/ <unfinished \.\.\.>$/, "", line)
		pending[pid] = line
		pendidx[pid] = ++n
		keep[n] = line " <unfinished ...>"
		nrpfx[n] = nrp
		owner[n] = pid
		if (pid != "") pidmap(pid)
		next
	}
	if (match(line, /^<\.\.\. [a-z0-9_]+ resumed>/)) {
		rest = substr(line, RLENGTH + 1)
		if (pid in pendidx) { # complete the line where its entry was
			keep[pendidx[pid]] = pending[pid] rest
			delete pending[pid]
			delete pendidx[pid]
			next
		}
	}
	keep[++n] = line
	nrpfx[n] = nrp
	owner[n] = pid
	if (pid != "") pidmap(pid)
}
END {
	for (i = 1; i <= n; i++) {
		l = keep[i]
		sub(/\)  += /, ") = ", l)
		gsub(/0x[0-9a-f]+/, "0xADDR", l)
		if (l ~ /^getrandom\(/) sub(/"[^"]*"/, "\"RANDOM\"", l)
		gsub(/socket:\[[0-9?]*\]/, "socket:[INODE]", l)
		gsub(/pipe:\[[0-9?]*\]/, "pipe:[INODE]", l)
		gsub(/f_bfree=[0-9]+, f_bavail=[0-9]+/, "f_bfree=N, f_bavail=N", l)
		gsub(/f_ffree=[0-9]+/, "f_ffree=N", l)
		if (l ~ /^(accept4?|getsockname|getpeername|recvfrom)\(/) gsub(/sin_port=htons\([0-9]+\)/, "sin_port=htons(PORT)", l)
		if (l ~ /^sysinfo\(\{/) sub(/\{uptime=.*\}/, "{SYSINFO}", l)
		sub(/^getppid\(\) = [0-9]+$/, "getppid() = PPID", l)
		gsub(/tv_sec=[0-9]+, tv_nsec=[0-9]+/, "tv_sec=S, tv_nsec=NS", l)
		gsub(/tv_sec=[0-9]+, tv_usec=[0-9]+/, "tv_sec=S, tv_usec=US", l)
		gsub(/si_utime=[0-9]+, si_stime=[0-9]+/, "si_utime=U, si_stime=S", l)
		for (k = 1; k <= npids; k++) {
			p = order[k]
			gsub("(^|[^0-9])" p "([^0-9]|$)", "&", l)
			while (match(l, "(^|[^0-9x])" p "([^0-9]|$)")) {
				s = substr(l, RSTART, RLENGTH)
				sub(p, ord[p], s)
				l = substr(l, 1, RSTART - 1) s substr(l, RSTART + RLENGTH)
			}
		}
		o = owner[i] == "" ? "P0" : ord[owner[i]]
		out[o] = out[o] o " " nrpfx[i] l "\n"
	}
	printf "%s", out["P0"]
	for (k = 1; k <= npids; k++) printf "%s", out["P" k]
}
