#!/bin/sh
# fixture_words.sh — recompute the "words:" and "pages:" of every fixture
# with the reference word counter (tools/wordcount.py), never with quire.
#
#   sh tools/fixture_words.sh            check: print each fixture, exit 1 on a mismatch
#   sh tools/fixture_words.sh --update   rewrite words:/pages: in the .expect files
#
# Each tests/fixtures/NAME.expect says how NAME is cleaned before counting,
# in comment lines:
#   # wordcount: drop-line REGEX     a furniture line (fully matching REGEX) to drop
#   # wordcount: drop-dup-title      the title is printed twice at the top
# pages: is the number of pages when the paper has form feeds (form feeds
# only between pages: count + 1), else ceil(words / 500).
set -eu
cd "$(dirname "$0")/.."
dir=tests/fixtures
update=0
[ "${1:-}" = "--update" ] && update=1
bad=0
for exp in "$dir"/*.expect; do
	paper=${exp%.expect}
	set -- --paper
	while IFS= read -r line; do
		case $line in
		"# wordcount: drop-line "*) set -- "$@" --drop-line "${line#\# wordcount: drop-line }" ;;
		"# wordcount: drop-dup-title") set -- "$@" --drop-dup-title ;;
		esac
	done < "$exp"
	words=$(python3 tools/wordcount.py "$@" "$paper")
	ff=$(tr -cd '\f' < "$paper" | wc -c)
	if [ "$ff" -gt 0 ]; then
		pages=$((ff + 1))
	else
		pages=$(( (words + 499) / 500 ))
	fi
	want_w=$(sed -n 's/^words: //p' "$exp")
	want_p=$(sed -n 's/^pages: //p' "$exp")
	if [ "$words" = "$want_w" ] && [ "$pages" = "$want_p" ]; then
		printf '%-36s words %5s  pages %2s  ok\n' "${paper##*/}" "$words" "$pages"
	elif [ $update = 1 ]; then
		sed -i "s/^words: .*/words: $words/; s/^pages: .*/pages: $pages/" "$exp"
		printf '%-36s words %5s  pages %2s  updated\n' "${paper##*/}" "$words" "$pages"
	else
		printf '%-36s words %5s (expect says %s)  pages %s (expect says %s)  MISMATCH\n' \
			"${paper##*/}" "$words" "$want_w" "$pages" "$want_p"
		bad=1
	fi
done
exit $bad
