#!/bin/sh
# tools/make_roundtrip_fixture.sh — the citation-style round trip's
# rendered entries for the test suite: bench/refs_roundtrip_items.json
# rendered by pandoc's citeproc in the 15 styles of bench/refs_roundtrip.py,
# written to tests/fixtures/refs/roundtrip_rendered.tsv (style TAB id TAB
# text), so that `make test` can read them back without pandoc
# (tests/run.sh: cli-roundtrip).  Needs pandoc and
# citation-style-language-styles; run from anywhere after `make`.
set -eu
cd "$(dirname "$0")/.."
python3 bench/refs_roundtrip.py --write-rendered tests/fixtures/refs/roundtrip_rendered.tsv >/dev/null
wc -l tests/fixtures/refs/roundtrip_rendered.tsv
