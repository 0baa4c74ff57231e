# onestop — build, run, test, bench.
#   make            build ./onestop
#   make run        build and serve the demo on http://127.0.0.1:8080 (SQLite in ./var/;
#                   DB=postgresql://… for PostgreSQL), with six weeks of 12345 requests
#   make test       every suite; ends with "N passed, N failed"
#   make bench      side-by-side throughput table
#   make SANITIZE=address,undefined test   the same under sanitizers
SHELL := /bin/bash
CC ?= gcc
PKGS := libmicrohttpd jansson sqlite3 libpq libsodium opencc libcrypto zlib libcurl cairo-pdf cairo-ft fontconfig libqrencode
TEST_PKGS := cmocka

comma := ,
SANITIZE ?=
ifeq ($(SANITIZE),)
  BUILD := build/default
  SANFLAGS :=
  # jemalloc (Debian's libjemalloc) for malloc: a durable submission spent about a tenth of its
  # processor time in glibc's malloc and free under 32 threads; with jemalloc about 17 % less
  # per submission (bench/README.md). The sanitizer builds keep their own allocator.
  ALLOC_PKGS := jemalloc
else
  BUILD := build/san-$(subst $(comma),-,$(SANITIZE))
  SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  ALLOC_PKGS :=
endif

# deps.sh runs when a library is missing (a fresh machine).
DEPS_OK := $(shell pkg-config --exists $(PKGS) $(TEST_PKGS) jemalloc libbrotlienc && command -v wrk >/dev/null && \
             [ -d /usr/lib/python3/dist-packages/xdist ] && [ -d /usr/lib/python3/dist-packages/psycopg2 ] && \
             [ -f /usr/lib/python3/dist-packages/brotli.py ] && \
             [ -x /usr/lib/postgresql/15/bin/initdb ] && echo yes)
ifneq ($(DEPS_OK),yes)
  $(info deps: installing missing packages with scripts/deps.sh)
  $(shell bash scripts/deps.sh >&2)
endif

CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers -Isrc -I$(BUILD)/gen $(SANFLAGS) \
          $(shell pkg-config --cflags $(PKGS))
LDLIBS += $(shell pkg-config --libs $(PKGS) $(ALLOC_PKGS)) -lpthread -lm
LDFLAGS += $(SANFLAGS)

