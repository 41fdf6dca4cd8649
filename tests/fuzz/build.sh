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
# Every library layer below the faces (web, cli): the same folders the
# Makefile's libquire.a and libquire_io.a are made of.
LIBDIRS="src/core src/refs src/reuse src/csl src/formats src/store src/search"
INC="-Iinclude"
for d in $LIBDIRS; do INC="$INC -I$d"; done
CFLAGS="-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $INC $PKG_CFLAGS ${FUZZ_CFLAGS:-}"
OUT=build-fuzz
mkdir -p "$OUT/obj"

objs=""
srcs=""
for d in $LIBDIRS; do srcs="$srcs $d/*.c"; done
# shellcheck disable=SC2086
for src in $srcs; do
	[ -f "$src" ] || continue
	obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find $LIBDIRS include -name '*.h' -newer "$obj" 2>/dev/null | head -n 1)" ]; then
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
	$CC $CFLAGS $SAN -fsanitize=fuzzer "$h" $objs -o "$OUT/$name" $PKG_LIBS -lstemmer -lm
	built=$((built + 1))
done
echo "built $built harness(es) in $OUT/"
