#!/bin/sh
# tests/csl/run_csl_suite.sh [BUILD_DIR] — the CSL processor against test
# fixtures, with tools/csl_suite (built here into BUILD_DIR/tools/), and
# the CSL commands of BUILD_DIR/quire.
#
#   0. quire styles / format with the styles of tests/csl/styles (a
#      dependent one included) and the items of tests/csl/cli: exact output;
#      then the web: a paper with references served by quire serve: the
#      style picker, ?style= remembered in the quire_style cookie (and the
#      page kept out of shared caches), refs.json / refs.bib / refs.ris.
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
	echo "FAIL: no CSL locales: install citation-style-language-locales (sh tools/deps.sh)"
	exit 1
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
# a classical text in a note style without a bibliography: its canonical
# place is the note's locator, and a style that predates the type
# "classic" sets it as a book (italics, not quotation marks)
printf 'Aristotle, <i>Politics</i>, 1253a7–18.\n' >"$tmp/classic"
check "cite --style: a classic's place as the note's locator" "$tmp/classic" sh -c "'$Q' cite --html --style own-note 'Aristotle, Politics 1253a7–18.'"
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

echo "== the web: Cite in a style, reference exports"
wok() { echo "ok - web: $1"; }
wfail() { echo "not ok - web: $1"; rc=1; }
lib="$tmp/lib.quire"
"$Q" --library "$lib" init >/dev/null &&
	"$Q" --library "$lib" add --visibility public tests/fixtures/braided-rivers-pagenums.txt >/dev/null 2>&1
id=$("$Q" --library "$lib" list --json 2>/dev/null | sed -n 's/.*"id": *"\([a-z0-9]*\)".*/\1/p' | head -n 1)
"$Q" --library "$lib" serve --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
url=
i=0
while [ $i -lt 100 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^quire: serving .* at \(http[^ ]*\)\/ (.*/\1/p' "$tmp/serve.out" 2>/dev/null)
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ] || [ -z "$id" ]; then
	wfail "server with a paper (id '$id', url '$url')"
else
	curl -s -L -o "$tmp/page" "$url/paper/$id"
	if grep -q '<select id="style" name="style">' "$tmp/page" &&
	   grep -q '<option value="chicago-author-date" selected>' "$tmp/page" &&
	   grep -q 'class="csl-bib-body"' "$tmp/page"; then
		wok "the page has the style picker with the default selected"
	else
		wfail "the page has the style picker with the default selected"
	fi
	page=$(curl -s -o /dev/null -w '%{url_effective}' -L "$url/paper/$id")
	curl -s -D "$tmp/h" -o "$tmp/p2" "$page?style=own-author-date"
	if grep -qi '^set-cookie: quire_style=own-author-date' "$tmp/h" &&
	   grep -qi '^cache-control: private' "$tmp/h" &&
	   grep -q '<option value="own-author-date" selected>' "$tmp/p2" &&
	   grep -q 'class="csl-entry">Ashmore, P. E. 1991. <i>How do gravel-bed rivers braid?</i></div>' "$tmp/p2"; then
		wok "?style= formats the references, sets the cookie, private"
	else
		wfail "?style= formats the references, sets the cookie, private"
		grep -i "cookie\|cache-control" "$tmp/h"; grep "csl-entry" "$tmp/p2" | head -n 2
	fi
	curl -s -D "$tmp/h" -o "$tmp/p3" -H "Cookie: quire_style=own-author-date" "$page"
	if grep -q '<option value="own-author-date" selected>' "$tmp/p3" &&
	   ! grep -qi '^x-quire-cache: hit' "$tmp/h"; then
		wok "the cookie chooses the style, not served from the cache"
	else
		wfail "the cookie chooses the style, not served from the cache"
	fi
	curl -s -o "$tmp/p4" "$page?style=..%2F..%2Fetc%2Fpasswd"
	if grep -q '<option value="chicago-author-date" selected>' "$tmp/p4" &&
	   ! grep -q 'passwd' "$tmp/p4"; then
		wok "a bad style name falls back to the default"
	else
		wfail "a bad style name falls back to the default"
	fi
	ct=$(curl -s -o "$tmp/j" -w '%{content_type}' "$url/paper/$id/refs.json")
	if echo "$ct" | grep -q 'csl+json' &&
	   python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) >= 3 and d[0]["id"].endswith("-1")' "$tmp/j" 2>/dev/null; then
		wok "refs.json is a CSL-JSON array"
	else
		wfail "refs.json is a CSL-JSON array ($ct)"
	fi
	if curl -s "$url/paper/$id/refs.bib" | grep -q '^@[a-z]*{ashmore1991' &&
	   curl -s "$url/paper/$id/refs.ris" | grep -q '^TY  - '; then
		wok "refs.bib and refs.ris"
	else
		wfail "refs.bib and refs.ris"
	fi
	code=$(curl -s -o /dev/null -w '%{http_code}' "$url/paper/nosuchid/refs.json")
	[ "$code" = 404 ] && wok "refs of a missing paper: 404" || wfail "refs of a missing paper: 404 (got $code)"
fi
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

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
