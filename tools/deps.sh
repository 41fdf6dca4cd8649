#!/bin/sh
# tools/deps.sh — install the Debian packages quire needs to build and test,
# only those that are missing (used by `make run` and CI).
#
# Checks each package with dpkg-query and runs
#   apt-get update && apt-get install -y <missing…>
# (through sudo when not root) only when something is missing, saying what
# it does.  Set QUIRE_DEPS_DRY_RUN=1 to only print what would be installed.
set -eu

PACKAGES="build-essential pkg-config libsqlite3-dev libutf8proc-dev libmd4c-dev
libsodium-dev libseccomp-dev libjansson-dev libcmocka-dev clang
libzip-dev libxml2-dev libpoppler-glib-dev libmicrohttpd-dev liblbfgs-dev libstemmer-dev
curl sqlite3 antiword chromium
citation-style-language-styles citation-style-language-locales"

# Node.js and npm run the web tests (API against the OpenAPI file, pages in
# Chromium through Playwright).  Machines that already have a node (not from
# a Debian package) keep it: Debian's nodejs would conflict with it.
if ! command -v node >/dev/null 2>&1; then
	PACKAGES="$PACKAGES nodejs"
fi
if ! command -v npm >/dev/null 2>&1; then
	PACKAGES="$PACKAGES npm"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: dpkg-query not found: this script is for Debian and its derivatives;" >&2
	# shellcheck disable=SC2086
	echo "deps: install by hand:" $PACKAGES >&2
	exit 1
fi

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	if [ "$status" != "installed" ]; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "deps: all build dependencies are installed"
	exit 0
fi

echo "deps: missing:$missing"
if [ "${QUIRE_DEPS_DRY_RUN:-0}" = 1 ]; then
	echo "deps: (dry run) would run: apt-get update && apt-get install -y$missing"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: not root and no sudo: run as root: apt-get install -y$missing" >&2
	exit 1
fi

echo "deps: running: ${SUDO:+$SUDO }apt-get update && ${SUDO:+$SUDO }apt-get install -y$missing"
# shellcheck disable=SC2086
$SUDO apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
echo "deps: done"
