#!/bin/sh
# bench/web.sh [QUIRE] — the web face's speed, in one run on this machine:
#
#   1. the paper page from `quire serve` (page cache on: anonymous views)
#      against nginx serving a saved copy of the same page;
#   2. a search (cached, as repeated by wrk);
#   3. the uncached render rate: the same paper page and search from a
#      `quire serve --no-cache`;
#   4. with BIG=N (e.g. BIG=100000): server memory (VmRSS, VmHWM from
#      /proc) on a library of N generated papers (tools/make_big_library)
#      after a few pages and a search, and the time of those requests.
#
# wrk: 2 threads, 64 connections, DUR seconds each (default 15), --latency
# for the p99.  The target (issue 3): quire >= 50% of nginx's requests/s
# on the paper page, p99 < 20 ms.  The library is the shared essays when
# ../shared/data/essays is there (public), else tests/fixtures.  Needs wrk
# and nginx (apt-get install -y wrk nginx); nginx runs as a plain process
# on a loopback port with a config in a temporary directory.  Prints one
# "name: value" line per figure.  Everything started is stopped at exit.
set -eu

Q=${1:-build/quire}
case $Q in /*) ;; *) Q=$(pwd)/$Q ;; esac
DUR=${DUR:-15}
BIG=${BIG:-0}
here=$(cd "$(dirname "$0")/.." && pwd)
for t in wrk nginx curl; do
	command -v $t >/dev/null 2>&1 || { echo "bench/web: $t not found (apt-get install -y wrk nginx curl)" >&2; exit 1; }
done

T=$(mktemp -d /tmp/quire-bench-web.XXXXXX)
chmod 755 "$T"
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# serve LIB PORT [ARGS] — starts quire serve, waits for /healthz
serve() {
	lib=$1 port=$2
	shift 2
	"$Q" --library "$lib" serve --port "$port" "$@" >"$T/serve-$port.log" 2>&1 &
	SPID=$!
	PIDS="$PIDS $SPID"
	i=0
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "bench/web: the server did not start" >&2; cat "$T/serve-$port.log" >&2; exit 1; }
		sleep 0.1
	done
}

stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# bench NAME URL — wrk, then "NAME: R req/s, p50 X, p99 Y"
bench() {
	out=$(wrk -t2 -c64 -d"${DUR}s" --latency "$2" 2>&1)
	rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
	p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')
	echo "$1: $rps req/s, p50 $p50, p99 $p99 ${errs:+($errs)}"
	eval "RPS_$3=\${rps%.*}"
}

# ---- the demo library ----------------------------------------------------
LIB=$T/lib.quire
"$Q" --library "$LIB" init >/dev/null
ESSAYS=$here/../shared/data/essays/se-essays/texts
if [ -d "$ESSAYS" ]; then
	src="the shared essays"
	"$Q" --library "$LIB" add --visibility public --tag essay "$ESSAYS"/*.txt >/dev/null 2>&1 || true
else
	src="tests/fixtures"
	"$Q" --library "$LIB" add --visibility public --tag demo "$here"/tests/fixtures/*.txt "$here"/tests/fixtures/*.md >/dev/null 2>&1 || true
fi
n=$("$Q" --library "$LIB" list | tail -n +2 | wc -l)
ID=$("$Q" --library "$LIB" list | awk 'NR == 2 {print $1}')
echo "library: $n papers from $src"
echo "machine: $(nproc) cores, wrk -t2 -c64 -d${DUR}s"

# ---- quire (page cache) against nginx -------------------------------------
P=$(freeport)
serve "$LIB" "$P"
QPID=$SPID
PAGE=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$P/paper/$ID")
PAGE=${PAGE#http://127.0.0.1:$P}
curl -sf "http://127.0.0.1:$P$PAGE" >"$T/page.html"
echo "paper page: $PAGE ($(wc -c <"$T/page.html") bytes)"

NP=$(freeport)
mkdir -p "$T/www"
cp "$T/page.html" "$T/www/page.html"
chmod -R a+rX "$T/www"
cat >"$T/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $T/nb;
	proxy_temp_path $T/np;
	fastcgi_temp_path $T/nf;
	uwsgi_temp_path $T/nu;
	scgi_temp_path $T/ns;
	server {
		listen 127.0.0.1:$NP;
		root $T/www;
		location / { default_type text/html; }
	}
}
EOF
nginx -c "$T/nginx.conf" -p "$T" &
NPID=$!
PIDS="$PIDS $NPID"
i=0
until curl -sf "http://127.0.0.1:$NP/page.html" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -gt 50 ] && { echo "bench/web: nginx did not start" >&2; cat "$T/nginx-error.log" >&2; exit 1; }
	sleep 0.1
done

bench "nginx, saved paper page" "http://127.0.0.1:$NP/page.html" nginx
stop "$NPID"
bench "quire, paper page (anonymous, cached)" "http://127.0.0.1:$P$PAGE" quire
WORD=${WORD:-orthodoxy}
[ -d "$ESSAYS" ] || WORD=the
bench "quire, search q=$WORD (anonymous, cached)" "http://127.0.0.1:$P/search?q=$WORD" search
echo "paper page vs nginx: $((RPS_quire * 100 / (RPS_nginx ? RPS_nginx : 1)))% of nginx's requests/s"
stop "$QPID"

# ---- uncached renders --------------------------------------------------------
P2=$(freeport)
serve "$LIB" "$P2" --no-cache
bench "quire --no-cache, paper page (render every time)" "http://127.0.0.1:$P2$PAGE" render
bench "quire --no-cache, search q=$WORD" "http://127.0.0.1:$P2/search?q=$WORD" rsearch
bench "quire --no-cache, home page" "http://127.0.0.1:$P2/" rhome
stop "$SPID"

# ---- memory with a big library --------------------------------------------------
if [ "$BIG" -gt 0 ]; then
	MBL=${MBL:-$(dirname "$Q")/tools/make_big_library}
	[ -x "$MBL" ] || { echo "bench/web: $MBL not found (make build/tools/make_big_library)" >&2; exit 1; }
	BL=${BIG_LIBRARY:-$T/big.quire}
	if [ ! -f "$BL" ]; then
		t0=$(date +%s)
		"$MBL" "$BL" "$BIG" 2>/dev/null
		echo "big library: $BIG papers made in $(($(date +%s) - t0)) s, $(du -m "$BL" | cut -f1) MB"
	fi
	P3=$(freeport)
	serve "$BL" "$P3"
	echo "big library, at start: $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
	BID=$("$Q" --library "$BL" list --sort added 2>/dev/null | awk 'NR == 2 {print $1}' || true)
	[ -n "$BID" ] || BID=$("$Q" --library "$BL" list | awk 'NR == 2 {print $1}')
	for u in / "/paper/$BID" "/search?q=kalomer" "/search?q=kalomer+shatorne" "/tag/none" "/sitemap.xml" "/feed.xml"; do
		curl -s -L -o /dev/null -w "big library, GET $u: %{http_code} in %{time_total} s\n" "http://127.0.0.1:$P3$u"
	done
	echo "big library, after requests: $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
	stop "$SPID"
fi
