#!/bin/sh
# tests/web/run_page_tests.sh BIN FIXTURES_DIR — HTTP tests of the pages
# (page_*.c) against a running `quire serve`: the home page, search, the
# paper page (stats line, preview marker, Scholar and Dublin Core tags,
# canonical link, slug redirects), the References section (each entry's
# type label and parsed fields) and the exports of the list and of each
# entry, escaping of a paper whose title, text and tag hold <script> and
# quotes (and of one whose references do), and what an anonymous visitor
# may not open (Open Document, the file, the edit page).
#
# The library is made in a temporary directory from the sample papers of
# tests/fixtures (public) plus one hostile paper (members only) written
# here.  Each check prints "ok N - name" or "not ok N - name"; the last
# line is "P passed, F failed"; the exit status is non-zero on a failure.
# Needs curl.  POSIX sh.
set -u

BIN=${1:?usage: run_page_tests.sh BIN FIXTURES_DIR}
FIX=${2:-tests/fixtures}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $FIX in /*) ;; *) FIX=$(pwd)/$FIX ;; esac
command -v curl >/dev/null 2>&1 || { echo "curl not found"; echo "0 passed, 1 failed"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-web.XXXXXX") || exit 2
SERVER=
cleanup() {
	if [ -n "$SERVER" ]; then
		kill "$SERVER" 2>/dev/null
		wait "$SERVER" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
cd "$T" || exit 2
unset QUIRE_LIBRARY XDG_DATA_HOME
export HOME="$T/home"
LIB=$T/library.quire

n=0
passed=0
failed=0
ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -s hdr ] && sed -n '1,6s/^/#   header: /p' hdr
	[ -s body ] && sed -n '1,6s/^/#   body: /p' body
}
check() { # name command...: ok when the command succeeds
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name"; fi
}

# ---- the library ---------------------------------------------------------

"$BIN" --library "$LIB" init >/dev/null || { echo "init failed"; exit 2; }
"$BIN" --library "$LIB" add --json --visibility public --tag essays \
	"$FIX"/*.txt "$FIX"/*.md >added.json 2>add.err

# A hostile paper: <script> and quotes in its title, text and tag, and a
# word (zephyrmiddle) only in its middle, which the preview leaves out.
{
	echo "The <script>alert(1)</script> \"Quoted\" Paper's Title"
	echo
	echo "by Ann O'Hara"
	echo
	i=0
	while [ $i -lt 12 ]; do
		echo "Paragraph $i of the opening: this hostile paper tests that every page escapes what it shows, <script>alert(1)</script> included, with \"double\" and 'single' quotes and an ampersand & a less-than sign < here."
		echo
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 12 ]; do
		echo "Middle paragraph $i holds the word zephyrmiddle, which only a reader allowed to open the document may see in full text or search results for it."
		echo
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 12 ]; do
		echo "Closing paragraph $i returns to plain prose about escaping and quoting, and ends the hostile paper without any bibliography at all."
		echo
		i=$((i + 1))
	done
} >hostile.txt
"$BIN" --library "$LIB" add --json --visibility members \
	--tag '<script>alert(1)</script>' hostile.txt >hostile.json 2>>add.err

# A paper whose references hold markup, quotes and a javascript: URL.
{
	echo "Hostile References in a Bibliography"
	echo
	echo "by Bea Tester"
	echo
	i=0
	while [ $i -lt 6 ]; do
		echo "Paragraph $i says little, but says it at enough length that the paper has a body before its list of references, as real papers do."
		echo
		i=$((i + 1))
	done
	echo "References"
	echo
	echo "Smith, John. \"<script>alert(1)</script> and Other Tags.\" Journal of Markup 4, no. 2 (2001): 1-20."
	echo
	echo "Doe, Jane. The Book of Quotes \"and\" 'Apostrophes'. Boston: Ampersand & Sons, 1999. javascript:alert(2)"
	echo
	echo "Roe, Rick. Links and Their Dangers. Paris: Lien, 2005. https://example.org/a?b=1&c=\"x\"><script>alert(3)</script>"
} >hostile-refs.txt
"$BIN" --library "$LIB" add --json --visibility public hostile-refs.txt >hostile-refs.json 2>>add.err

id_of() { # file name fragment -> id from the add --json lines
	grep "$1" added.json hostile.json hostile-refs.json 2>/dev/null | head -n 1 |
		sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p'
}
SINO=$(id_of sino-soviet)
HOST=$(id_of 'hostile\.txt')
HREF=$(id_of hostile-refs)
SALON=$(id_of salon-letters)
[ -n "$SINO" ] && ok "sample papers added" || not_ok "sample papers added"
[ -n "$HOST" ] && ok "hostile paper added" || not_ok "hostile paper added"
[ -n "$HREF" ] && [ -n "$SALON" ] && ok "papers with references added" || not_ok "papers with references added"

# ---- the server ------------------------------------------------------------

"$BIN" --library "$LIB" serve --port 0 >serve.out 2>serve.err &
SERVER=$!
URL=
i=0
while [ $i -lt 100 ]; do
	URL=$(sed -n 's/^quire: serving .* at \(http[^ ]*\)\/ (.*/\1/p' serve.out 2>/dev/null)
	[ -n "$URL" ] && break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$URL" ]; then
	not_ok "server starts"
	cat serve.err
	echo "$passed passed, $failed failed"
	exit 1