SRC := $(shell find src -name '*.c' | sort)
HDR := $(shell find src -name '*.h')
LIB_SRC := $(filter-out src/main.c,$(SRC))
OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
SQL := $(sort $(wildcard src/store/sql/*.sql))
DATA := $(sort $(shell find data -type f -name '*.json'))
WEB := $(sort $(shell find web -type f ! -name '*.md' 2>/dev/null))
GEN := $(BUILD)/gen/embedded_sql.c $(BUILD)/gen/embedded_data.c $(BUILD)/gen/embedded_web.c
GEN_OBJ := $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen/%.o,$(GEN))
# Unit tests mirror src/: tests/unit/domain/cases/case_clock.c tests src/domain/cases/case_clock.c.
UNIT_SRC := $(sort $(shell find tests/unit -name '*.c'))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all run test test-bin test-san-bin unit api browser bench clean deps fuzz fuzz-bin asan docs
all: onestop

deps:
	bash scripts/deps.sh

onestop: $(BUILD)/onestop
	@if [ "$(BUILD)" = build/default ]; then cp $< $@.tmp && mv -f $@.tmp $@; fi

$(BUILD)/onestop: $(BUILD)/obj/main.o $(BUILD)/libonestop.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The test build: the same program with the adjustable clock, the test
# routes (src/api/testing.c) and a SQLite VFS that fails writes on demand
# (src/store/sqlite/faultvfs.c, ONESTOP_TEST_IO_FAULT) compiled in, and the
# statistics counters can be skipped for the bench (src/domain/stats/stats_switch.c,
# ONESTOP_TEST_NO_COUNTERS) and the SQL a request runs traced to a file
# (src/store/sqlite/sqltrace.c, ONESTOP_TEST_SQL_TRACE).
# Production ./onestop has none of them.
TEST_VARIANT_SRC := src/base/clock.c src/http/routes.c src/store/sqlite/faultvfs.c \
	src/store/sqlite/sqltrace.c src/domain/stats/stats_switch.c
$(BUILD)/onestop-test: $(BUILD)/obj/main.o $(patsubst src/%.c,$(BUILD)/obj-test/%.o,$(TEST_VARIANT_SRC)) $(BUILD)/libonestop.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj-test/%.o: src/%.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DONESTOP_TEST_CLOCK -c -o $@ $<

$(BUILD)/libonestop.a: $(OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: src/%.c $(HDR) | $(BUILD)/gen/embedded_sql.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 $(shell pkg-config --cflags zlib libbrotlienc libcrypto) -o $@ $< \
		$(shell pkg-config --libs zlib libbrotlienc libcrypto)

$(BUILD)/gen/embedded_sql.c: $(SQL) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ embedded_sql src/store/sql/ $(SQL)
$(BUILD)/gen/embedded_data.c: $(DATA) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ embedded_data data/ $(DATA)
$(BUILD)/gen/embedded_web.c: $(WEB) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed -z $@ embedded_web web/ $(WEB)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libonestop.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests $(shell pkg-config --cflags cmocka) $(LDFLAGS) -o $@ $< $(BUILD)/libonestop.a $(LDLIBS) $(shell pkg-config --libs cmocka)

unit-bin: $(UNIT_BIN)

# Fuzz harnesses (tests/fuzz/fuzz_*.c, STYLE.md item 14). In `make test` each
# is linked with tests/fuzz/replay.c into a program that runs its corpus
# (tests/fuzz/corpus/<name>/) as a plain test, with $(CC) and under SANITIZE
# like everything else. `make fuzz` builds them with clang's libFuzzer in
# build/fuzz-clang/ and runs each for FUZZ_SECONDS, or for FUZZ_RUNS executions
# when given (scripts/fuzz.sh).
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 30
FUZZ_RUNS ?=

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libonestop.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libonestop.a $(LDLIBS)

fuzz-bin: $(FUZZ_BIN)

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) bash scripts/fuzz.sh

# make run DB=postgresql://user:password@host/db runs on a given database instead.
# --demo-history: six weeks of 12345 requests before the first start, so that the
# pages, the 三率 and the hotspots show something (the test suites use --demo alone).
DB ?= sqlite:var/onestop.db
run: onestop
	@mkdir -p var
	./onestop serve --listen 127.0.0.1:8080 --db '$(DB)' --demo --demo-history

# The suites; tests/run.sh prints the closing "N passed, N failed" after the
# wall time of the whole `make test`. What they need is built first, in
# parallel, the ASan+UBSan unit and fuzz programs beside the plain build,
# with -j$(TEST_JOBS) (one job a core) unless make was given a -j: CI runs a
# plain `make test`.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test:
	@t0=$$(date +%s); \
	$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(TEST_JOBS)) test-bin && \
	bash scripts/deps.sh >/dev/null && \
	TEST_T0=$$t0 BUILD=$(BUILD) bash tests/run.sh

test-bin: onestop $(BUILD)/onestop-test $(UNIT_BIN) $(FUZZ_BIN) test-san-bin
test-san-bin:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined unit-bin fuzz-bin >/dev/null

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do (cd . && $$t) || exit 1; done

bench: onestop $(BUILD)/onestop-test
	bash bench/run.sh

# Mutation check of the rules (tests/mutate/README.md); slow, so not part of
# `make test`. Run it before resolving an issue that touches a rule.
#   make mutate                every mutant in tests/mutate/mutants.txt
#   make mutate MUTANT=id,id   only these
#   make mutate MUTATE_FULL=1  every unit program and the whole API suite per mutant
.PHONY: mutate
mutate: onestop $(BUILD)/onestop-test $(UNIT_BIN)
	@BUILD=$(BUILD) bash scripts/mutate.sh

# Regenerates docs/workflow.md from the code; test_docs.py checks both docs.
docs: onestop
	./onestop workflow > docs/workflow.md
	/usr/bin/python3 -m pytest -q tests/api/test_docs.py

clean:
	rm -rf build onestop
