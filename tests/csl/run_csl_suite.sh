#!/bin/sh
# tests/csl/run_csl_suite.sh [BUILD_DIR] — the CSL processor against test
# fixtures, with tools/csl_suite (built here into BUILD_DIR/tools/).
#
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
[ "$B" = build-san ] && san="SAN=1"
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
