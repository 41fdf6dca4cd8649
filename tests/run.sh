#!/bin/sh
# tests/run.sh BUILD_DIR — runs every test of quire against one build
# (make test calls it with the ASan+UBSan build) and ends with the line
# "N passed, N failed".  Exit status: 0 only when nothing failed.
#
#   1. unit tests: every BUILD_DIR/tests/test_* (cmocka)
#   2. CLI tests: tests/cli/run_cli_tests.sh on BUILD_DIR/quire, then the
#      web page tests: tests/web/run_page_tests.sh (a server on a free port)
#   3. fuzz replay: every libFuzzer harness over its committed corpus, then
#      a short bounded run (FUZZ_SECONDS, default 20 s each) — when clang is there
set -u
B=${1:-build-san}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
passed=0
failed=0
failures=""

# Sanitizer settings: fail loudly, report leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export QUIRE_FIXTURES="$top/tests/fixtures"

run() { # name command...
	name=$1
	shift
	log="$top/$B/test-logs/$name.log"
	mkdir -p "$(dirname "$log")"
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		printf 'PASS  %s\n' "$name"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL  %s (log: %s)\n' "$name" "$log"
		# TAP logs (Node): each failed test with its error first, so that
		# a CI log that keeps only the end still names what failed
		if grep -q 'not ok' "$log"; then
			grep -A 24 'not ok' "$log" | grep -v 'duration_ms\|^ *\.\.\.$\|^ *---$' |
				head -n 120 | sed 's/^/      /'
			echo '      [...]'
		fi
		tail -n 30 "$log" | sed 's/^/      /'
	fi
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done

if [ -x tests/cli/run_cli_tests.sh ] || [ -f tests/cli/run_cli_tests.sh ]; then
	run cli sh tests/cli/run_cli_tests.sh "$top/$B/quire" "$top/tests/fixtures"
fi

if [ -f tests/cli/run_search_tests.sh ]; then
	run cli-search sh tests/cli/run_search_tests.sh "$top/$B/quire" "$top/tests/fixtures"
fi

# reused passages: quire check FILE, --json offsets, duplicates, reindex
if [ -f tests/cli/run_reuse_tests.sh ]; then
	run cli-reuse sh tests/cli/run_reuse_tests.sh "$top/$B/quire"
fi

# references: quire cite / quire refs in every format, CSL-JSON checked
# against the schema (Node + Ajv)
if [ -f tests/cli/run_refs_tests.sh ]; then
	run cli-refs sh tests/cli/run_refs_tests.sh "$top/$B/quire" "$top/tests/fixtures"
fi

# the citation-style round trip: 120 items rendered by pandoc's citeproc in
# 15 styles (tests/fixtures/refs/roundtrip_rendered.tsv, made by
# tools/make_roundtrip_fixture.sh) read back field by field; floors a
# little under the figures of bench/RESULTS.md (0.945 / 0.801)
if [ -f tests/fixtures/refs/roundtrip_rendered.tsv ]; then
	run cli-roundtrip python3 bench/refs_roundtrip.py --quire "$top/$B/quire" \
		--rendered tests/fixtures/refs/roundtrip_rendered.tsv --min-fields 0.940 --min-whole 0.790
fi

# citation styles: quire styles/format, the repository's CSL fixtures, and
# the CSL test suite (../shared/data/csl) against tests/csl/passing.txt
if [ -f tests/csl/run_csl_suite.sh ]; then
	run csl sh tests/csl/run_csl_suite.sh "$B"
fi

# the server: status codes, headers, limits, prefix, graceful stop (curl)
if [ -f tests/web/run_http_tests.sh ]; then
	run web-http sh tests/web/run_http_tests.sh "$top/$B/quire" "$top/tests/fixtures"
fi

if [ -f tests/web/run_page_tests.sh ]; then
	run web-pages sh tests/web/run_page_tests.sh "$top/$B/quire" "$top/tests/fixtures"
fi

# accounts: sign-in, CSRF, rate limiting, invites, resets, sign-out (curl, sqlite3)
if [ -f tests/web/run_auth_tests.sh ]; then
	run web-auth sh tests/web/run_auth_tests.sh "$top/$B/quire"
fi

# the API against docs/openapi.json, and the pages in Chromium (Playwright)
run web-node sh tests/web/run_node_tests.sh "$top/$B/quire"

if command -v clang >/dev/null 2>&1 && [ -f tests/fuzz/build.sh ]; then
	if sh tests/fuzz/build.sh >"$B/fuzz-build.log" 2>&1; then
		for f in build-fuzz/fuzz_*; do
			[ -x "$f" ] || continue
			n=$(basename "$f")
			corpus="tests/fuzz/corpus_${n#fuzz_}"
			work=$(mktemp -d)
			[ -d "$corpus" ] && cp -r "$corpus/." "$work/"
			run "fuzz/$n" "$f" -max_total_time="${FUZZ_SECONDS:-20}" -rss_limit_mb=2048 -timeout=10 "$work"
			rm -rf "$work"
		done
	else
		failed=$((failed + 1))
		failures="$failures fuzz-build"
		echo "FAIL  fuzz build (log: $B/fuzz-build.log)"
	fi
else
	echo "note: clang not found, fuzz harnesses not run"
fi

echo
[ -n "$failures" ] && echo "failed:$failures"
# the failed TAP tests again, by name, where a truncated log still shows them
for f in $failures; do
	grep -h '^ *not ok' "$top/$B/test-logs/$f.log" 2>/dev/null | sed "s|^ *|  $f: |" | head -n 20
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
