# quire — a plain Makefile (as cgit and Redis have).
#
#   make            build build/quire
#   make run        install missing Debian packages, build, fill a demo library, show a paper
#   make test       build with ASan+UBSan and run every test (unit, CLI, fuzz replay)
#   make fuzz       build the libFuzzer harnesses (clang) and run each for FUZZ_SECONDS
#   make bench      run the benchmarks in bench/ (needs ../shared/data)
#   make train      train the reference model (needs ../shared/data; < 15 min)
#   make train-linkedbooks  a LinkedBooks-only model, for its figure (not shipped)
#   make install    install quire and quire(1) under $(PREFIX)

PREFIX ?= /usr/local
CC ?= cc
PKGS = sqlite3 libutf8proc md4c libsodium libseccomp jansson libzip libxml-2.0 poppler-glib libmicrohttpd liblbfgs
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Not linked but opened at run time where they are used, so that every
# command starts without loading them and their dependencies: poppler-glib
# (the PDF reader's child, src/formats/rd_pdf.c), libzip (the DOCX, ODT and
# EPUB readers' child, src/formats/zipx.c), libmicrohttpd (quire serve,
# src/web/http.c).  Their headers are still needed (PKG_CFLAGS).
DLOPEN_PKGS = poppler-glib libzip libmicrohttpd
PKG_LIBS := $(shell pkg-config --libs $(filter-out $(DLOPEN_PKGS),$(PKGS)) 2>/dev/null)
# Tests that build archives themselves (ziptest.h) call libzip directly:
# linked only into the test programs that use it (--as-needed).
TEST_LIBS := -Wl,--as-needed $(shell pkg-config --libs $(DLOPEN_PKGS) 2>/dev/null) -Wl,--no-as-needed

ifeq ($(SAN),1)
B ?= build-san
OPT = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
B ?= build
OPT = -O2 -g
endif

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS_ALL = -std=c17 -D_GNU_SOURCE $(OPT) $(WARN) -Iinclude -Isrc/core -Isrc/refs -Isrc/reuse -Isrc/csl -Isrc/formats -Isrc/store -Isrc/search -Isrc/web -Isrc/cli $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(OPT) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lstemmer -lm -ldl

CORE_SRC = $(wildcard src/core/*.c) $(wildcard src/refs/*.c) $(wildcard src/reuse/*.c) $(wildcard src/csl/*.c)
IO_SRC = $(wildcard src/formats/*.c) $(wildcard src/store/*.c) $(wildcard src/search/*.c)
WEB_SRC = $(wildcard src/web/*.c)
CLI_SRC = $(wildcard src/cli/*.c)
UNIT_SRC = $(wildcard tests/unit/test_*.c)

CORE_OBJ = $(CORE_SRC:%.c=$(B)/%.o)
IO_OBJ = $(IO_SRC:%.c=$(B)/%.o)
WEB_OBJ = $(WEB_SRC:%.c=$(B)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(B)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all run test unit clitest fuzz fuzz-smoke bench install clean deps lint train train-linkedbooks
all: $(B)/quire

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(B)/libquire.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libquire_io.a: $(IO_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libquire_web.a: $(WEB_OBJ)
	@rm -f $@
	ar rcs $@ $^

LIBS_ALL = $(B)/libquire_web.a $(B)/libquire_io.a $(B)/libquire.a

$(B)/quire: $(CLI_OBJ) $(LIBS_ALL)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIBS_ALL) $(LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/ziptest.h tests/unit/libtest.h $(LIBS_ALL)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit $< -o $@ $(LIBS_ALL) $(LIBS) $(TEST_LIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)

# Programs in tools/ (training, evaluation): one .c each, linked like quire.
$(B)/tools/%: tools/%.c $(LIBS_ALL)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itools $< -o $@ $(LIBS_ALL) $(LIBS)

# The reference model is compiled into quire (.incbin in model_data.c).
$(B)/src/refs/model_data.o: refs/model/quire-refs.crf
$(B)/tools/refs_train $(B)/tools/refs_eval: tools/refs_data.c tools/refs_data.h

# Trains the reference model from ../shared/data/references (docs/REFERENCES.md):
# the BSD and CC BY sets only, all of their shared references (quire's own
# held-out halves included, as the README's baseline was trained; the recipe's
# figures come from the same command without --all, scored with
# refs_eval --test), keyword words harmonised to one convention; then `make`
# embeds it.  train-linkedbooks makes the LinkedBooks-only model the issue's
# LinkedBooks figure is measured with, on runs of three neighbouring lines
# (--chain 3: its sequences are footnotes' printed lines; not shipped:
# build/, then `build/tools/refs_eval -m build/quire-refs-linkedbooks.crf
# --context 1 --test FILES`).
REFS_DATA ?= ../shared/data/references
train: $(B)/tools/refs_train
	$(B)/tools/refs_train -o refs/model/quire-refs.crf --all --harmonise --iter 80 --l1 0.5 --l2 0.001 \
	  $(REFS_DATA)/anystyle-parser/core.xml $(REFS_DATA)/anystyle-parser/gold.xml \
	  $(REFS_DATA)/anystyle-parser/good.xml $(REFS_DATA)/anystyle-parser/ugly.xml \
	  $(REFS_DATA)/grobid-citation/*.xml

train-linkedbooks: $(B)/tools/refs_train
	$(B)/tools/refs_train -o $(B)/quire-refs-linkedbooks.crf --chain 3 --iter 80 --l1 0.5 --l2 0.001 \
	  $(REFS_DATA)/linkedbooks/train.conll $(REFS_DATA)/linkedbooks/valid.conll

$(B)/bench_analyze: bench/bench_analyze.c $(LIBS_ALL)
	$(CC) $(CFLAGS_ALL) $< -o $@ $(LIBS_ALL) $(LIBS)

deps:
	@sh tools/deps.sh

run: deps all
	@sh tools/demo.sh $(B)/quire

# The test command of the README and of CI: everything under ASan + UBSan.
test: deps
	@$(MAKE) --no-print-directory SAN=1 all unit
	@sh tests/run.sh build-san

# Builds every libFuzzer harness and runs each for FUZZ_SECONDS (default 60)
# over a copy of its committed corpus; crashes are left in build-fuzz/.
FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/build.sh
	@for f in build-fuzz/fuzz_*; do \
		[ -x "$$f" ] || continue; \
		n=$$(basename $$f); c=tests/fuzz/corpus_$${n#fuzz_}; w=build-fuzz/work-$$n; \
		mkdir -p $$w; [ -d $$c ] && cp -r $$c/. $$w/; \
		echo "== $$n for $(FUZZ_SECONDS) s"; \
		(cd build-fuzz && ./$$n -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 work-$$n 2>&1 | tail -n 2) || exit 1; \
	done

bench: all $(B)/bench_analyze
	@sh bench/run.sh $(B)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/quire $(DESTDIR)$(PREFIX)/bin/quire
	install -m 644 docs/quire.1 $(DESTDIR)$(PREFIX)/share/man/man1/quire.1

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --inline-suppr -Iinclude -Isrc/core -Isrc/refs -Isrc/reuse -Isrc/csl -Isrc/formats -Isrc/store -Isrc/search -Isrc/web -Isrc/cli src

clean:
	rm -rf build build-san build-fuzz

-include $(CORE_OBJ:.o=.d) $(IO_OBJ:.o=.d) $(WEB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
