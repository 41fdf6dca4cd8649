#!/bin/sh
# bench/csl_speed.sh [BUILD_DIR] — speed of quire's CSL processor (issue 7):
# bibliography entries per second in four styles, style loading timed
# apart, against pandoc's citeproc formatting the same entries with the
# same style files in the same run.
#
# Entries: $CSL_BENCH_N (default 3000, at least 2,000) CSL-JSON items made
# from the AnyStyle training references (../shared/data/references/
# anystyle-parser, tools/citeproc_training.py tocsl).  Styles: Chicago
# notes-bibliography, Chicago author-date, MLA and APA from
# ../shared/data/csl/styles (else Debian's citation-style-language-styles).
#
# Columns:
#   load ms     parsing the style + its locales (BUILD/tools/csl_bench, in
#               process, best of 3)
#   quire e/s   entries per second formatting the bibliography in process
#               (CPU time, best of 3; the items' JSON read apart)
#   cli e/s     `quire format` end to end: (N - 1) / (t(N) - t(1)), so
#               start-up and style loading are taken out (t: CPU seconds,
#               user + system of the process and its children, from
#               wait4's rusage in microseconds; best of $CSL_BENCH_REP
#               runs, default 5)
#   pandoc e/s  `pandoc --citeproc` the same way: (N - 1) / (t(N) - t(1)),
#               best of 3 runs
#   x pandoc    cli e/s / pandoc e/s (end to end against end to end)
# Targets: quire e/s >= 20,000 and >= 10x pandoc.  The machine is shared:
# run it a few times and report the median.
set -eu
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
shared="$top/../shared/data"
if [ ! -d "$shared/references/anystyle-parser" ]; then
	echo "csl_speed: $shared/references missing: skipped (needs ../shared/data)"
	exit 0
fi
command -v pandoc >/dev/null || { echo "csl_speed: pandoc is missing" >&2; exit 1; }
cd "$top"
make --no-print-directory B="$B" "$B/quire" "$B/tools/csl_bench" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
N=${CSL_BENCH_N:-3000}
[ "$N" -ge 2000 ] || N=2000
python3 tools/citeproc_training.py tocsl "$tmp/items.json" "$N" \
	"$shared"/references/anystyle-parser/*.xml >/dev/null
python3 - "$tmp/items.json" "$tmp/one.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
json.dump(items[:1], open(sys.argv[2], "w"))
print("entries: %d" % len(items))
PY
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$tmp/items.json")
printf -- '---\nnocite: "@*"\n---\n' >"$tmp/nocite.md"
locs=/usr/share/citation-style-language/locales
# secs REP CMD...: the least CPU seconds (user + system, children
# included) CMD takes over REP runs (a busy machine stretches wall time,
# not CPU time; GNU time's 10 ms steps were too coarse for quire)
secs() {
	python3 - "$@" <<'PY'
import os, sys
rep, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(rep):
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execvp(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    t = ru.ru_utime + ru.ru_stime
    best = t if best is None or t < best else best
print("%.6f" % best)
PY
}
REP=${CSL_BENCH_REP:-5}
echo "(cli and pandoc: CPU seconds, best of $REP and of 3 runs)"
printf '%-30s %8s %10s %10s %10s %9s\n' style "load ms" "quire e/s" "cli e/s" "pandoc e/s" "x pandoc"
for s in chicago-notes-bibliography:chicago-note-bibliography \
	 chicago-author-date:chicago-author-date \
	 modern-language-association:modern-language-association apa:apa; do
	a=${s%%:*} b=${s#*:}
	style="$shared/csl/styles/$a.csl"
	[ -f "$style" ] || style="/usr/share/citation-style-language/styles/$b.csl"
	line=$("$B/tools/csl_bench" "$style" "$tmp/items.json" --locales "$locs" --repeat 3)
	load=$(echo "$line" | sed 's/.*style_ms=\([0-9.]*\) locale_ms=\([0-9.]*\).*/\1 \2/' | awk '{printf "%.1f", $1 + $2}')
	eps=$(echo "$line" | sed 's/.*entries_per_s=\([0-9]*\).*/\1/')
	q1=$(secs "$REP" sh -c "'$B/quire' format --style '$style' <'$tmp/one.json'")
	qn=$(secs "$REP" sh -c "'$B/quire' format --style '$style' <'$tmp/items.json'")
	p1=$(secs 3 pandoc "$tmp/nocite.md" --citeproc --bibliography="$tmp/one.json" --csl="$style" -t plain)
	pn=$(secs 3 pandoc "$tmp/nocite.md" --citeproc --bibliography="$tmp/items.json" --csl="$style" -t plain)
	awk -v s="$a" -v load="$load" -v eps="$eps" -v n="$n" -v q1="$q1" -v qn="$qn" -v p1="$p1" -v pn="$pn" 'BEGIN{
		cli = (qn - q1 > 0) ? (n - 1) / (qn - q1) : 0
		pan = (pn - p1 > 0) ? (n - 1) / (pn - p1) : 0
		printf "%-30s %8s %10d %10d %10d %8.1fx\n", s, load, eps, cli, pan, (pan > 0 ? cli / pan : 0)
	}'
done
