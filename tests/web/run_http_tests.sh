#!/bin/sh
# tests/web/run_http_tests.sh BIN FIXTURES_DIR — HTTP tests of `quire
# serve` against a running server: status codes, security headers, error
# pages without internals, robots.txt, sitemap, feed, health, the style
# sheet's caching, the path prefix, body limits (413), the access log and
# graceful shutdown on SIGTERM with requests in flight.
#
# The server listens on a port the system picks (--port 0; the URL is read
# from its first line).  Each check prints "ok N - name" or "not ok N -
# name"; the last line is "P passed, F failed"; the exit status is non-zero
# when any check failed.  Needs curl.  POSIX sh.
set -u

BIN=${1:?usage: run_http_tests.sh BIN FIXTURES_DIR}
FIX=${2:-tests/fixtures}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $FIX in /*) ;; *) FIX=$(pwd)/$FIX ;; esac

if ! command -v curl >/dev/null 2>&1; then
	echo "curl not found"
	echo "0 passed, 1 failed"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-http.XXXXXX") || exit 2
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
cd "$T" || exit 2

n=0
passed=0
failed=0
LIB=$T/lib/library.quire
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
	if [ -s hdr ]; then sed -n '1,6s/^/#   header: /p' hdr; fi
	if [ -s body ]; then sed -n '1,6s/^/#   body: /p' body; fi
}
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
has() { grep -q -- "$1" "$2"; }
hasi() { grep -qi -- "$1" "$2"; }
# get PATH [curl args...]: status in code, headers in hdr, body in body.
get() {
	p=$1
	shift
	code=$(curl -s -o body -D hdr -w '%{http_code}' "$@" "$URL$p") || code=000
}

# serve NAME [serve args...]: starts a server in the background; sets URL
# (ending in '/') and PID; its stdout/stderr go to NAME.out / NAME.err.
serve() {
	name=$1
	shift
	"$BIN" --library "$LIB" serve --port 0 "$@" >"$name.out" 2>"$name.err" &
	PID=$!
	PIDS="$PIDS $PID"
	i=0
	while [ $i -lt 50 ] && ! grep -q '^quire: serving' "$name.out" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	URL=$(sed -n 's/^quire: serving .* at \(http[^ ]*\) (Ctrl-C to stop)$/\1/p' "$name.out")
}
# stop: SIGTERM to the server and wait; status in stop_rc.
stop() {
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
	stop_rc=$?
}

# ---- the library ----------------------------------------------------------
"$BIN" --library "$LIB" init >/dev/null 2>&1
"$BIN" --library "$LIB" add --visibility members "$FIX"/*.txt "$FIX"/*.md >/dev/null 2>&1
papers=$("$BIN" --library "$LIB" list --json 2>/dev/null | grep -o '"id":' | wc -l | tr -d ' ')
check "the test library has papers" [ "$papers" -gt 2 ]

# A paragraph from the middle of the longest paper: gated text that no
# public route may show.
long=$("$BIN" --library "$LIB" list --sort words --reverse | awk 'NR == 2 { print $1 }')
"$BIN" --library "$LIB" text "$long" >fulltext 2>/dev/null
total=$(wc -l <fulltext | tr -d ' ')
middle=$(awk -v t="$total" 'NR > t / 2 && length($0) > 60 { print substr($0, 1, 50); exit }' fulltext)
"$BIN" --library "$LIB" preview "$long" >preview.txt 2>/dev/null
if [ -n "$middle" ] && ! grep -qF -- "$middle" preview.txt; then gated=1; else gated=0; fi

# ---- the command ---------------------------------------------------------
"$BIN" serve --help >out 2>&1
check "serve --help exits 0 and names the options" \
	sh -c "has() { grep -q -- \"\$1\" out; }; has --base-url && has --max-upload && has --access-log"
"$BIN" --library "$T/none.quire" serve --port 0 >out 2>err
rc=$?
check "serve on a missing library exits 3 with a message" \
	sh -c "[ $rc -eq 3 ] && grep -q 'quire:' err"
"$BIN" --library "$LIB" serve --port 99999 >out 2>err
check "serve --port 99999 is a usage error" [ $? -eq 1 ]

# ---- a server -------------------------------------------------------------
serve main --access-log "$T/access.log"
check "serve prints 'quire: serving LIB at http://127.0.0.1:PORT/'" \
	sh -c "echo '$URL' | grep -Eq '^http://127\\.0\\.0\\.1:[0-9]+/\$'"

# the uploads' readers fork from four small helpers the server started
# before its threads (sbx_pool), not from the server itself
helpers=""
for st in /proc/[0-9]*/status; do
	c=${st#/proc/}
	c=${c%/status}
	grep -q "^PPid:	$PID\$" "$st" 2>/dev/null && grep -q '^Name:	quire-spawner$' "$st" 2>/dev/null &&
		helpers="$helpers $c"
done
check "the server runs four reader helpers (quire-spawner)" [ "$(echo $helpers | wc -w)" = 4 ]

get healthz
check "GET /healthz is 200 with status ok" sh -c "[ $code = 200 ] && grep -q '\"status\":\"ok\"' body"
check "/healthz counts the papers" has "\"papers\":$papers" body
check "/healthz is JSON" hasi '^content-type: application/json' hdr

sec_headers() { # the security headers are all in hdr
	hasi "^content-security-policy: default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" hdr &&
		hasi '^x-content-type-options: nosniff' hdr &&
		hasi '^referrer-policy: same-origin' hdr &&
		hasi '^x-frame-options: DENY' hdr
}
check "security headers on a 200" sec_headers

get "no/such/page?x=<script>"
check "an unknown path is 404" [ "$code" = 404 ]
check "security headers on a 404" sec_headers
check "the 404 page says so in plain words" has "Page not found" body
no_internals() { # no path, library name, source file, SQL or the request echoed
	! grep -qiE "sqlite|\\.c:[0-9]|quire_|$T|library\\.quire|<script>|errno|segfault" body
}
check "the 404 page shows no internals" no_internals

get robots.txt -X POST
check "POST /robots.txt is 405" [ "$code" = 405 ]
check "a 405 has an Allow header" hasi '^allow: GET' hdr
check "the 405 page shows no internals" no_internals
check "security headers on a 405" sec_headers

get healthz -I
check "HEAD /healthz is 200" [ "$code" = 200 ]

get robots.txt
check "robots.txt allows all and names the sitemap" \
	sh -c "[ $code = 200 ] && grep -q '^User-agent: \\*' body && grep -q '^Sitemap: ${URL}sitemap.xml' body"

get sitemap.xml
urls=$(grep -o '<loc>' body | wc -l | tr -d ' ')
check "sitemap.xml lists every paper and the home page" [ "$urls" -eq $((papers + 1)) ]
check "sitemap URLs are canonical paper URLs" has "<loc>${URL}paper/$long/" body
if command -v xmllint >/dev/null 2>&1; then
	check "sitemap.xml is well-formed XML" xmllint --noout body
fi
if [ "$gated" = 1 ]; then
	check "the sitemap holds no gated text" sh -c "! grep -qF -- '$middle' body"
fi

get feed.xml
check "feed.xml is an Atom feed" sh -c "[ $code = 200 ] && grep -q 'http://www.w3.org/2005/Atom' body && grep -qi '^content-type: application/atom+xml' hdr"
entries=$(grep -c '<entry>' body)
check "the feed has entries (at most 20)" sh -c "[ $entries -ge 1 ] && [ $entries -le 20 ]"
check "feed entries have summaries" has '<summary>' body
if command -v xmllint >/dev/null 2>&1; then
	check "feed.xml is well-formed XML" xmllint --noout body
fi
if [ "$gated" = 1 ]; then
	check "the feed holds no gated text (only the preview's opening)" sh -c "! grep -qF -- '$middle' body"
else
	ok "the feed holds no gated text # skip no middle paragraph found"
fi

get static/style.css
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\([^[:space:]]*\).*/\1/p' hdr)
check "the style sheet is served as CSS" sh -c "[ $code = 200 ] && grep -qi '^content-type: text/css' hdr && [ -s body ]"
check "the style sheet has an ETag and a long cache life" \
	sh -c "[ -n '$etag' ] && grep -qi '^cache-control: public, max-age=[0-9]\\{5,\\}' hdr"
get static/style.css -H "If-None-Match: $etag"
check "a matching If-None-Match gets 304" [ "$code" = 304 ]
check "security headers on a 304" sec_headers

get "%00"
check "a NUL in the path is refused (400/404)" sh -c "[ $code = 400 ] || [ $code = 404 ]"
get "static/..%2Fstyle.css"
check "an encoded slash in a segment matches no route" sh -c "[ $code = 404 ] || [ $code = 400 ]"
get "static/../../../etc/passwd" --path-as-is
check "dot segments never reach a file" sh -c "[ $code = 404 ] && ! grep -q 'root:' body"
get 'healthz?q=a"b'
get "healthz?a=%zz&b=%&&=&c=%00"
check "bad escapes in the query do not break a request" [ "$code" = 200 ]

get healthz -H 'X-Forwarded-For: 203.0.113.9'
# the access log: common log format plus microseconds
sleep 0.2
check "the access log has a line per request" \
	grep -Eq '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [+-][0-9]{4}\] "GET /healthz HTTP/1\.1" 200 [0-9]+ [0-9]+$' "$T/access.log"
check "without --trust-proxy X-Forwarded-For is ignored" \
	sh -c "! grep -q '^203\.0\.113' '$T/access.log'"
check "the access log escapes quotes in what it logs" \
	sh -c "grep -qF 'q=a\\x22b' '$T/access.log' && ! grep -qF 'q=a\"b' '$T/access.log'"

# graceful shutdown: slow uploads in flight when SIGTERM comes
head -c 600000 /dev/zero | tr '\0' 'a' >slow.bin
for i in 1 2 3 4; do
	(curl -s -o /dev/null -w '%{http_code}' --limit-rate 200k -H 'Content-Type: application/octet-stream' \
		--data-binary @slow.bin "${URL}healthz" >"slow$i.code" 2>/dev/null) &
done
sleep 1
stop
sleep 0.1
wait 2>/dev/null
all200=1
for i in 1 2 3 4; do
	[ "$(cat "slow$i.code" 2>/dev/null)" = 200 ] || all200=0
done
check "SIGTERM: every request in flight finishes with 200" [ "$all200" = 1 ]
check "SIGTERM: the server exits 0" [ "$stop_rc" = 0 ]
gone=1
for c in $helpers; do kill -0 "$c" 2>/dev/null && gone=0; done
check "SIGTERM: the reader helpers end with the server" [ "$gone" = 1 ]
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${URL}healthz" 2>/dev/null) || true
check "after SIGTERM nothing listens" [ "$code" = 000 ]

# ---- a large library's sitemap ----------------------------------------------------
# Past 50,000 papers /sitemap.xml is an index of /sitemap/N.xml files;
# QUIRE_SITEMAP_MAX (for tests) makes two papers "large".
export QUIRE_SITEMAP_MAX=2
serve idx
unset QUIRE_SITEMAP_MAX
get sitemap.xml
files=$(grep -o '<sitemap><loc>' body | wc -l | tr -d ' ')
check "a large library's sitemap.xml is an index of its files" \
	sh -c "[ $code = 200 ] && grep -q '<sitemapindex' body && [ $files -eq $(((papers + 1) / 2)) ]"
check "the index names the files by the base URL" has "<loc>${URL}sitemap/1.xml</loc>" body
: >idx_urls
fileok=1
k=1
while [ $k -le "$files" ]; do
	get "sitemap/$k.xml"
	[ "$code" = 200 ] || fileok=0
	[ "$(grep -o '<url>' body | wc -l)" -le 2 ] || fileok=0
	grep -o '<loc>[^<]*' body >>idx_urls
	k=$((k + 1))
done
check "each sitemap file is a urlset of at most its share" [ "$fileok" = 1 ]
check "the files together list every paper once" \
	sh -c "[ \$(sort -u idx_urls | wc -l) -eq $papers ] && [ \$(wc -l <idx_urls) -eq $papers ]"
get "sitemap/$((files + 1)).xml"
check "a sitemap file past the last is 404" [ "$code" = 404 ]
get "sitemap/0.xml"
check "sitemap file 0 is 404" [ "$code" = 404 ]
stop

# ---- body limits ---------------------------------------------------------------
serve small --max-upload 1
head -c 3000000 /dev/zero >big.bin
get healthz -H 'Content-Type: application/octet-stream' --data-binary @big.bin
check "a body over the limit is refused with 413 (Content-Length)" [ "$code" = 413 ]
check "security headers on a 413" sec_headers
get healthz -H 'Content-Type: application/octet-stream' -H 'Transfer-Encoding: chunked' --data-binary @big.bin
check "a chunked body over the limit is refused with 413" [ "$code" = 413 ]
head -c 500000 /dev/zero >ok.bin
get healthz -H 'Content-Type: application/octet-stream' --data-binary @ok.bin
check "a body under the limit is taken" [ "$code" = 200 ]
get healthz
check "the server still answers after refusing bodies" [ "$code" = 200 ]
stop

# ---- the path prefix -------------------------------------------------------------
serve prefix --base-url http://example.test/lib --trust-proxy --access-log "$T/proxy.log"
base=$URL
check "serve prints the base URL" [ "$URL" = "http://example.test/lib/" ]
# reach it on the port it listens on
lport=$(sed -n 's/^quire: listening on .* port \([0-9]*\)$/\1/p' prefix.err)
if [ -n "$lport" ]; then
	URL="http://127.0.0.1:$lport/"
	get lib/healthz
	check "prefix: /lib/healthz is 200" [ "$code" = 200 ]
	get healthz
	check "prefix: /healthz (outside the prefix) is 404" [ "$code" = 404 ]
	get lib
	check "prefix: /lib redirects to /lib/" sh -c "[ $code = 301 ] && grep -qi '^location: /lib/' hdr"
	get library/healthz
	check "prefix: /library is not below /lib" [ "$code" = 404 ]
	get lib/sitemap.xml
	check "prefix: sitemap URLs use the base URL" has "<loc>${base}paper/" body
	get lib/nope
	check "prefix: the 404 page links below the prefix" has 'href="/lib/' body
	get lib/healthz -H 'X-Forwarded-For: 10.9.8.7, 203.0.113.7'
	sleep 0.2
	check "--trust-proxy: the client is X-Forwarded-For's last address" \
		grep -q '^203\.0\.113\.7 - - .*"GET /lib/healthz' "$T/proxy.log"
else
	not_ok "prefix: serve reports the port it listens on"
fi
stop

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
