# Makefile: smtpcode (GNU make)
#
#   make                  build ./smtpcode
#   make check            unit and end-to-end tests, warnings as errors (in build/check)
#   make check-sanitize   the same under AddressSanitizer and UBSan (in build/san)
#   make check-valgrind   the end-to-end tests under valgrind
#   make check-corpus     run over ../shared/corpus when it is there
#   make check-replies    agreement with sisimai on ../shared/corpus/replies
#   make check-bounces    agreement with sisimai on ../shared/corpus/bounces (V=1: what differs)
#   make update-cases     rewrite the expected outputs of tests/cases from ./smtpcode
#   make install | uninstall   (PREFIX, DESTDIR)
#
# CC, CPPFLAGS, CFLAGS and LDFLAGS are honoured; the table generator runs on the build
# machine and is built with HOSTCC (default: CC) and HOST_CFLAGS (default: CFLAGS).

VERSION = 0.2.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
HOSTCC ?= $(CC)
HOST_CFLAGS ?= $(CFLAGS)
HOST_LDFLAGS ?= $(LDFLAGS)
WERROR ?=
BUILD ?= build
BIN ?= smtpcode

STD_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(WERROR)
ALL_CFLAGS = $(STD_FLAGS) -Isrc -DVERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS)
HOST_ALL_CFLAGS = $(STD_FLAGS) -Isrc $(CPPFLAGS) $(HOST_CFLAGS)
LDLIBS = -lcsv -pthread

