#!/usr/bin/env bash
# Assembles Debian bookworm (minbase) with OpenJDK 17's headless JRE by debootstrap and imports it
# as the image IMAGE: debian-jre.sh IMAGE. No container registry is needed: only Debian's mirror
# (DEBIAN_MIRROR, default deb.debian.org). The images of the runtimes are built on it.
set -euo pipefail
image=$1
root=$(mktemp -d "${TMPDIR:-/var/tmp}/duet-debian-jre.XXXXXX")
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=openjdk-17-jre-headless \
  bookworm "$root" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | podman import --change 'CMD ["/bin/bash"]' - "$image"