fi
ok "server starts at $URL"

get() { # path: headers into hdr, body into body; prints the status
	curl -s -o body -D hdr -w '%{http_code}' "$URL$1"
}
has() { grep -q -- "$1" body; }
has_hdr() { grep -qi -- "$1" hdr; }
no_raw_script() { ! grep -q '<script>alert(1)</script>' body && ! grep -qi '<script' body; }

# ---- home, search --------------------------------------------------------

st=$(get /)
[ "$st" = 200 ] && has "Recently added" && ok "home page" || not_ok "home page ($st)"
has 'Words · ' && ok "home page: stats lines" || not_ok "home page: stats lines"
has 'Browse by subject' && has '/tag/essays' && ok "home page: subjects with counts" || not_ok "home page: subjects with counts"
has 'id="main"' && has 'class="skip"' && ok "home page: main landmark and skip link" || not_ok "home page: main landmark and skip link"
no_raw_script && ok "home page: nothing unescaped" || not_ok "home page: nothing unescaped"

st=$(get /search)
[ "$st" = 200 ] && has "How to search" && ok "empty search explains" || not_ok "empty search explains ($st)"
st=$(get '/search?q=soviet')
[ "$st" = 200 ] && has 'papers\? found' && has '<mark>' && ok "search finds with highlights" || not_ok "search finds with highlights ($st)"
st=$(get '/search?q=qqxxzzyyww')
[ "$st" = 200 ] && has "No papers found" && ok "search without results" || not_ok "search without results ($st)"
st=$(get '/search?q=alert')
[ "$st" = 200 ] && no_raw_script && ok "search: hostile hit escaped" || not_ok "search: hostile hit escaped ($st)"
st=$(get '/search?q=zephyrmiddle')
[ "$st" = 200 ] && ! has '<mark>zephyrmiddle' && ok "search: gated middle not shown to anonymous" || not_ok "search: gated middle not shown to anonymous"
st=$(get '/search?q=%3Cscript%3Ealert(1)%3C/script%3E%22')
[ "$st" = 200 ] && no_raw_script && ok "search: query echoed escaped" || not_ok "search: query echoed escaped"
st=$(get '/search?tag=essays&sort=title&page=2')
[ "$st" = 200 ] && has 'found' && ok "search: filters, sort, page" || not_ok "search: filters, sort, page ($st)"
st=$(get '/tag/essays')
[ "$st" = 200 ] && has 'essays' && has 'found' && ok "tag page" || not_ok "tag page ($st)"

# ---- the paper page --------------------------------------------------------

