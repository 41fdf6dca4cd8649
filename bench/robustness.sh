#!/bin/sh
# bench/robustness.sh [QUIRE] — quire add over every file in ../shared/data.
#
# No crash, no hang, and no error but the documented ones: the run fails if
# quire dies of a signal or exits with a status other than 0 (all added) or
# 2 (some files refused with a documented message), or if an error message
# is not one of the documented kinds.  Prints the counts that
# bench/RESULTS.md records.  Skips, saying so, when the data is missing.
set -u
Q=${1:-build/quire}
top=$(cd "$(dirname "$0")/.." && pwd)
data="$top/../shared/data"
if [ ! -d "$data" ]; then
	echo "robustness: $data not found: run skipped (it needs ../shared/data)"
	exit 0
fi
case $Q in /*) ;; *) Q="$top/$Q" ;; esac
[ -x "$Q" ] || (cd "$top" && make -s all) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$Q" --library "$tmp/lib.quire" init > /dev/null || exit 1
start=$(date +%s)
"$Q" --library "$tmp/lib.quire" add -r --json "$data" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
rc=$?
secs=$(( $(date +%s) - start ))
files=$(find "$data" -type f | wc -l)
added=$(grep -c '"status":"added"' "$tmp/out.jsonl")
dups=$(grep -c '"status":"duplicate"' "$tmp/out.jsonl")
errors=$(grep -c '"status":"error"' "$tmp/out.jsonl")
skipped=$(grep -c '"status":"skipped"' "$tmp/out.jsonl")
echo "robustness: $files files under shared/data in ${secs}s: $added added, $dups duplicate, $skipped skipped (not a format quire reads), $errors refused; exit $rc"
echo "refusals by kind:"
grep '"status":"error"' "$tmp/out.jsonl" | sed 's/.*"error":"\([^"]*\)".*/\1/' |
	sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn | head -20
"$Q" --library "$tmp/lib.quire" check || { echo "robustness: library check failed"; exit 1; }
if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
	echo "robustness: quire add exited $rc"
	exit 1
fi
# documented refusals only: not UTF-8 text, no words, a limit, a format
bad=$(grep '"status":"error"' "$tmp/out.jsonl" |
	grep -v -e 'invalid UTF-8' -e 'invalid UTF-16' -e 'no text found' -e 'not a format quire reads' \
		-e 'reading stopped' -e 'larger than' -e 'binary data' -e 'empty file' | head -5)
if [ -n "$bad" ]; then
	echo "robustness: undocumented errors:"
	echo "$bad"
	exit 1
fi
exit 0
