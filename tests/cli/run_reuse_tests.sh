#!/bin/sh
# tests/cli/run_reuse_tests.sh BIN — end-to-end tests of reused passages:
# `quire check FILE` (a text against the library holding it: 100% and the
# paper named; an unrelated text: 0%; quotations and the bibliography left
# out and put back; --json offsets exact in a multi-byte file, checked by
# slicing both files with python3; a removed paper no longer matches), the
# near-duplicate warning of `quire add`, `quire duplicates`, `quire
# reindex`, and `quire check` with no FILE still the integrity check.
#
# Each check prints "ok N - name" or "not ok N - name"; the last line is
# "P passed, F failed" and the exit status is non-zero when any check
# failed.  Everything happens in a temporary directory.  POSIX sh.
set -u

BIN=${1:?usage: run_reuse_tests.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-reuse.XXXXXX") || exit 2
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
	if [ -s out ]; then sed -n '1,12s/^/#   stdout: /p' out; fi
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
# json_get EXPR: evaluates a Python expression over the JSON in out as d.
json_get() {
	python3 -c "import json,sys; d=json.loads(open('out',encoding='utf-8').read()); print($1)"
}

# ---- texts of our own writing ----------------------------------------------

LIGHT='The keepers of the northern lighthouses kept a logbook for every night of the year, and in it they wrote the hour the lamp was lit, the state of the sea and the ships that passed the point.'
LIGHT2='When the fog came down from the hills the keeper wound the clockwork of the horn every half hour until dawn, and his wife kept the kettle warm on the stove for the long watch.'
LIGHT3='Paraffin replaced whale oil in the lamps after the middle of the century, because it burned brighter, smoked less and cost the lighthouse board a third of the old price per gallon.'
LIGHT4='Supply boats came once a fortnight in summer and once a month in winter, carrying flour, coal, letters and the newspapers that the family read aloud by the lamp in the evening.'

cat >lighthouse.txt <<P
Keepers of the Northern Lights

Introduction

$LIGHT

$LIGHT2

$LIGHT3

$LIGHT4

References

Almeida, Rosa. 2001. Lamps and Lenses of the Atlantic Coast. Lisbon: Harbour Press.
Brandt, Ole. 1998. The Fog Signal Service and its Keepers. Hamburg: Nordsee Verlag.
Carvalho, Inês. 2010. Paraffin, Whale Oil and the Economics of Light. Porto: Maritime Studies.
Dunmore, Alice. 1987. Families on the Rock: Life in Remote Lighthouses. Edinburgh: Coastline Books.
P

cat >bread.txt <<'P'
Sourdough in Mountain Villages

Bakers in the high villages kept their starter in a clay pot beside the oven, feeding it with rye flour each evening so that the dough for the morning would rise in the cold.

The loaves were large and dense, made to last a week, and every family marked its bread with a sign pressed into the crust before it went into the shared oven.
P

cat >unrelated.txt <<'P'
Tram Lines of a River City

The first trams were pulled by horses along rails laid in the cobbles, and the drivers rang a bell at every corner to warn the carts and the children playing in the street.

Electric cars arrived twenty years later, with overhead wires strung from iron poles, and the old stables near the depot became a workshop for the new motors and their brakes.
P

# A new text copying one passage of the lighthouse paper, with a
# multi-byte opening so that byte and character offsets differ.
cat >copied.txt <<P
Über die Leuchttürme — a “naïve” study of 灯台 and their keepers

My own opening sentence says something new about coastal history and the people who lived there through many seasons.

$LIGHT2

Another sentence of my own closes this short essay with a few thoughts about the sea.
P

# The same passage, but inside quotation marks.
cat >quoted.txt <<P
A Short Note on Fog

As one historian put it: “$LIGHT2” That is a vivid picture of the work of the keepers at night.
P

# Own prose followed by the lighthouse paper's bibliography.
cat >bibonly.txt <<'P'
A Reading List on Coastal Lights

This short essay of mine says only a little about lamps and leaves the rest to the books listed below, which I found in the library of the maritime museum last spring.

References

Almeida, Rosa. 2001. Lamps and Lenses of the Atlantic Coast. Lisbon: Harbour Press.
Brandt, Ole. 1998. The Fog Signal Service and its Keepers. Hamburg: Nordsee Verlag.
Carvalho, Inês. 2010. Paraffin, Whale Oil and the Economics of Light. Porto: Maritime Studies.
Dunmore, Alice. 1987. Families on the Rock: Life in Remote Lighthouses. Edinburgh: Coastline Books.
P

# ---- the library ----------------------------------------------------------------

q init
q add --json lighthouse.txt
LID=$(sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p' out)
check "add the lighthouse paper" test $rc -eq 0 -a -n "$LID"
q add bread.txt
check "add the bread paper, no near-duplicate warning" sh -c "test $rc -eq 0 && ! grep -q 'matches' err"

# ---- quire check FILE -----------------------------------------------------------

q check lighthouse.txt
check "a paper checked against the library holding it: 100%, the paper named" \
	sh -c "test $rc -eq 0 && grep -q '^lighthouse.txt: 100% of' out && grep -q \"$LID\" out && grep -q 'Keepers of the Northern Lights' out"
q check --json lighthouse.txt
check "--json: share 1 and the paper's id first" \
	test "$(json_get "d['share'], d['sources'][0]['id'], d['sources'][0]['share']")" = "1.0 $LID 1.0"

q check unrelated.txt
check "an unrelated text: 0% and no paper" sh -c "test $rc -eq 0 && grep -q '^unrelated.txt: 0% of .* in 0 papers' out"
q check --json unrelated.txt
check "--json of an unrelated text: share 0, no sources" test "$(json_get "d['share'], len(d['sources'])")" = "0.0 0"

q check copied.txt
check "a copied passage is found and shown marked ([[ ]] off a terminal)" \
	sh -c "grep -q \"$LID\" out && grep -q '\\[\\[.*wound the clockwork' out"
q check --json copied.txt
cat >slice.py <<'PY'
import json, sys
d = json.loads(open('out', encoding='utf-8').read())
text = open('copied.txt', encoding='utf-8').read()
src = open('lighthouse.txt', encoding='utf-8').read()
s = d['sources'][0]
p = s['passages'][0]
a = text[p['offset']:p['offset'] + p['length']]
b = src[p['source_offset']:p['source_offset'] + p['source_length']]
want = sys.argv[1]
ok = (len(s['passages']) == 1 and a == b and a.startswith('When the fog')
      and a.endswith('long watch.') and a == want
      and len(text.encode('utf-8')) != len(text))
print('yes' if ok else 'no: %r / %r' % (a[:60], b[:60]))
PY
check "--json offsets are characters: slicing both files gives the passage" \
	test "$(python3 slice.py "$LIGHT2")" = yes
check "--json: share between 0 and 1 for a partly copied text" \
	test "$(json_get "0 < d['share'] < 1")" = True

q check quoted.txt
check "a passage in quotation marks is left out by default" sh -c "grep -q '^quoted.txt: 0% of' out"
q check --include-quotes quoted.txt
check "--include-quotes counts it" sh -c "grep -q \"$LID\" out && ! grep -q '^quoted.txt: 0% of' out"
q check --exclude-quotes quoted.txt
check "--exclude-quotes is the default" sh -c "grep -q '^quoted.txt: 0% of' out"

q check --json bibonly.txt
check "a copied bibliography is left out by default" test "$(json_get "len(d['sources'])")" = 0
q check --json --include-bibliography bibonly.txt
check "--include-bibliography counts it" \
	test "$(json_get "d['sources'][0]['id'] if d['sources'] else ''")" = "$LID"

q check --min-words 100 --json copied.txt
check "--min-words drops shorter passages" test "$(json_get "len(d['sources'])")" = 0
q check --min-words 0 copied.txt
check "--min-words 0 is a usage error (exit 1)" test $rc -eq 1
q check --json
check "an option without FILE is a usage error" test $rc -eq 1
q check missing-file.txt
check "a missing FILE: exit 2" test $rc -eq 2

# ---- the integrity check is still there ----------------------------------------

q check
check "quire check without FILE: the integrity check (index included)" \
	sh -c "test $rc -eq 0 && grep -q '^library OK: 2 papers' out"
q check --help
check "check --help documents both readings" sh -c "grep -q 'quire check \\[options\\] FILE' out && grep -q 'integrity' out"

# ---- near-duplicates ------------------------------------------------------------

sed 's/every night of the year/each night of the year/' lighthouse.txt >lighthouse2.txt
q add lighthouse2.txt
check "adding a near-duplicate warns with the share, id and title" \
	sh -c "test $rc -eq 0 && grep -q 'warning: [0-9]*% of this paper matches $LID “Keepers of the Northern Lights”' err"
L2=$(awk '{print $1; exit}' out)
sed 's/once a fortnight/every fortnight/' lighthouse.txt >lighthouse3.txt
q add --json lighthouse3.txt
check "add --json carries near_duplicate" \
	test "$(json_get "d['near_duplicate']['id'] if d['near_duplicate'] else ''")" = "$LID"
L3=$(json_get "d['id']")
q duplicates
check "duplicates lists the pair" sh -c "test $rc -eq 0 && grep -q '$LID' out && grep -q '$L2' out"
q duplicates --json --min-share 0.5
check "duplicates --json: three pairs among the three copies, none with bread" \
	test "$(json_get "len(d), all(x['share'] >= 0.5 for x in d)")" = "3 True"
q duplicates --min-share 2
check "duplicates --min-share out of range: exit 1" test $rc -eq 1

q rm "$L2" "$L3"

# ---- reindex, then removal ------------------------------------------------------

q reindex
check "reindex: search index rebuilt, no fingerprints missing" sh -c "test $rc -eq 0 && grep -q '^search index rebuilt: 2 papers' out && grep -q '^fingerprints: 0 papers indexed now, 2 in the index' out"
q reindex --all
check "reindex --all redoes every paper" sh -c "test $rc -eq 0 && grep -q '^fingerprints: 2 papers indexed now' out"
q check lighthouse.txt
check "after reindex the paper still matches 100%" grep -q '^lighthouse.txt: 100% of' out

q rm "$LID"
q check --json lighthouse.txt
check "a removed paper no longer matches" test "$(json_get "len(d['sources']), d['share']")" = "0 0.0"
q check
check "the index agrees with the store after the removal" grep -q '^library OK: 1 paper$' out
SQ=$(command -v sqlite3 || true)
if [ -n "$SQ" ]; then
	check "no fingerprint of the removed paper is left" \
		test "$("$SQ" "$LIB" "SELECT count(*) FROM fp_papers WHERE paper_id = '$LID'")" = 0
	"$SQ" "$LIB" "DELETE FROM fingerprints WHERE rowid IN (SELECT rowid FROM fingerprints LIMIT 1)" 2>/dev/null ||
		"$SQ" "$LIB" "DELETE FROM fingerprints WHERE hash = (SELECT hash FROM fingerprints LIMIT 1)"
	q check
	check "a damaged fingerprint index fails the integrity check (exit 3)" \
		sh -c "test $rc -eq 3 && grep -q 'fingerprint' err"
	q reindex --all
	q check
	check "reindex --all repairs it" grep -q '^library OK' out
else
	echo "# sqlite3 not found: the index-damage checks are skipped"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
