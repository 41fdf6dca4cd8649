#!/bin/sh
# tests/fuzz/build.sh — builds every libFuzzer harness tests/fuzz/fuzz_*.c
# into build-fuzz/, with clang and -fsanitize=fuzzer,address,undefined.
#
# The library sources (src/core/*.c, src/formats/*.c) are compiled once
# into build-fuzz/obj/ with fuzzer instrumentation, then linked with each
# harness.  Run a harness over its corpus, e.g.
#   build-fuzz/fuzz_readers -max_total_time=60 tests/fuzz/corpus_readers
# Environment: CC (default clang), FUZZ_CFLAGS (extra flags).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
CC=${CC:-clang}
case "$CC" in *clang*) ;; *) CC=clang ;; esac
PKGS="sqlite3 libutf8proc md4c libsodium libseccomp jansson libzip libxml-2.0 poppler-glib liblbfgs"
PKG_CFLAGS=$(pkg-config --cflags $PKGS)
PKG_LIBS=$(pkg-config --libs $PKGS)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Iinclude -Isrc/core -Isrc/refs -Isrc/formats -Isrc/store -Isrc/search $PKG_CFLAGS ${FUZZ_CFLAGS:-}"
OUT=build-fuzz
mkdir -p "$OUT/obj"

objs=""
for src in src/core/*.c src/refs/*.c src/formats/*.c src/store/*.c src/search/*.c; do
	[ -f "$src" ] || continue
	obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src/core src/refs src/formats src/store src/search include -name '*.h' -newer "$obj" 2>/dev/null | head -n 1)" ]; then
		echo "CC $src"
		# shellcheck disable=SC2086
		$CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
	fi
	objs="$objs $obj"
done

built=0
for h in tests/fuzz/fuzz_*.c; do
	[ -f "$h" ] || continue
	name=$(basename "$h" .c)
	echo "LD $OUT/$name"
	# shellcheck disable=SC2086
	$CC $CFLAGS $SAN -fsanitize=fuzzer "$h" $objs -o "$OUT/$name" $PKG_LIBS -lm
	built=$((built + 1))
done
echo "built $built harness(es) in $OUT/"
