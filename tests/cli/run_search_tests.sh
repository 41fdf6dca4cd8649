#!/bin/sh
# tests/cli/run_search_tests.sh BIN FIXTURES_DIR — end-to-end tests of
# `quire search` and `quire related`: results, phrases, snippets marked
# with [[ ]] off a terminal, filters, sorts, pagination, --json, the index
# following add/edit/rm, odd query syntax never failing, usage errors and
# exit codes, and `quire check` passing (it runs FTS5's integrity check).
#
# Each check prints "ok N - name" or "not ok N - name"; the last line is
# "P passed, F failed" and the exit status is non-zero when any check
# failed.  Everything happens in a temporary directory.  POSIX sh.
set -u

BIN=${1:?usage: run_search_tests.sh BIN FIXTURES_DIR}
FIX=${2:-tests/fixtures}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $FIX in /*) ;; *) FIX=$(pwd)/$FIX ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-search.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
cd "$T" || exit 2

n=0
passed=0
failed=0
LIB=$T/library.quire
unset QUIRE_LIBRARY XDG_DATA_HOME
export HOME="$T/home"

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	if [ -s out ]; then sed -n '1,8s/^/#   stdout: /p' out; fi
	if [ -s err ]; then sed -n '1,8s/^/#   stderr: /p' err; fi
}
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
q() {
	"$BIN" --library "$LIB" "$@" >out 2>err
	rc=$?
}
has() { grep -q -- "$1" "$2"; }
hits() { grep -o '"id":' out | wc -l | tr -d ' '; }
total() { sed -n 's/^{"total":\([0-9]*\),.*/\1/p' out; }

# Papers of our own writing.
mkdir papers
cat >papers/moraines.md <<'P'
# Glacier Moraines of the Northern Valleys

Ridges of loose rock mark where the ice once stopped. Each ridge records
a pause in the long retreat of the valley ice.
P
cat >papers/weather.txt <<'P'
Notes on Mountain Weather

Wind from the glacier cools the valley at night. The glacier wind is
strongest in late summer, when the glacier surface melts in the sun.
P
printf 'Braided Channels of the Sov\303\251tskiy Plain\n\nA braided channel shifts every flood season, and the gravel bars move\nwith it. Deep in the survey lies the word zephyrine.\n' >papers/channels.txt

q init
q add --tag ice papers/moraines.md
q add papers/weather.txt
q add --tag ice papers/channels.txt
check "three papers added" [ "$rc" -eq 0 ]
ID_M=$("$BIN" --library "$LIB" search --json moraines | sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p' | head -n 1)
ID_W=$("$BIN" --library "$LIB" search --json mountain weather | sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p' | head -n 1)
check "ids found by title" [ -n "$ID_M" ] && [ -n "$ID_W" ]

q search glacier
check "search exits 0" [ "$rc" -eq 0 ]
check "title hit first" [ "$(head -n 1 out | cut -d' ' -f1)" = "$ID_M" ]
check "body hit marked with [[ ]]" has '\[\[glacier\]\]' out
check "stats line" has 'Words' out
check "count line" has '1–2 of 2' out

q search --json glacier
check "json total" [ "$(total)" = 2 ]
check "json hits" [ "$(hits)" = 2 ]
check "json can_open (the CLI is the owner)" has '"can_open":true' out

q search zephyrine
check "gated body word found by the owner" has 'zephyrine' out
q search Sovetskiy
check "diacritics fold" has 'Braided Channels' out
q search '"channel shifts"'
check "phrase found" has 'Braided Channels' out
q search '"shifts channel"'
check "reversed phrase not found" has 'No papers match' out
q search glacier nothingsuch
check "no paper has every word: relaxed, said so" has 'No paper has all the words' out
q search --json glacier nothingsuch
check "relaxed in --json" has '"relaxed":true' out
q search --any glacier nothingsuch
check "--any: no notice" [ "$(grep -c 'No paper has all the words' out)" = 0 ]
q search glaceir
check "did you mean" has 'Did you mean: glacier' out
q search 'title:glacier -wind'
check "field and exclusion" has 'Glacier Moraines' out

for bad in '"' '(' 'a:b' '*' '-x' 'NEAR(a b)' 'AND OR NOT' '{title}:x' "'" "\\"; do
	q search -- "$bad"
	if [ "$rc" -ne 0 ]; then not_ok "odd query [$bad] exits 0"; else ok "odd query [$bad] exits 0"; fi
done

q search --json --tag ice ""
check "tag filter" [ "$(total)" = 2 ]
q search --json --format markdown ""
check "format filter" [ "$(total)" = 1 ]
q search --json --year-min 3000 ""
check "year filter" [ "$(total)" = 0 ]
q search --json --limit 1 ""
check "limit: total stays" [ "$(total)" = 3 ] && [ "$(hits)" = 1 ]
q search --json --limit 1 --offset 2 --sort added ""
check "offset" [ "$(hits)" = 1 ] && has "\"offset\":2" out
q search --sort title ""
check "sort by title" [ "$(head -n 1 out | cut -c10-17)" = "Braided " ]
q search --sort title --reverse ""
check "sort by title, reversed" [ "$(head -n 1 out | cut -c10-14)" = "Notes" ]

q related "$ID_M"
check "related exits 0" [ "$rc" -eq 0 ]
check "related leaves the paper out" sh -c "! grep -q '^$ID_M ' out"
check "related prints no empty snippet line" sh -c "! grep -q '^    \$' out"
q related --json "$ID_M"
check "related json" has '"hits":' out
q related zzzzzzz
check "related: unknown id exits 4" [ "$rc" -eq 4 ]

q edit --title "Moraines Renamed" "$ID_M"
q search --json renamed
check "edited title found at once" [ "$(total)" = 1 ]
q rm "$ID_W"
q search --json mountain
check "removed paper gone at once" [ "$(total)" = 0 ]
q check
check "check passes (with the index)" [ "$rc" -eq 0 ]

q search
check "no QUERY: usage error" [ "$rc" -eq 1 ]
q search --limit 0 x
check "--limit 0: usage error" [ "$rc" -eq 1 ]
q search --sort nonsense x
check "bad --sort: usage error" [ "$rc" -eq 1 ]
q search --help
check "search --help" has 'Usage: quire search' out
q related --help
check "related --help" has 'Usage: quire related' out
"$BIN" --library "$T/none.quire" search x >out 2>err
check "no library: exit 3" [ $? -eq 3 ]

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