st=$(get "/paper/$SINO")
loc=$(sed -n 's/^[Ll]ocation: *\([^[:space:]]*\).*/\1/p' hdr)
case $loc in
*"/paper/$SINO/"*) [ "$st" = 301 ] && ok "no slug: 301 to canonical" || not_ok "no slug: 301 to canonical ($st)" ;;
*) not_ok "no slug: 301 to canonical ($st $loc)" ;;
esac
CANON=${loc#"$URL"}
st=$(get "/paper/$SINO/not-the-slug")
[ "$st" = 301 ] && has_hdr "location:.*$CANON" && ok "wrong slug: 301 to canonical" || not_ok "wrong slug: 301 to canonical ($st)"
st=$(get "$CANON")
[ "$st" = 200 ] && ok "paper page" || not_ok "paper page ($st $CANON)"
grep -Eq '[0-9][0-9,]* Words · [0-9][0-9,]* Pages?' body && ok "paper page: stats line" || not_ok "paper page: stats line"
has '… middle of paper …' && ok "paper page: preview marker" || not_ok "paper page: preview marker"
has '<link rel="canonical" href="[^"]*/paper/'"$SINO"'/' && ok "paper page: canonical link" || not_ok "paper page: canonical link"
has '<meta name="citation_title"' && has '<meta name="citation_author"' && ok "paper page: Scholar tags" || not_ok "paper page: Scholar tags"
has '<meta name="DC.title"' && has '<meta name="DC.type" content="Text">' && ok "paper page: Dublin Core" || not_ok "paper page: Dublin Core"
has '<meta name="description"' && ok "paper page: description" || not_ok "paper page: description"
has 'Open Document' && has "/paper/$SINO/read" && ok "paper page: Open Document for a public paper" || not_ok "paper page: Open Document for a public paper"
has 'Cite this paper' && has '@misc{' && ok "paper page: cite" || not_ok "paper page: cite"
st=$(get "/paper/$SINO/read")
[ "$st" = 200 ] && has '<h1>' && ok "Open Document of a public paper" || not_ok "Open Document of a public paper ($st)"
st=$(get "/paper/$SINO/file")
[ "$st" = 200 ] && has_hdr 'content-disposition: *attachment' && has_hdr 'content-type: *text/plain' && ok "file of a public paper" || not_ok "file of a public paper ($st)"
st=$(get "/paper/nosuchpaper")
[ "$st" = 404 ] && ok "unknown paper: 404" || not_ok "unknown paper: 404 ($st)"

# ---- references: the section, the list's exports, each entry's exports -----

st=$(get "$CANON")
has '<section aria-labelledby="refs-h"' && ok "references: section" || not_ok "references: section"
[ "$(grep -c '<details class="ref">' body)" -ge 7 ] && ok "references: a disclosure per entry" || not_ok "references: a disclosure per entry"
has '<span class="rtype">book</span>' && ok "references: type label (book)" || not_ok "references: type label (book)"
grep -Eq '<span class="rtype">(journal article|book chapter)</span>' body && ok "references: type labels in words" || not_ok "references: type labels in words"
has '<summary>' && ! grep -q '<script' body && ok "references: no script needed" || not_ok "references: no script needed"
has '<dt>Authors</dt>' && has '<span class="k">family</span> Chen <span class="k">given</span> Jian' && ok "references: authors as family/given" || not_ok "references: authors as family/given"
has '<dt>Title</dt><dd>Mao’s China and the Cold War</dd>' && ok "references: title field" || not_ok "references: title field"
has '<dt>Publisher</dt>' && has '<dt>Place</dt>' && has '<dt>Date</dt><dd>2001</dd>' && ok "references: publisher, place, date" || not_ok "references: publisher, place, date"
has '<dt>Id</dt><dd>'"$SINO"'-3</dd>' && ok "references: ids as in refs.json" || not_ok "references: ids as in refs.json"
has 'id="ref-3"' && has "/paper/$SINO/refs/3.bib" && has "/paper/$SINO/refs/3.ris" && has "/paper/$SINO/refs/3.json" && ok "references: each entry links its exports" || not_ok "references: each entry links its exports"
has "/paper/$SINO/refs.bib" && ok "references: the whole list's exports" || not_ok "references: the whole list's exports"
st=$(get "$CANON")
has_hdr 'x-quire-cache: *hit' && has '<span class="rtype">book</span>' && ok "references: the cached page keeps them" || not_ok "references: the cached page keeps them"

# an archival source: its archive (the abbreviation's bracket gone), the
# document's title in its quotes, the type in words
AGI=$(id_of cartografia-indias)
st=$(get "/paper/$AGI")
agi=$(sed -n 's/^[Ll]ocation: *\([^[:space:]]*\).*/\1/p' hdr)
st=$(get "${agi#"$URL"}")
[ "$st" = 200 ] && has '<span class="rtype">manuscript</span>' &&
	has '<dt>Archive</dt><dd>Archivo General de Indias</dd>' &&
	has '<dt>Title</dt><dd>Instrucciones a los pilotos de la carrera de Indias</dd>' &&
	ok "references: an archival document's archive and title" ||
	not_ok "references: an archival document's archive and title ($st)"

st=$(get "/paper/$SINO/refs/2.bib")
[ "$st" = 200 ] && grep -q '^@[a-z]*{' body && grep -q 'Selected Works of Zhou Enlai' body && ok "entry 2 as BibTeX: its title" || not_ok "entry 2 as BibTeX: its title ($st)"
[ "$(grep -c '^@' body)" = 1 ] && ok "entry 2 as BibTeX: one entry" || not_ok "entry 2 as BibTeX: one entry"
has_hdr 'content-type: *application/x-bibtex' && has_hdr "content-disposition: *attachment; filename=\"$SINO-2.bib\"" && ok "entry 2 as BibTeX: type and file name" || not_ok "entry 2 as BibTeX: type and file name"
key2=$(sed -n '1s/^@[a-z]*{\([^,]*\),.*/\1/p' body)
st=$(get "/paper/$SINO/refs.bib")
[ "$st" = 200 ] && [ -n "$key2" ] && grep -q "^@[a-z]*{$key2," body && ok "entry 2 as BibTeX: the key it has in refs.bib" || not_ok "entry 2 as BibTeX: the key it has in refs.bib ($key2)"
has_hdr "content-disposition: *attachment; filename=\"$SINO-refs.bib\"" && ok "refs.bib: an attachment" || not_ok "refs.bib: an attachment"
st=$(get "/paper/$SINO/refs/3.ris")
[ "$st" = 200 ] && [ "$(grep -c '^TY  - ' body)" = 1 ] && grep -q 'Mao’s China' body && has_hdr 'content-type: *application/x-research-info-systems' && ok "entry 3 as RIS" || not_ok "entry 3 as RIS ($st)"
st=$(get "/paper/$SINO/refs/3.json")
[ "$st" = 200 ] && grep -q '^\[' body && grep -q "\"id\": \"$SINO-3\"" body && has_hdr 'content-type: *application/vnd.citationstyles.csl+json' && has_hdr "filename=\"$SINO-3.json\"" && ok "entry 3 as CSL-JSON (an array of one)" || not_ok "entry 3 as CSL-JSON ($st)"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; d=json.load(open("body")); sys.exit(0 if len(d)==1 and d[0]["type"] else 1)' && ok "entry 3 as CSL-JSON: parses" || not_ok "entry 3 as CSL-JSON: parses"
fi
for bad in 0.bib 99.bib 03.bib 3.txt 3 x.bib 1.bib.bib 99999999999999999999.ris; do
	st=$(get "/paper/$SINO/refs/$bad")
	[ "$st" = 404 ] && ok "refs/$bad: 404" || not_ok "refs/$bad: 404 ($st)"
done
st=$(get "/paper/nosuchpaper/refs/1.bib")
[ "$st" = 404 ] && ok "entry of an unknown paper: 404" || not_ok "entry of an unknown paper: 404 ($st)"
# the salon paper's notes come first (1-6), its bibliography after them
# (7-10): notes citing listed works are not exported again; note 2 cites a
# letter the list does not hold, exported beside the list
st=$(get "/paper/$SALON/refs.json")
ids=$(sed -n 's/.*"id": "'"$SALON"'-\([0-9.]*\)".*/\1/p' body | tr '\n' ' ')
[ "$st" = 200 ] && [ "$ids" = "2 7 8 9 10 " ] && ok "refs.json: the list and the work only a note cites" || not_ok "refs.json: the list and the work only a note cites ($st: $ids)"
st=$(get "/paper/$SALON/refs/1.bib")
[ "$st" = 404 ] && ok "a note citing a listed work: 404" || not_ok "a note citing a listed work: 404 ($st)"
st=$(get "/paper/$SALON/refs/2.bib")
[ "$st" = 200 ] && grep -q '^@' body && grep -q 'Lespinasse' body && ok "the work of note 2" || not_ok "the work of note 2 ($st)"
st=$(get "/paper/$SALON/refs/7.bib")
[ "$st" = 200 ] && grep -q '^@' body && ok "the first entry after the notes" || not_ok "the first entry after the notes ($st)"
st=$(curl -s -L -o body -D hdr -w '%{http_code}' "$URL/paper/$SALON")
[ "$st" = 200 ] && has 'id="ref-7"' && has "/paper/$SALON/refs/7.bib" && ! has "/paper/$SALON/refs/1.bib" && ok "the page numbers entries as refs.json" || not_ok "the page numbers entries as refs.json"
has 'Works cited in the notes</h3>' && has 'id="ref-2"' && has '<span class="k">note 2</span>' && ok "the page lists the work only a note cites" || not_ok "the page lists the work only a note cites"

# references with markup, quotes and a javascript: URL
st=$(curl -s -L -o body -D hdr -w '%{http_code}' "$URL/paper/$HREF")
[ "$st" = 200 ] && has '<details class="ref">' && ok "hostile references: shown" || not_ok "hostile references: shown ($st)"
no_raw_script && ok "hostile references: nothing unescaped" || not_ok "hostile references: nothing unescaped"
! grep -qi 'href="javascript:' body && ok "hostile references: no javascript: link" || not_ok "hostile references: no javascript: link"
! grep -q 'href="[^"]*"x"' body && ok "hostile references: URLs escaped in links" || not_ok "hostile references: URLs escaped in links"
for k in 1 2 3; do
	st=$(get "/paper/$HREF/refs/$k.bib")
	[ "$st" = 200 ] && ok "hostile references: entry $k as BibTeX" || not_ok "hostile references: entry $k as BibTeX ($st)"
done

# ---- the hostile paper ----------------------------------------------------

st=$(curl -s -L -o body -D hdr -w '%{http_code}' "$URL/paper/$HOST")
[ "$st" = 200 ] && ok "hostile paper page" || not_ok "hostile paper page ($st)"
no_raw_script && ok "hostile paper page: nothing unescaped" || not_ok "hostile paper page: nothing unescaped"
has '&lt;script&gt;alert(1)&lt;/script&gt;' && ok "hostile paper page: title shown escaped" || not_ok "hostile paper page: title shown escaped"
! has 'zephyrmiddle' && ok "hostile paper page: no gated text (meta, preview, source)" || not_ok "hostile paper page: no gated text (meta, preview, source)"
! has 'citation_pdf_url' && ! has 'citation_fulltext_html_url' && ok "hostile paper page: no full-text links for anonymous" || not_ok "hostile paper page: no full-text links for anonymous"
has '/signin' && ok "hostile paper page: sign-in prompt" || not_ok "hostile paper page: sign-in prompt"
st=$(get "/paper/$HOST/read")
[ "$st" = 403 ] && ! has 'zephyrmiddle' && has 'Sign in' && ok "Open Document: 403 for anonymous on a members paper" || not_ok "Open Document: 403 for anonymous on a members paper ($st)"
st=$(get "/paper/$HOST/file")
[ "$st" = 403 ] && ! has 'zephyrmiddle' && ok "file: 403 for anonymous" || not_ok "file: 403 for anonymous ($st)"
st=$(get "/paper/$HOST/edit")
[ "$st" = 403 ] && ok "edit page: 403 for anonymous" || not_ok "edit page: 403 for anonymous ($st)"
st=$(get "/upload")
[ "$st" = 403 ] && ok "upload page: 403 for anonymous" || not_ok "upload page: 403 for anonymous ($st)"
st=$(curl -s -o body -D hdr -w '%{http_code}' -X POST -d 'title=x' "$URL/paper/$HOST/edit")
[ "$st" = 403 ] && ok "edit POST without CSRF token: 403" || not_ok "edit POST without CSRF token: 403 ($st)"
st=$(get "/")
no_raw_script && ok "home page with the hostile paper: nothing unescaped" || not_ok "home page with the hostile paper: nothing unescaped"
st=$(get "/search?tag=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
[ "$st" = 200 ] && no_raw_script && has 'found' && ok "hostile tag filter: escaped" || not_ok "hostile tag filter: escaped ($st)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
