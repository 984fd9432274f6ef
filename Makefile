# trygg — one non-recursive Makefile.
#
#   make            build build/trygg (run `make deps` first on a fresh machine)
#   make demo       install missing dependencies, build, import the bundled example, run it
#   make check      install what the tests need, build, run every test (normal build and
#                   AddressSanitizer + UndefinedBehaviorSanitizer build)
#   make install PREFIX=/usr/local
#   make bench      benchmarks (never part of `make check`)
#   make fuzz       libFuzzer targets (FUZZ_SECONDS per target); make fuzz-smoke: short run
#   make valgrind   memcheck over the end-to-end invocations
#
# Objects go to $(BUILD) (default build/); the sanitizer build uses build/asan.
# Debian 12's libcsv, libxlsxwriter, libreadstat and libhyphen ship no pkg-config file: linked by name.

VERSION    := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
CC         ?= cc
SANITIZE   ?= 0
V          ?= 0
ifeq ($(V),1)
  Q :=
else
  Q := @
endif
PKGS       := gsl sqlite3 inih jansson nettle zlib

WARNINGS   := -Wall -Wextra -Werror -Wpedantic -Wstrict-prototypes -Wold-style-definition \
              -Wvla -Wwrite-strings -Wformat=2 -Wshadow -Wmissing-prototypes
