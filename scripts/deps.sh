#!/usr/bin/env bash
# Installs the Debian packages adx needs to build, test and demo; with no
# root, prints what is missing and stops (exit 1) without trying.
set -euo pipefail

packages=(
	cmake make gcc clang pkg-config
	libcmocka-dev libsndfile1-dev libjansson-dev libebur128-dev libfftw3-dev
	python3 python3-numpy python3-scipy
	alsa-utils sox valgrind
	libyaml-dev gnuplot-nox tuxtype-data
	spin libclang-rt-14-dev
)

missing=()
for pkg in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "adx: missing Debian packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	echo "adx: not root; install them with: sudo apt-get install -y ${missing[*]}"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "adx: apt-get update failed; trying the install anyway"
apt-get install -y --no-install-recommends "${missing[@]}"
