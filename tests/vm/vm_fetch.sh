#!/bin/sh
# tests/vm/vm_fetch.sh: downloads Debian (or Ubuntu) packages of any
# release and architecture with a private apt setup (never /etc/apt, never
# dpkg's architectures) and unpacks each into a cache directory, once.
# Usage: vm_fetch.sh CACHE DIST ARCH PKG...
#   CACHE  e.g. build/vm/cache (kept between runs: a second call is offline)
#   DIST   a Debian release: bullseye, bookworm...; or an Ubuntu suite
#          (focal-updates, jammy...): its archive, checked with Ubuntu's
#          archive keys, themselves taken from Debian's ubuntu-keyring
#   ARCH   a Debian architecture: amd64, arm64...
#   PKG    a package name; NAME=DEPENDS-OF to take the first dependency
#          of a metapackage (e.g. linux-image-amd64 names the kernel of the
#          release); or NAME=/REGEX for the last (sort -V) package whose
#          name matches REGEX (e.g. one kernel series among Ubuntu's)
# Prints one line per package: the directory it was unpacked into
# (CACHE/DIST-ARCH/root/NAME). Exit 0, or 1 with one line naming what failed
# (no network, an unknown package); tests turn that into a loud skip.
set -eu
[ $# -ge 4 ] || { echo "usage: vm_fetch.sh CACHE DIST ARCH PKG..." >&2; exit 2; }
cache=$1 dist=$2 arch=$3
shift 3
top=$(mkdir -p "$cache/$dist-$arch" && cd "$cache/$dist-$arch" && pwd)
mkdir -p "$top/lists/partial" "$top/archives/partial" "$top/root" "$top/etc"
: >"$top/status"
mirror=${RN_VM_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
case $dist in
focal* | jammy* | noble*)
	mirror=${RN_VM_UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}
	kr=$(sh "$0" "$cache" trixie amd64 ubuntu-keyring) || exit 1
	keyring=$kr/usr/share/keyrings/ubuntu-archive-keyring.gpg
	;;
esac
echo "deb [arch=$arch signed-by=$keyring] $mirror $dist main" >"$top/etc/sources.list"
aptopts="-o Dir::Etc::sourcelist=$top/etc/sources.list -o Dir::Etc::sourceparts=/nonexistent
 -o Dir::State::Lists=$top/lists -o Dir::State::status=$top/status
 -o Dir::Cache=$top -o Dir::Cache::archives=$top/archives
 -o APT::Architecture=$arch -o APT::Architectures=$arch
 -o Debug::NoLocking=1 -o Acquire::Retries=2 -o Acquire::http::Timeout=20"
indexed() { ls "$top/lists/"*_Packages* >/dev/null 2>&1; }
for spec in "$@"; do
	name=${spec%%=*}
	want=$name
	if [ -d "$top/root/$name" ] && [ -f "$top/root/$name/.done" ]; then
		echo "$top/root/$name"
		continue
	fi
	if ! indexed; then
		# shellcheck disable=SC2086
		apt-get -q $aptopts update >"$top/update.log" 2>&1 || true
		if ! indexed; then
			echo "vm_fetch: cannot read the $dist $arch package index from $mirror: $(tail -n 1 "$top/update.log")" >&2
			exit 1
		fi
	fi
	case $spec in
	*=/*)
		# shellcheck disable=SC2086
		want=$(apt-cache $aptopts pkgnames 2>/dev/null | grep -E "${spec#*=/}" | sort -V | tail -n 1)
		;;
	*=*)
		# shellcheck disable=SC2086
		want=$(apt-cache $aptopts depends "${spec#*=}" 2>/dev/null |
			awk '$1 == "Depends:" { print $2; exit }')
		;;
	esac
	[ -n "$want" ] || { echo "vm_fetch: $dist $arch: no package ${spec#*=}" >&2; exit 1; }
	rm -f "$top/archives/${want}_"*.deb
	# shellcheck disable=SC2086
	(cd "$top/archives" && apt-get -q $aptopts download "$want") >"$top/download.log" 2>&1 || {
		echo "vm_fetch: cannot download $want ($dist $arch): $(tail -n 1 "$top/download.log")" >&2
		exit 1
	}
	rm -rf "$top/root/$name"
	mkdir -p "$top/root/$name"
	dpkg-deb -x "$top/archives/${want}_"*.deb "$top/root/$name"
	# a kernel's modules (300 MB) are not used: the VM runs on what is built in
	rm -rf "$top/root/$name/lib/modules" "$top/root/$name/usr/share/doc"
	echo "$want" >"$top/root/$name/.done"
	rm -f "$top/archives/${want}_"*.deb
	echo "$top/root/$name"
done
