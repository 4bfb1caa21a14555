#!/bin/sh
# Install the Debian packages vpd needs to build, test and run its demo.
# Idempotent: only packages that are missing are installed, and nothing is
# done at all when everything is present.  Needs root (or sudo) only then.
set -eu

# Usage: deps.sh [run]   -- "run": only what building and serving need
# (make run), not the test clients, Apache, the browser or Node.
PKGS="build-essential pkg-config git ca-certificates tzdata
libyaml-dev libjansson-dev libgit2-dev libcmocka-dev libpcre2-dev
libhpdf-dev libcmark-dev libmbedtls-dev libpng-dev libjpeg-dev
libsodium-dev libmicrohttpd-dev libarchive-dev libqpdf-dev libcurl4-gnutls-dev fonts-dejavu-core fonttools icc-profiles-free
jq"
[ "${1:-}" = run ] || PKGS="$PKGS graphviz poppler-utils qpdf valgrind bc
curl openssl apache2 wrk chromium chromium-driver python3-selenium
clang libclang-rt-dev openssh-client python3-aiosmtpd"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
# Node.js and npm (for axe-core in the browser test) may come from
# elsewhere than Debian; only when there is none are Debian's installed.
[ "${1:-}" = run ] || command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "deps: missing packages:$missing (run as root or install them)" >&2
		exit 1
	}
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