# the tables: codes/tables.csv names every file and its table's role
MANIFEST = codes/tables.csv
TABLES = $(wildcard codes/*.csv)

MODULES = ahead names match table template wrapper phrase provider recognize reply classify lines logline logmta logcols html mail output summary cli util
HDR = $(wildcard src/*.h)
OBJ = $(MODULES:%=$(BUILD)/%.o) $(BUILD)/tables.o
UNITS = ahead recognize reply classify match output lines template wrapper phrase provider logline html mail summary
UNIT_BINS = $(UNITS:%=$(BUILD)/test_%)
# the fuzz targets (tests/fuzz/): each runs on its seeds and found inputs in the test
# suite, through a driver of our own, and under libFuzzer with make fuzz
FUZZ_TARGETS = reply lines logline mail gen
FUZZ_RUNS = $(FUZZ_TARGETS:%=$(BUILD)/fuzzrun_%)
FUZZ_SRC = tests/fuzz/check.c tests/fuzz/check.h
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang

GEN_SRC = $(wildcard tools/*.c) src/names.c src/match.c src/template.c
GEN_HDR = $(wildcard tools/*.h) $(HDR)

all: $(BIN)

$(BIN): $(OBJ) $(BUILD)/main.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(BUILD)/main.o $(LDLIBS)

# objects are rebuilt when the flags change
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) | $(HOSTCC) $(HOST_ALL_CFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) | $(HOSTCC) $(HOST_ALL_CFLAGS)' > $@

$(BUILD)/%.o: src/%.c $(HDR) $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# codes/*.csv -> gentables (built for the build machine) -> build/tables.c
$(BUILD)/gentables: $(GEN_SRC) $(GEN_HDR) $(BUILD)/flags
	$(HOSTCC) $(HOST_ALL_CFLAGS) $(HOST_LDFLAGS) -o $@ $(GEN_SRC) $(LDLIBS)

$(BUILD)/tables.c: $(BUILD)/gentables $(TABLES)
	$(BUILD)/gentables -o $@ $(MANIFEST)

$(BUILD)/tables.o: $(BUILD)/tables.c $(HDR) $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $(BUILD)/tables.c

# unit tests link the modules, never main.o
$(BUILD)/test_%: tests/unit/test_%.c $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(OBJ) $(LDLIBS) -lcmocka

$(BUILD)/fuzzrun_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(FUZZ_SRC) $(OBJ)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -DSEEDS='"tests/fuzz/seeds/$*"' \
		-DFOUND='"tests/fuzz/found/$*"' $(LDFLAGS) -o $@ $< tests/fuzz/driver.c \
		tests/fuzz/check.c $(OBJ) $(LDLIBS) -lpthread

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) $(OBJ)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -DFUZZ_CAP=16 $(LDFLAGS) -o $@ $< \
		tests/fuzz/check.c $(OBJ) $(LDLIBS) -lpthread

# the generator's target links the generator, its main renamed, and not smtpcode
GEN_LIB = $(filter-out tools/gentables.c,$(GEN_SRC))
GEN_FUZZ = -DCODES='"$(CURDIR)/codes"' $(BUILD)/gen_fuzz.o $(GEN_LIB)

$(BUILD)/gen_fuzz.o: tools/gentables.c $(GEN_HDR) $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -Dmain=gentables_main -c -o $@ tools/gentables.c

$(BUILD)/fuzzrun_gen: tests/fuzz/fuzz_gen.c tests/fuzz/driver.c $(BUILD)/gen_fuzz.o $(GEN_LIB) $(GEN_HDR)
	$(CC) $(ALL_CFLAGS) -DSEEDS='"tests/fuzz/seeds/gen"' -DFOUND='"tests/fuzz/found/gen"' \
		$(LDFLAGS) -o $@ $< tests/fuzz/driver.c $(GEN_FUZZ) $(LDLIBS)

$(BUILD)/fuzz_gen: tests/fuzz/fuzz_gen.c $(BUILD)/gen_fuzz.o $(GEN_LIB) $(GEN_HDR)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(GEN_FUZZ) $(LDLIBS)

# make check builds in a directory of its own, so that a later make does not rebuild
check:
	@$(MAKE) --no-print-directory BUILD=build/check BIN=build/check/smtpcode \
		WERROR=-Werror test-here

check-sanitize:
	@$(MAKE) --no-print-directory BUILD=build/san BIN=build/san/smtpcode WERROR=-Werror \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		test-here
	@$(MAKE) --no-print-directory check-sanitize-clang

test-here: $(BIN) $(UNIT_BINS) $(FUZZ_RUNS) $(BUILD)/gentables
	@sh tests/run.sh $(UNIT_BINS) $(FUZZ_RUNS) -- ./$(BIN) $(BUILD)/gentables

# the sanitizer build with clang too, when there is one
check-sanitize-clang:
	@if command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	$(MAKE) --no-print-directory BUILD=build/san-clang BIN=build/san-clang/smtpcode \
		CC=$(FUZZ_CC) WERROR=-Werror \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		test-here; else echo "check-sanitize-clang: no $(FUZZ_CC); skipped"; fi

# each fuzz target under libFuzzer (clang) for FUZZ_SECONDS; an input that fails is
# left as build/fuzz/crash-TARGET-*: copy it to tests/fuzz/found/TARGET/ once fixed
fuzz:
	@if command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	$(MAKE) --no-print-directory BUILD=build/fuzz BIN=build/fuzz/smtpcode CC=$(FUZZ_CC) \
		CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' \
		HOSTCC=cc HOST_CFLAGS='-O2 -g' fuzz-here; \
	else echo "fuzz: no $(FUZZ_CC) (apt-get install clang); skipped"; fi

fuzz-here: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(BUILD)/corpus-$$t && \
		./$(BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/smtp.dict \
			-max_len=4096 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/crash-$$t- $(BUILD)/corpus-$$t tests/fuzz/seeds/$$t \
			2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit|crash-' ; \
		status=$$?; \
		if ls $(BUILD)/crash-$$t-* >/dev/null 2>&1; then echo "fuzz $$t: failed"; exit 1; fi; \
		echo "fuzz $$t: no failure in $(FUZZ_SECONDS) s"; \
	done

check-valgrind: $(BIN)
	SMTPCODE_WRAP='valgrind -q --error-exitcode=99 --leak-check=full --suppressions=tests/valgrind.supp' sh tests/cli.sh ./$(BIN)
	SMTPCODE_WRAP='valgrind -q --error-exitcode=99 --leak-check=full --suppressions=tests/valgrind.supp' sh tests/cases.sh ./$(BIN)

check-corpus: $(BIN)
	@if [ -d ../shared/corpus/logs ]; then sh tests/corpus.sh ./$(BIN) ../shared/corpus/logs && \
		SMTPCODE=./$(BIN) sh tests/lost.sh ../shared/corpus/logs/* ../shared/corpus/bounces/*.eml; \
	else echo "check-corpus: no ../shared/corpus here; skipped"; fi

check-replies: $(BIN)
	@if [ -f ../shared/corpus/replies/sisimai-dev.tsv ]; then \
		sh tests/replies.sh ./$(BIN) ../shared/corpus/replies/sisimai-dev.tsv; \
	else echo "check-replies: no ../shared/corpus here; skipped"; fi

check-bounces: $(BIN)
	@if [ -f ../shared/corpus/bounces/expected.tsv ]; then \
		sh tests/bounces.sh ./$(BIN) ../shared/corpus/bounces $(V:1=-v); \
	else echo "check-bounces: no ../shared/corpus here; skipped"; fi

update-cases: $(BIN)
	UPDATE=1 sh tests/cases.sh ./$(BIN)

install: $(BIN)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	cp $(BIN) $(DESTDIR)$(BINDIR)/smtpcode
	chmod 755 $(DESTDIR)$(BINDIR)/smtpcode
	cp man/smtpcode.1 $(DESTDIR)$(MANDIR)/man1/smtpcode.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/smtpcode.1
	cp completions/smtpcode.bash $(DESTDIR)$(BASHCOMPDIR)/smtpcode
	cp completions/_smtpcode $(DESTDIR)$(ZSHCOMPDIR)/_smtpcode
	cp completions/smtpcode.fish $(DESTDIR)$(FISHCOMPDIR)/smtpcode.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smtpcode $(DESTDIR)$(MANDIR)/man1/smtpcode.1 \
		$(DESTDIR)$(BASHCOMPDIR)/smtpcode $(DESTDIR)$(ZSHCOMPDIR)/_smtpcode \
		$(DESTDIR)$(FISHCOMPDIR)/smtpcode.fish

clean:
	rm -rf build smtpcode

FORCE:

.PHONY: all check check-sanitize check-sanitize-clang fuzz fuzz-here test-here check-bounces \
	check-valgrind check-corpus check-replies \
	update-cases \
	install uninstall clean FORCE
.SECONDARY: $(BUILD)/tables.c
