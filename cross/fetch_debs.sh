#!/bin/sh
# fetch_debs.sh: downloads Debian packages of another architecture or release
# (arm64 libraries for the cross build's sysroot, a kernel and busybox for a
# qemu guest) and extracts them into one directory, with apt's ordinary client
# run on a private configuration under the output directory: the machine's
# /etc/apt and dpkg's architectures are never touched. Downloads are cached
# (a second run with the same list does nothing).
# Usage: fetch_debs.sh ARCH DIST OUTDIR PACKAGE...
#   ARCH    a Debian architecture (arm64, amd64)
#   DIST    a Debian release (bookworm, bullseye)
#   OUTDIR  gets apt/ (state, cache, the .debs) and root/ (the extracted files)
# Exit: 0 done, 1 a download or extraction failed (the message says which),
# 2 usage.
set -eu
[ $# -ge 4 ] || { echo "usage: fetch_debs.sh ARCH DIST OUTDIR PACKAGE..." >&2; exit 2; }
arch=$1 dist=$2 out=$3
shift 3
mkdir -p "$out/apt/none" "$out/apt/state/lists/partial" "$out/apt/cache/archives/partial" "$out/apt/debs" "$out/root"
out=$(cd "$out" && pwd)
stamp="$out/apt/fetched"
want="$arch $dist $*"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { echo "fetch_debs: $keyring missing (install debian-archive-keyring)" >&2; exit 1; }
cat >"$out/apt/sources.list" <<EOS
deb [arch=$arch signed-by=$keyring] http://deb.debian.org/debian $dist main
deb [arch=$arch signed-by=$keyring] http://deb.debian.org/debian-security $dist-security main
EOS
: >"$out/apt/status"
cat >"$out/apt/apt.conf" <<EOS
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Dir::Etc::SourceList "$out/apt/sources.list";
Dir::Etc::SourceParts "$out/apt/none";
Dir::Etc::Parts "$out/apt/none";
Dir::Etc::Preferences "$out/apt/none";
Dir::Etc::PreferencesParts "$out/apt/none";
Dir::State "$out/apt/state";
Dir::State::status "$out/apt/status";
Dir::Cache "$out/apt/cache";
Acquire::Languages "none";
APT::Sandbox::User "root";
EOS
export APT_CONFIG="$out/apt/apt.conf"
apt-get -qq update >"$out/apt/update.log" 2>&1 || {
	echo "fetch_debs: apt-get update for $dist/$arch failed:" >&2
	tail -3 "$out/apt/update.log" >&2
	exit 1
}
(cd "$out/apt/debs" && apt-get -qq download "$@") >"$out/apt/download.log" 2>&1 || {
	echo "fetch_debs: apt-get download $* ($dist/$arch) failed:" >&2
	tail -3 "$out/apt/download.log" >&2
	exit 1
}
for d in "$out"/apt/debs/*.deb; do
	dpkg-deb -x "$d" "$out/root" || { echo "fetch_debs: cannot extract $d" >&2; exit 1; }
done
echo "$want" >"$stamp"
