#!/bin/sh
# tests/cli/run_refs_tests.sh BIN [FIXTURES_DIR] — end-to-end tests of
# `quire cite` and `quire refs`: --format tokens (one object per input
# line, the line's words in order, known labels), csl (validated against
# ../shared/data/csl/schema/csl-data.json with Node + Ajv when both are
# there), bibtex, ris, json; refs on a stored paper and --all; usage
# errors.
#
# The model: the one built into quire, else $QUIRE_REFS_MODEL (a model
# file passed as --model).  With neither, the checks that need a model
# are reported as "skip" (neither passed nor failed) and only the
# model-free behaviour is tested.
#
# Each check prints "ok N - name" or "not ok N - name"; the last line is
# "P passed, F failed".  Everything happens in a temporary directory.
set -u

BIN=${1:?usage: run_refs_tests.sh BIN [FIXTURES_DIR]}
FIX=${2:-tests/fixtures}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $FIX in /*) ;; *) FIX=$(pwd)/$FIX ;; esac
top=$(cd "$(dirname "$0")/../.." && pwd)
SCHEMA=${CSL_SCHEMA:-$top/../shared/data/csl/schema/csl-data.json}

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-refs.XXXXXX") || exit 2
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
skip() {
	n=$((n + 1))
	echo "ok $n - # skip $1"
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

# ---- the model -------------------------------------------------------------
MODEL=""
"$BIN" cite --format csl "Doe, Jane. A Book. Boston: Beacon, 2001." >/dev/null 2>&1 ||
	MODEL=${QUIRE_REFS_MODEL:-}
if "$BIN" cite ${MODEL:+--model "$MODEL"} --format csl "x" >/dev/null 2>&1; then
	HAVE_MODEL=1
else
	HAVE_MODEL=0
fi
cite() { q cite ${MODEL:+--model "$MODEL"} "$@"; }
refs() { q refs ${MODEL:+--model "$MODEL"} "$@"; }

# ---- model-free behaviour ----------------------------------------------------
q cite
check "cite without a string: usage error (1)" test "$rc" -eq 1
q cite --format text "x"
check "cite --format text is refused (1)" test "$rc" -eq 1
q cite --format nonsense "x"
check "cite --format nonsense: usage error" sh -c "test $rc -eq 1 && grep -q 'tokens' err"
q cite --model "$T/missing.crf" "x"
check "cite --model of a missing file: exit 2 with the file named" \
	sh -c "test $rc -eq 2 && grep -q 'missing.crf' err"
q cite --help
check "cite --help prints the usage" grep -q "Usage: quire cite" out
q refs --help
check "refs --help names every format" sh -c "grep -q bibtex out && grep -q ris out && grep -q csl out"

# ---- cite, with a model ---------------------------------------------------------
cat >refs.txt <<'R'
Chen, Jian. Mao's China and the Cold War. Chapel Hill: University of North Carolina Press, 2001.
Smith, J., & Doe, A. (1999). Rivers of sand. Journal of Hydrology, 106(3), 74–117. https://doi.org/10.1000/xyz.

van der Berg, J. 1998a. Dunes of the north. PhD diss., Yale University.
World Bank. 2003. Trade & growth: 100% of the story. Working Paper 12. Washington, DC: World Bank.
R

if [ "$HAVE_MODEL" = 1 ]; then
	cite --format tokens - <refs.txt
	check "tokens: exit 0" test "$rc" -eq 0
	check "tokens: one object per input line (blank lines too)" \
		test "$(wc -l <out | tr -d ' ')" -eq "$(wc -l <refs.txt | tr -d ' ')"
	check "tokens: the blank line gives an empty list" \
		sh -c "sed -n 3p out | grep -qx '{\"tokens\": \\[\\]}'"
	check "tokens: exact shape of the first word" \
		grep -q '^{"tokens": \[{"text": "Chen,", "label": "[a-z-]*"}, {"text": "Jian.", ' out
	# every line's words, in order, are the input line's words
	i=0
	same=1
	while IFS= read -r line; do
		i=$((i + 1))
		want=$(printf '%s\n' "$line" | tr -s ' \t' '\n\n' | sed '/^$/d' | tr '\n' '|')
		got=$(sed -n "${i}p" out | grep -o '"text": "[^"]*"' | sed 's/^"text": "//; s/"$//' | tr '\n' '|')
		[ "$want" = "$got" ] || same=0
	done <refs.txt
	check "tokens: texts are the lines' whitespace words in order" test "$same" = 1
	check "tokens: only known labels" sh -c "! grep -o '\"label\": \"[^\"]*\"' out | grep -vqE '\"(other|author|editor|translator|title|container-title|collection-title|edition|volume|issue|pages|publisher|place|date|accessed|url|doi|isbn|genre|note)\"'"
	cite --format tokens "Chen, Jian."
	check "tokens: an argument string works too" sh -c "test $rc -eq 0 && test \$(wc -l <out) -eq 1"
	# --context: lines of one text, each labelled with its neighbours
	cite --format tokens - <refs.txt
	cp out plain.jsonl
	cite --format tokens --context 0 - <refs.txt
	check "tokens --context 0: as without" cmp -s out plain.jsonl
	for k in 1 2 7; do
		cite --format tokens --context $k - <refs.txt
		cp out ctx$k.jsonl
	done
	sed 's/"label": "[a-z-]*"//g' plain.jsonl >plain.words
	ok=1
	for k in 1 2 7; do
		[ "$(wc -l <ctx$k.jsonl)" -eq "$(wc -l <refs.txt)" ] || ok=0
		sed 's/"label": "[a-z-]*"//g' ctx$k.jsonl | cmp -s - plain.words || ok=0
	done
	check "tokens --context 1, 2, 7: one object per input line, the same words in order" test "$ok" = 1
	# a window slides over many lines: 40 lines in, 40 objects out, in order
	awk '{for (i = 0; i < 8; i++) print}' refs.txt | head -40 >ctxmany.txt
	cite --format tokens --context 3 - <ctxmany.txt
	check "tokens --context 3: 40 lines, 40 objects" \
		sh -c "test $rc -eq 0 && test \$(wc -l <out) -eq 40"
	sed 's/"label": "[a-z-]*"//g' out >many.ctx
	cite --format tokens - <ctxmany.txt
	sed 's/"label": "[a-z-]*"//g' out | cmp -s - many.ctx
	check "tokens --context 3: each object holds its own line's words, in order" test $? -eq 0
	# a line holding NUL and bytes that are no UTF-8: all of it is read,
	# the same words as without context
	printf 'Smith, J.\000 Title \377\376.\nJones, K. Other.\n\200\201\n' >odd.txt
	cite --format tokens - <odd.txt
	sed 's/"label": "[a-z-]*"//g' out >odd.words
	cite --format tokens --context 1 - <odd.txt
	check "tokens --context 1: NUL and stray bytes, exit 0, three objects" \
		sh -c "test $rc -eq 0 && test \$(wc -l <out) -eq 3"
	sed 's/"label": "[a-z-]*"//g' out | cmp -s - odd.words
	check "tokens --context 1: NUL and stray bytes, the same words as without context" test $? -eq 0
	cite --format csl --context 1 "Chen, Jian."
	check "--context goes with --format tokens only" sh -c "test $rc -eq 1 && grep -q 'format tokens' err"
	cite --format tokens --context 8 "Chen, Jian."
	check "--context 8: usage error naming the range" sh -c "test $rc -eq 1 && grep -q 'from 0 to 7' err"

	cite --format csl - <refs.txt
	cp out refs.csl.json
	check "csl: exit 0, four items (blank lines skipped)" \
		sh -c "test $rc -eq 0 && test \$(grep -c '\"id\": \"ref' out) -eq 4"
	check "csl: names parsed (family Chen, given Jian)" \
		grep -q '"family": "Chen", "given": "Jian"' out
	check "csl: the year 2001 is a date-part" grep -q '"date-parts": \[\[2001' out
	if command -v node >/dev/null 2>&1 && [ -f "$SCHEMA" ] &&
		[ -d "$top/tests/web/node_modules/ajv" ]; then
		node "$top/tests/refs/validate_csl.mjs" "$SCHEMA" refs.csl.json >out 2>err
		check "csl: valid against csl-data.json (Ajv)" test $? -eq 0
		cite --format csl "$(head -c 3000 /dev/zero | tr '\0' '.')" "Москва: Наука, 1999." "陈兼：《毛泽东的中国与冷战》，北京，2001年。" "@book{x, title = {Unbalanced"
		cp out odd.csl.json
		node "$top/tests/refs/validate_csl.mjs" "$SCHEMA" odd.csl.json >out 2>err
		check "csl: odd strings (punctuation, Cyrillic, Chinese, BibTeX) stay valid" test $? -eq 0
	else
		skip "csl schema validation (node, ajv or the schema missing)"
		skip "csl schema validation of odd strings"
	fi

	# a line longer than the labeller reads (40 kB): bounded, still one
	# object a line, its words labelled other, a message naming why
	awk 'BEGIN { printf "Smith, J. The Book. London, 1990.\n"; for (i = 0; i < 5000; i++) printf "Salt and "; printf "\nDoe, A. A Study. Paris, 2001.\n" }' >long.txt
	cite --format tokens - <long.txt
	check "tokens: a 45 kB line keeps its object, words labelled other, the reason on stderr" \
		sh -c "test $rc -eq 0 && test \$(wc -l <out) -eq 3 && sed -n 2p out | grep -q '\"Salt\", \"label\": \"other\"' && sed -n 1p out | grep -q '\"author\"' && grep -q 'longer than the labeller reads' err"
	cite --format csl - <long.txt
	check "csl: a 45 kB line is kept as a document, its neighbours parsed, the reason on stderr" \
		sh -c "test $rc -eq 0 && test \$(grep -c '\"id\": \"ref' out) -eq 3 && grep -q '\"type\": \"document\"' out && grep -q '\"title\": \"The Book\"' out && grep -q 'reference 2: 45000 bytes' err"

	cite --format bibtex - <refs.txt
	check "bibtex: four entries" test "$(grep -c '^@[a-z]*{' out)" -eq 4
	check "bibtex: keys are family+year+word" grep -q '^@[a-z]*{chen2001mao,$' out
	check "bibtex: & and % escaped" sh -c "grep -q '\\\\&' out && ! grep 'title' out | grep -q '[^\\\\]%'"

	cite --format ris - <refs.txt
	check "ris: four TY and four ER lines" \
		sh -c "test \$(grep -c '^TY  - ' out) -eq 4 && test \$(grep -c '^ER  - ' out) -eq 4"
	check "ris: CRLF line ends" sh -c "head -1 out | od -c | grep -q '\\\\r  \\\\n'"

	cite --format json "Chen, Jian. Mao's China. Chapel Hill: UNC Press, 2001."
	check "json: text, type and fields" \
		sh -c "grep -q '\"text\":\"Chen' out && grep -q '\"type\":\"' out && grep -q '\"fields\":{' out"

	big=$(head -c 100000 /dev/zero | tr '\0' 'a')
	cite --format tokens "$big"
	check "a 100 kB reference: an answer, exit 0" test "$rc" -eq 0

	# many lines are written a batch (1,024) at a time: the same items
	# as one list, numbered on, the entry before a batch's first line
	# still its context ("———." takes its authors)
	awk 'BEGIN { for (i = 1; i <= 2500; i++)
		if (i == 1025) print "———. Rivers of Sand, Second Look. Boston: Beacon, 2002.";
		else printf "Chen, Jian. Mao'"'"'s China, volume %d. Chapel Hill: UNC Press, 2001.\n", i }' >many.txt
	cite --format csl - <many.txt
	check "csl of 2,500 lines: 2,500 items, ref1 to ref2500" \
		sh -c "test $rc -eq 0 && test \$(grep -c '\"id\": \"ref' out) -eq 2500 && grep -q '\"id\": \"ref2500\"' out && head -1 out | grep -qx '\\['"
	check "csl of 2,500 lines: the dash at line 1,025 takes line 1,024's authors" \
		sh -c "grep '\"id\": \"ref1025\"' out | grep -q '\"family\": \"Chen\"'"
	cite --format json - <many.txt
	check "json of 2,500 lines: 2,500 entries" \
		sh -c "test $rc -eq 0 && test \$(grep -c '^{\"text\"' out) -eq 2500"
	cite --format ris - <many.txt
	check "ris of 2,500 lines: 2,500 records" test "$(grep -c '^TY  - ' out)" -eq 2500
else
	for t in "tokens: exit 0" "tokens: line count" "tokens: blank line" "tokens: shape" \
		"tokens: words" "tokens: labels" "tokens: argument" "tokens --context (8 checks)" "csl: items" "csl: names" \
		"csl: year" "csl: schema" "csl: odd strings" "bibtex: entries" "bibtex: keys" \
		"bibtex: escaping" "ris: records" "ris: CRLF" "json" "100 kB" "csl: 2,500 lines" \
		"csl: dash across batches" "json: 2,500 lines" "ris: 2,500 lines"; do
		skip "$t (no reference model: build one in or set QUIRE_REFS_MODEL)"
	done
fi

# ---- refs on a stored paper --------------------------------------------------
q init
q add "$FIX/sino-soviet-wrapped.txt"
ID=$(awk '{print $1; exit}' out)
q refs "$ID"
check "refs ID: the entries one per line" \
	sh -c "test $rc -eq 0 && test \$(wc -l <out) -ge 3"
NREFS=$(wc -l <out | tr -d ' ')
q refs --json "$ID"
check "refs --json keeps text/section/note" sh -c "test $rc -eq 0 && grep -q '\"text\":' out && grep -q '\"note\":' out"
q refs --all
check "refs --all prefixes the paper id" grep -q "^$ID	" out
q refs --format text --all
check "refs --all --format text: ID<TAB>entry" grep -q "^$ID	[^[]" out
q refs --all "$ID"
check "refs --all with an ID: usage error" test "$rc" -eq 1
q refs nosuchpaper
check "refs of a missing paper: exit 4" test "$rc" -eq 4
if [ "$HAVE_MODEL" = 1 ]; then
	refs --format csl "$ID"
	cp out paper.csl.json
	check "refs --format csl: one item per entry, ids ID-N" \
		sh -c "test \$(grep -c '\"id\": \"$ID-' out) -eq $NREFS"
	if command -v node >/dev/null 2>&1 && [ -f "$SCHEMA" ] &&
		[ -d "$top/tests/web/node_modules/ajv" ]; then
		node "$top/tests/refs/validate_csl.mjs" "$SCHEMA" paper.csl.json >out 2>err
		check "refs --format csl: valid against the schema" test $? -eq 0
	else
		skip "refs csl schema validation"
	fi
	refs --format bibtex --all
	check "refs --all --format bibtex: unique keys" \
		sh -c "test \$(grep '^@' out | sort | uniq -d | wc -l) -eq 0 && test \$(grep -c '^@' out) -eq $NREFS"
	refs --format ris "$ID"
	check "refs --format ris: one record per entry" test "$(grep -c '^TY  - ' out)" -eq "$NREFS"
	refs --format json "$ID"
	check "refs --format json: type and fields" sh -c "grep -q '\"type\":' out && grep -q '\"fields\":' out"
	# without --format: each entry after its CSL type, one a line
	refs "$ID"
	check "refs ID: every entry after its type in brackets" \
		sh -c "test $rc -eq 0 && test \$(wc -l <out) -eq $NREFS && test \$(grep -Ec '^\\[[a-z-]+\\] +[^ ]' out) -eq $NREFS"
	check "refs ID: a book is shown as [book]" \
		sh -c "grep -q '^\\[book\\] ' out && grep -q 'Chen, Jian' out"
	refs --format text "$ID"
	check "refs --format text: the bare entries, as before" \
		sh -c "test \$(wc -l <out) -eq $NREFS && ! grep -q '^\\[' out"
	refs --all
	check "refs --all: ID<TAB>[type] entry" grep -q "^$ID	\\[[a-z-]*\\] " out

	# notes: Markdown footnotes, several citations in a note, ibid.,
	# op. cit. and a short note resolved; exports carry each work once
	q add "$FIX/refs/salt-lagoon-footnotes.md"
	NID=$(awk '{print $1; exit}' out)
	refs --format text "$NID"
	check "markdown footnotes: five notes, the fenced one is code" \
		sh -c "test \$(wc -l <out) -eq 5 && grep -q '^Ibid., 2:112' out && ! grep -q 'fenced block' out"
	refs "$NID"
	check "refs ID: a note's citations under it, ibid. pointing back" \
		sh -c "grep -q '^ *1\\. \\[book\\] Jean-Claude Hocquet' out && grep -q '^ *2\\. \\[book\\] Frederic C. Lane' out && grep -q 'Ibid. (at 2:112) = 1.2' out"
	check "refs ID: a short note and op. cit. resolved" \
		sh -c "grep -q 'Lane, Venice (at 60) = 1.2' out && grep -q 'op. cit. (at 1:70) = 1.1' out"
	refs --format json "$NID"
	check "refs --format json: a note's citations with back, pinpoint, target" \
		sh -c "grep -q '\"back\":\"ibid\"' out && grep -q '\"target\":\"$NID-1.2\"' out && grep -q '\"pinpoint\":\"2:112\"' out"
	refs --format csl "$NID"
	check "refs --format csl: each work once (no ibid., op. cit. or short note)" \
		sh -c "test \$(grep -c '\"id\": \"$NID-' out) -eq 4 && grep -q '\"id\": \"$NID-1.2\"' out && grep -q '\"archive\": \"Archivio di Stato di Venezia\"' out"
	check "refs --format csl: a role after the names makes an editor" \
		grep -q '"editor": \[{"family": "Rossi", "given": "Mario"}\]' out
	# a German "Literatur" list with "Ders.:", and notes with "Ders." and
	# "Idem" before works: the author before is theirs; "Idem, 9" is ibid.
	q add "$FIX/refs/hering-literatur-ders.md"
	HID=$(awk '{print $1; exit}' out)
	refs "$HID"
	check "Literatur heading: three list entries, three notes" \
		sh -c "test \$(grep -c '^\[book\]' out) -eq 6 && grep -q '^\[book\] Ders.: Tuch und Handel' out"
	check "ders. of a listed work points to it; idem of a new work stands alone" \
		sh -c "grep -q 'Tuch und Handel (Rostock: Hinstorff, 2003) (at 12) = 2\$' out && grep -q 'Salt and Herring (Leiden: Brill, 2009) (at 7)\$' out && grep -q 'Idem (at 9) = 6.1' out"
	refs --format csl "$HID"
	check "Ders.: and Idem take the author before; each work once" \
		sh -c "test \$(grep -c '\"id\": \"$HID-' out) -eq 4 && test \$(grep -c '\"family\": \"Weber\"' out) -eq 3 && grep -q '\"id\": \"$HID-6.1\"' out"
	# the German series "(= …, Bd. 4)": its "=" does not throw the
	# labeller off the place and date; the series and its number apart
	cite --format csl "Müller, Hans: Die Hanse, Köln 1990 (= Hansische Studien, Bd. 4)."
	check "German series (= …): place, date, collection title and number" \
		sh -c "grep -q '\"publisher-place\": \"Köln\"' out && grep -q '\"date-parts\": \[\[1990\]\]' out && grep -q '\"collection-title\": \"Hansische Studien\"' out && grep -q '\"collection-number\": \"4\"' out"
	# Chicago notes and bibliography: notes of listed works point to the
	# list, so the export holds each work once
	q add "$FIX/salon-letters-notes.txt"
	SID=$(awk 'NR == 1 {print $1}' out)
	refs --format csl "$SID"
	check "notes and bibliography: each work once in the export" \
		sh -c "test \$(grep -c '\"id\": \"$SID-' out) -eq 5 && test \$(grep -c 'Forbidden Best-Sellers' out) -eq 1"
	refs "$SID"
	check "notes and bibliography: a short note points to the list" \
		grep -q 'Goodman, Republic of Letters (at 280) = 1' out
	q show "$SID"
	check "show counts the notes apart: 6 notes, 4 references" grep -q '^6 notes, 4 references$' out
	# notes written by pandoc's citeproc (tools/make_notes_papers.py):
	# OSCOLA's "(n 1)" and "Ibid", MHRA's "Hughes, p. 10"
	q add "$FIX/refs/notes/oscola.md" "$FIX/refs/notes/modern-humanities-research-association.md"
	OID=$(awk 'NR == 1 {print $1}' out)
	MID=$(awk 'NR == 2 {print $1}' out)
	refs "$OID"
	check "OSCOLA notes: (n 1) and Ibid resolved" \
		sh -c "grep -q 'Van der Berg (n 1) (at 68) = 1.2' out && grep -q 'Hughes (n 12) (at 10) = 12.2' out && grep -q 'Ibid (at 206) = 4' out"
	refs "$MID"
	check "MHRA notes: an author alone points to the author's work" \
		sh -c "grep -q 'Hughes (at 10) = 12.2' out && grep -q 'Alvarez and Whitfield (at 206) = 4' out"
	# role phrases before names, in four languages: the phrase and the
	# names are the editors (translators), not part of the title
	cite --format csl "Müller, Hans. Die Häfen der Hanse. Hrsg. von Klaus Weber. Lübeck: Schmidt, 1998."
	check "Hrsg. von: an editor, the title without him" \
		sh -c "grep -q '\"editor\": \[{\"family\": \"Weber\"' out && grep -q '\"title\": \"Die Häfen der Hanse\"' out"
	cite --format csl "Dupont, Jean, Les ports de France, éd. par Marie Martin, Paris, Seuil, 2001."
	check "éd. par: an editor, Paris the place" \
		sh -c "grep -q '\"family\": \"Martin\"' out && grep -q '\"title\": \"Les ports de France\"' out && grep -q '\"publisher-place\": \"Paris\"' out"
	cite --format csl "Bianchi L., Storia del porto, trad. di M. Rossi, Torino, Einaudi, 1975."
	check "trad. di: a translator" \
		sh -c "grep -q '\"translator\": \[{\"family\": \"Rossi\"' out && grep -q '\"author\": \[{\"family\": \"Bianchi\"' out"
	cite --format csl "Rossi M., Il porto, a cura di L. Bianchi, Milano, Feltrinelli, 1999."
	check "a cura di before names: the author stays the author" \
		sh -c "grep -q '\"author\": \[{\"family\": \"Rossi\"' out && grep -q '\"editor\": \[{\"family\": \"Bianchi\"' out"
	cite --format csl "Green, André. Le travail du négatif. Paris: Ed. de Minuit, 1993."
	check "Ed. de Minuit stays a publisher" sh -c "! grep -q '\"editor\"' out"
	# APA's bracketed thesis note: the university ends at its bracket
	cite --format csl "Reed, T. (2018). Salt and stone [Doctoral dissertation, University of Leith]. Leith Repository."
	check "APA thesis: the publisher ends at the bracket" grep -q '"publisher": "University of Leith"' out
	# the continental imprint "Luogo, Editore, anno"
	cite --format csl "R. Romeo, Cavour e il suo tempo, Bari, Laterza, 1969, vol. I, p. 45."
	check "Bari, Laterza: place and publisher, a book with its title" \
		sh -c "grep -q '\"publisher-place\": \"Bari\"' out && grep -q '\"publisher\": \"Laterza\"' out && grep -q '\"type\": \"book\"' out && grep -q '\"title\": \"Cavour e il suo tempo\"' out"
	cite --format tokens "Storia di Venezia, Torino, UTET, 1992."
	check "Torino, UTET: the tokens agree" grep -q '"UTET,", "label": "publisher"' out
	cite --format csl "Smith, J. Proceedings of the Conference on Ports, Orlando, Florida, 2005."
	check "Orlando, Florida stays the place" \
		sh -c "grep -q '\"publisher-place\": \"Orlando, Florida\"' out && ! grep -q '\"publisher\"' out"
	# an edited book cited whole: its title is the title in the tokens too
	cite --format tokens "C. Bologna – P. Boitani (a c. di), Alessandro nel Medioevo occidentale, Milano 1997."
	check "edited book: the tokens label its title title" \
		sh -c "grep -q '\"Medioevo\", \"label\": \"title\"' out && ! grep -q 'container-title' out"
	# the French series "coll. « … »" and a place's abbreviation
	cite --format csl "Koselleck, Reinhart: Vergangene Zukunft. Frankfurt a. M.: Suhrkamp, coll. « Theorie », 1979."
	check "coll. « Theorie »: the collection, the publisher without it, Frankfurt a. M. with its period" \
		sh -c "grep -q '\"collection-title\": \"Theorie\"' out && grep -q '\"publisher\": \"Suhrkamp\"' out && grep -q '\"publisher-place\": \"Frankfurt a. M.\"' out"
	# GOST's area separator is no part of the place
	cite --format csl "Иванов И. И. Порты Балтики. — М.: Наука, 1985. — 240 с."
	check "GOST: the place without the dash, the abbreviation's period kept" grep -q '"publisher-place": "М."' out
	check "GOST: the closing 240 с. is the number of pages, not a note" \
		sh -c "grep -q '\"number-of-pages\": \"240\"' out && ! grep -q '\"note\"' out"
	# a book's length is no page
	cite --format csl "Hendricks, Janet. To Drink of Death. Tucson: Arizona UP, 1993. xiv, 316 p."
	check "book: xiv, 316 p. is the number of pages" \
		sh -c "grep -q '\"number-of-pages\": \"316\"' out && ! grep -q '\"page\"' out"
	cite --format ris "Hendricks, Janet. To Drink of Death. Tucson: Arizona UP, 1993. xiv, 316 p."
	check "book: RIS SP holds the length" grep -q '^SP  - 316' out
	cite --format bibtex "Hendricks, Janet. To Drink of Death. Tucson: Arizona UP, 1993. xiv, 316 p."
	check "book: BibTeX pagetotal" grep -q 'pagetotal = {316}' out
	# the Vancouver imprint
	cite --format csl "Ito S, Bell R. Wave loads on breakwaters. Ocean Eng. 2017;12(4):88-97."
	check "Vancouver imprint: volume, issue, pages, year" \
		sh -c "grep -q '\"volume\": \"12\"' out && grep -q '\"issue\": \"4\"' out && grep -q '\"page\": \"88-97\"' out && grep -q '2017' out"
	# GB/T 7714: the code is the type, the imprint after it place and
	# publisher; Chinese names separated by "，" are persons
	cite --format csl "陈建，李明. 中国与冷战[M]. 北京: 世界知识出版社, 2003."
	check "GB/T 7714 book: type, title without [M], place, publisher, two authors" \
		sh -c "grep -q '\"type\": \"book\"' out && grep -q '\"title\": \"中国与冷战\"' out && grep -q '\"publisher-place\": \"北京\"' out && grep -q '\"publisher\": \"世界知识出版社\"' out && grep -q '{\"family\": \"李明\"}' out"
	cite --format tokens "陈建. 中国与冷战[M]. 北京: 世界知识出版社, 2003."
	check "GB/T 7714 book: the tokens agree (place, publisher)" \
		sh -c "grep -q '\"北京:\", \"label\": \"place\"' out && grep -q '\"世界知识出版社,\", \"label\": \"publisher\"' out"
	# an organisation as author, a reprint's original date
	cite --format csl "World Health Organization. Global Report on Diabetes. Geneva: World Health Organization; 2016."
	check "organisation author read out of the title" \
		sh -c "grep -q '\"literal\": \"World Health Organization\"' out && grep -q '\"title\": \"Global Report on Diabetes\"' out"
	cite --format csl "Weber, Max. 1958 [1905]. The Protestant Ethic. New York: Scribner."
	check "reprint: issued 1958, original-date 1905" \
		sh -c "grep -q '\"issued\": {\"date-parts\": \[\[1958\]\]}' out && grep -q '\"original-date\": {\"date-parts\": \[\[1905\]\]}' out"
	# volume, issue and pages in one word; a tag glued to the DOI
	cite --format csl "Tibshirani, Robert. Regression shrinkage via the lasso. J. R. Stat. Soc. B, 58(1):267–288, 1996."
	check "58(1):267-288: volume, issue and pages" \
		sh -c "grep -q '\"volume\": \"58\"' out && grep -q '\"issue\": \"1\"' out && grep -q '\"page\": \"267-288\"' out"
	cite --format csl "Dib-Hajj S, Black J. Sodium channels in pain. Nat Med. 2010;16(2):100-5. doi:10.1038/nm.2234[doi]"
	check "a [doi] tag glued to the DOI goes" grep -q '"DOI": "10.1038/nm.2234"' out
	# German quotation marks: „Title.“ closes, "In:" opens the container;
	# editors parted by " / "
	cite --format csl "Goodich, Michael: „Battling the Devil in Rural Europe.“ In: Massaut, Jean-Pierre / Hennau, Marie-Elisabeth (Hg.): La christianisation des campagnes. Brüssel 1996, S. 139-152."
	check "„…“ In: a chapter; editors parted by a slash" \
		sh -c "grep -q '\"container-title\": \"La christianisation des campagnes\"' out && grep -q '\"title\": \"Battling the Devil in Rural Europe\"' out && grep -q '{\"family\": \"Hennau\", \"given\": \"Marie-Elisabeth\"}' out"
	# the Italian article: a journal in guillemets, a superscript edition
	cite --format csl "M. Rossi, Il commercio del sale nel Veneto, in «Archivio Veneto», s. V, 112 (1979), pp. 5-38."
	check "in «Journal»: the container" grep -q '"container-title": "Archivio Veneto"' out
	cite --format csl "F. Braudel, La Méditerranée et le monde méditerranéen à l'époque de Philippe II, 2 voll., Paris 1966², I, p. 120."
	check "Paris 1966², I: date, edition, volume" \
		sh -c "grep -q '\"issued\": {\"date-parts\": \[\[1966\]\]}' out && grep -q '\"edition\": \"2\"' out && grep -q '\"volume\": \"I\"' out"
else
	for t in "refs csl" "refs csl schema" "refs bibtex --all" "refs ris" "refs json" "refs types"; do
		skip "$t (no reference model)"
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
