#!/bin/sh
# tests/csl/run_csl_suite.sh [BUILD_DIR] — the CSL processor against test
# fixtures, with tools/csl_suite (built here into BUILD_DIR/tools/), and
# the CSL commands of BUILD_DIR/quire.
#
#   0. quire styles / format with the styles of tests/csl/styles (a
#      dependent one included) and the items of tests/csl/cli: exact output.
#   1. tests/csl/fixtures/*.txt, written for this repository: every one
#      must pass (--strict).  Always run.
#   2. the official CSL test suite, ../shared/data/csl/test-suite/
#      processor-tests/humans (when that folder exists; else a printed
#      SKIP): the pass rate per category and overall is printed, and a
#      fixture listed in tests/csl/passing.txt that fails is a regression
#      and fails this test.  Refresh the list after an improvement with
#        BUILD/tools/csl_suite --locales ... --write-passing \
#          tests/csl/passing.txt ../shared/data/csl/test-suite/processor-tests/humans
#
# Locales: ../shared/data/csl/styles/locales first when it exists (the
# current en-US, de-DE and fr-FR files the suite's expected results
# assume), then Debian's citation-style-language-locales.
set -u
B=${1:-build-san}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
san=""
case "$B" in *san*) san="SAN=1" ;; esac
# shellcheck disable=SC2086
if ! make --no-print-directory $san B="$B" "$B/tools/csl_suite" >/dev/null; then
	echo "FAIL: cannot build $B/tools/csl_suite"
	exit 1
fi
suite="$B/tools/csl_suite"
debian=/usr/share/citation-style-language/locales
shared="$top/../shared/data/csl"
if [ ! -f "$debian/locales-en-US.xml" ] && [ ! -f "$shared/styles/locales/locales-en-US.xml" ]; then
	echo "SKIP: no CSL locales (install citation-style-language-locales: sh tools/deps.sh)"
	exit 0
fi
locs=""
[ -d "$shared/styles/locales" ] && locs="--locales $shared/styles/locales"
locs="$locs --locales $debian"
rc=0

echo "== quire styles / quire format (tests/csl/styles, tests/csl/cli)"
Q="$top/$B/quire"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QUIRE_CSL_STYLES="$top/tests/csl/styles"
export QUIRE_CSL_LOCALES="$shared/styles/locales:$debian"
export XDG_DATA_HOME="$tmp/xdg" HOME="$tmp"
check() { # name expected-file command...
	n=$1 exp=$2
	shift 2
	if "$@" >"$tmp/out" 2>"$tmp/err" && cmp -s "$exp" "$tmp/out"; then
		echo "ok - $n"
	else
		echo "not ok - $n"
		diff "$exp" "$tmp/out" | head -n 10
		head -n 5 "$tmp/err"
		rc=1
	fi
}
items=tests/csl/cli/items.json
printf 'Dunne, C. 1972. Eel Weirs.\nVarga, L. A., Obi, T. 2015. Kettle Songs.\n' >"$tmp/bib"
check "format: bibliography by name" "$tmp/bib" sh -c "'$Q' format --style own-author-date <$items"
check "format: bibliography by path" "$tmp/bib" sh -c "'$Q' format --style tests/csl/styles/own-author-date.csl <$items"
printf '(Varga & Obi 2015; Dunne 1972)\n' >"$tmp/cite"
check "format: --mode citation through a dependent style" "$tmp/cite" sh -c "'$Q' format --style own-dependent --mode citation <$items"
printf '(Dunne 1972, 7)\n(Varga & Obi 2015)\n' >"$tmp/cl"
check "format: --clusters, one line each" "$tmp/cl" sh -c "'$Q' format --style own-author-date --mode citation --clusters tests/csl/cli/clusters.json <$items"
printf '<div class="csl-bib-body">\n  <div class="csl-entry">Dunne, C. 1972. <i>Eel Weirs</i>.</div>\n  <div class="csl-entry">Varga, L. A., Obi, T. 2015. <i>Kettle Songs</i>.</div>\n</div>\n' >"$tmp/html"
check "format: --html" "$tmp/html" sh -c "'$Q' format --style own-author-date --html <$items"
if "$Q" styles | grep -q '^own-author-date  *Own Author-Date & Test$' &&
   ! "$Q" styles | grep -q '^own-dependent' &&
   "$Q" styles --all --json | grep -q '"name":"own-dependent","title":"Own Dependent Journal"'; then
	echo "ok - styles: listed, dependent only with --all"
else
	echo "not ok - styles: listed, dependent only with --all"
	rc=1
fi
if "$Q" format --style no-such-style <$items 2>"$tmp/err"; then
	echo "not ok - format: unknown style refused"
	rc=1
elif [ $? -eq 2 ] && grep -q "no style named 'no-such-style'" "$tmp/err"; then
	echo "ok - format: unknown style refused (exit 2, named)"
else
	echo "not ok - format: unknown style refused (exit 2, named)"
	rc=1
fi
printf '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><citation><layout><bogus/></layout></citation></style>\n' >"$tmp/bad.csl"
if "$Q" format --style "$tmp/bad.csl" <$items 2>"$tmp/err"; then
	echo "not ok - format: a broken style is refused"
	rc=1
elif grep -q "bad.csl" "$tmp/err"; then
	echo "ok - format: a broken style is refused, the file named"
else
	echo "not ok - format: a broken style is refused, the file named"
	cat "$tmp/err"
	rc=1
fi

echo "== own fixtures (tests/csl/fixtures)"
# shellcheck disable=SC2086
"$suite" $locs --strict -v tests/csl/fixtures || rc=1

humans="$shared/test-suite/processor-tests/humans"
if [ -d "$humans" ]; then
	echo "== CSL test suite ($humans)"
	# shellcheck disable=SC2086
	"$suite" $locs --quiet --expect tests/csl/passing.txt "$humans" || rc=1
else
	echo "SKIP: ../shared/data/csl is missing: the CSL test suite was not run"
fi
exit $rc