OPT        ?= -O2 -g
CPPFLAGS   += -Isrc/lib -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DTRYGG_VERSION='"$(VERSION)"' -DTRYGG_DATADIR='"$(PREFIX)/share/trygg"'
CFLAGS     += -std=c11 -pthread $(OPT) $(WARNINGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS     += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lreadstat -lxlsxwriter -lutf8proc -lhyphen -lm -pthread
TEST_LDLIBS = $(shell pkg-config --libs cmocka libpng 2>/dev/null)

ifeq ($(SANITIZE),1)
  CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
  LDFLAGS  += -fsanitize=address,undefined
  OPT      := -O1 -g
endif
# libFuzzer build (make fuzz): clang, the library instrumented for coverage.
ifeq ($(SANITIZE),fuzz)
  CFLAGS   += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
              -fno-omit-frame-pointer -DTRYGG_LIBFUZZER
  LDFLAGS  += -fsanitize=fuzzer,address,undefined
  OPT      := -O1 -g
endif

LIB_SRC    := $(sort $(wildcard src/lib/*/*.c))
CLI_SRC    := $(sort $(wildcard src/cli/*.c))
TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
E2E_SRC    := $(sort $(wildcard tests/e2e/test_*.c))
TOOL_SRC   := $(sort $(wildcard examples/gen/*.c))

LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
SUPPORT_OBJ := $(TEST_SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
E2E_BIN    := $(E2E_SRC:tests/e2e/%.c=$(BUILD)/tests/%)
LIBTRYGG   := $(BUILD)/libtrygg.a
TRYGG      := $(BUILD)/trygg
DEPFILES   := $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SUPPORT_OBJ:.o=.d)

.PHONY: all deps deps-test deps-bench deps-crosscheck deps-fuzz test unit e2e check check-layers demo golden \
        example install uninstall bench crosscheck fuzz fuzz-smoke fuzz-programs valgrind fault-soak clean \
        distclean

all: $(TRYGG)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIBTRYGG): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(TRYGG): $(CLI_OBJ) $(LIBTRYGG)
	@[ "$(V)" = 1 ] || echo "  LINK    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBTRYGG) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(SUPPORT_OBJ) $(LIBTRYGG)
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  TEST    $@"
	$(Q)$(CC) $(CPPFLAGS) -Itests/support $(CFLAGS) -MMD -MP -o $@ $< $(SUPPORT_OBJ) $(LIBTRYGG) \
	  $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

$(BUILD)/tests/%: tests/e2e/%.c $(SUPPORT_OBJ) $(LIBTRYGG) $(TRYGG)
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  TEST    $@"
	$(Q)$(CC) $(CPPFLAGS) -Itests/support $(CFLAGS) -MMD -MP -o $@ $< $(SUPPORT_OBJ) $(LIBTRYGG) \
	  $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

# SPSS/Stata test files are written by ReadStat's own writer (tests/e2e/test_statfile.c
# runs it from $(BUILD)/tests/).
STATGEN    := $(BUILD)/tests/make_statfiles
$(STATGEN): tests/data/make_statfiles.c
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  TEST    $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) -lreadstat

# The example-data generator is an ordinary C program on GSL's RNG.
$(BUILD)/gen-example: $(TOOL_SRC) $(LIBTRYGG)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(TOOL_SRC) $(LIBTRYGG) $(LDFLAGS) $(LDLIBS)

-include $(DEPFILES) $(wildcard $(BUILD)/tests/*.d)

# ---------------------------------------------------------------- dependencies
deps:
	@scripts/install-deps.sh runtime
deps-test:
	@scripts/install-deps.sh runtime test
deps-bench:
	@scripts/install-deps.sh runtime bench
deps-crosscheck:
	@scripts/install-deps.sh runtime crosscheck
deps-fuzz:
	@scripts/install-deps.sh runtime fuzz

# ---------------------------------------------------------------- tests
# `test` runs what is built in $(BUILD); `check` is the full gate.
test: $(TRYGG) $(UNIT_BIN) $(E2E_BIN) $(STATGEN)
	@TRYGG_BIN=$(abspath $(TRYGG)) scripts/run-tests.sh $(BUILD)/tests $(UNIT_BIN) $(E2E_BIN)

check: deps-test
	$(MAKE) --no-print-directory check-layers
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 test
	@echo "make check: all suites passed (normal and ASan+UBSan builds)"

# After a deliberate change of results: rewrite tests/golden/*.results.csv from the
# bundled evaluations, then review `git diff tests/golden` before committing it.
golden: $(TRYGG) $(BUILD)/tests/test_golden
	@TRYGG_UPDATE_GOLDEN=1 TRYGG_BIN=$(abspath $(TRYGG)) $(BUILD)/tests/test_golden

# The randomized end-to-end cross-check against R (tests/crosscheck/, docs/crosscheck.md):
# CROSSCHECK_N random held-out cases from CROSSCHECK_SEED, every number of results.csv
# recomputed in R.  Needs R with survey, MASS, sandwich, lmtest, quadprog; not part of `check`.
CROSSCHECK_N ?= 12
CROSSCHECK_SEED ?= 1
crosscheck: deps-crosscheck
	$(MAKE) --no-print-directory $(TRYGG)
	@tests/crosscheck/run.sh $(TRYGG) $(CROSSCHECK_N) $(CROSSCHECK_SEED)

# Dependencies point one way (see README "Layout"); an upward include fails the build.
check-layers:
	@scripts/check-layers.sh

# ---------------------------------------------------------------- demo
demo: deps
	$(MAKE) --no-print-directory $(TRYGG)
	@scripts/demo.sh $(TRYGG)

# Regenerate the committed example data from its seed (not needed for the demo).
example: $(BUILD)/gen-example
	$(BUILD)/gen-example examples/osteraker

# ---------------------------------------------------------------- install
install: $(TRYGG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/trygg/plots
	install -m 0755 $(TRYGG) $(DESTDIR)$(PREFIX)/bin/trygg
	install -m 0644 plots/*.gp $(DESTDIR)$(PREFIX)/share/trygg/plots/ 2>/dev/null || true
	if [ -d man ]; then \
	  for s in 1 5; do install -d $(DESTDIR)$(PREFIX)/share/man/man$$s; \
	    for f in man/*.$$s; do [ -f "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/man/man$$s/; done; \
	  done; fi
	if [ -f completion/trygg.bash ]; then \
	  install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions && \
	  install -m 0644 completion/trygg.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/trygg; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/trygg
	rm -rf $(DESTDIR)$(PREFIX)/share/trygg
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/trygg.1 $(DESTDIR)$(PREFIX)/share/man/man1/trygg-*.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5/trygg-*.5 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/trygg

clean:
	rm -rf build

distclean: clean
	rm -f trygg.db trygg.db-wal trygg.db-shm

# ---------------------------------------------------------------- benchmark programs
BENCH_SRC  := $(sort $(wildcard bench/*.c))
BENCH_BIN  := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: bench/%.c $(LIBTRYGG)
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  BENCH   $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIBTRYGG) $(LDFLAGS) $(LDLIBS)
bench-programs: $(BENCH_BIN)
# Generates bench/data/ if absent, runs every workload beside the peers, writes its
# marked section of bench/RESULTS.md (bench/run.sh; BENCH_RUNS, BENCH_PEERS=0, BENCH_10M=1 ...).
bench: deps-bench
	$(MAKE) --no-print-directory $(TRYGG) $(BUILD)/bench/bench_glm $(BUILD)/bench/bench_bootstrap \
	  $(BUILD)/bench/bench_synth
	@BENCH_SYNTH=$(BUILD)/bench/bench_synth bench/run.sh $(TRYGG) $(BUILD)/bench/bench_glm \
	  $(BUILD)/bench/bench_bootstrap

# ---------------------------------------------------------------- fuzzing
# One libFuzzer target per parser (fuzz/fuzz_NAME.c, seeds in fuzz/corpus/NAME/), built
# with clang into build/fuzz.  `make fuzz` runs each for FUZZ_SECONDS; `make fuzz-smoke`
# replays the seeds and runs each for FUZZ_SMOKE_SECONDS with libFuzzer's -seed fixed
# (FUZZ_SMOKE_SEED: CI repeats the same mutations, so its result can be reproduced).  New inputs and crashes
# go to build/fuzz/work/NAME and build/fuzz/crash/NAME, logs to build/fuzz/log/NAME.log
# (scripts/fuzz.sh).  `make check` replays every corpus file without clang
# (tests/unit/test_fuzz_corpus.c).
FUZZ_NAMES   := $(sort $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c)))
FUZZ_BIN     := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
# The smoke is deterministic: a fixed seed and a fixed number of executions per target
# (about a minute each on 2 cores); FUZZ_SMOKE_SECONDS only caps a slow machine.
FUZZ_SMOKE_SECONDS ?= 300
FUZZ_SMOKE_SEED ?= 1
FUZZ_SMOKE_RUNS ?= bra=15000 codebook=400000 csv=120000 incidents=20000 \
                   interventions=25000 spec=250000 statfile=40000 survey=15000
FUZZ_CC      ?= clang
$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzzutil.c fuzz/fuzz.h fuzz/fuzz_import.h $(LIBTRYGG)
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  FUZZ    $@"
	$(Q)$(CC) $(CPPFLAGS) -Ifuzz $(CFLAGS) -o $@ $< fuzz/fuzzutil.c $(LIBTRYGG) $(LDFLAGS) $(LDLIBS)
fuzz-programs: $(FUZZ_BIN)
fuzz: deps-fuzz
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) SANITIZE=fuzz fuzz-programs
	@scripts/fuzz.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)
fuzz-smoke: deps-fuzz
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) SANITIZE=fuzz fuzz-programs
	@FUZZ_SEED=$(FUZZ_SMOKE_SEED) FUZZ_RUNS="$(FUZZ_SMOKE_RUNS)" scripts/fuzz.sh build/fuzz $(FUZZ_SMOKE_SECONDS) $(FUZZ_NAMES)

# ---------------------------------------------------------------- valgrind
# memcheck over trygg's end-to-end invocations (scripts/valgrind.sh): a representative
# session (the example imported, info, the bundled evaluations run, refused imports)
# and the e2e programs in VALGRIND_E2E with every trygg they start under valgrind.
# Fails on any memcheck error or a "definitely lost" leak.  Not part of `make check`
# (it takes minutes); CI runs it (.ci/run).
VALGRIND_E2E ?= test_import test_hostile test_disclosure
valgrind: deps-test
	$(MAKE) --no-print-directory $(TRYGG) $(VALGRIND_E2E:%=$(BUILD)/tests/%)
	@scripts/valgrind.sh $(TRYGG) $(BUILD)/tests $(VALGRIND_E2E)

# Fault soak: every command (import, remove, info, export, codebook, power, check, run
# with tables, charts, --as-of, init) under libfiu's fault injection on the ASan build,
# each always-failing I/O point and random rounds (scripts/fault-soak.sh says what is
# checked).  Explores new seeds each time (SEED0=N replays); findings with full
# sanitizer stacks go to fault-soak-findings/.  Not part of `make check`: it runs as
# long as it is given (ROUNDS=N, ONLY=REGEX).
fault-soak: deps-test
	$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 build/asan/trygg
	@scripts/fault-soak.sh build/asan/trygg
