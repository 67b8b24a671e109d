# Makefile: smtpcode (GNU make)
#
#   make                  build ./smtpcode
#   make check            unit and end-to-end tests, warnings as errors
#   make check-sanitize   the same under AddressSanitizer and UBSan
#   make check-valgrind   the end-to-end tests under valgrind
#   make check-corpus     run over ../shared/corpus when it is there
#   make install | uninstall   (PREFIX, DESTDIR)

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
WERROR ?=
BUILD ?= build
BIN ?= smtpcode

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(WERROR) \
	-Isrc -DVERSION='"$(VERSION)"' $(CFLAGS)
LDLIBS = -lcsv

# the order matters: reasons first, then generic (table 0), then the vendors
TABLES = codes/reasons.csv codes/generic-reply.csv codes/generic-enhanced.csv \
	codes/finalsite.csv codes/smaily.csv codes/mailenable.csv

MODULES = names match table recognize classify lines output cli util
HDR = $(wildcard src/*.h)
OBJ = $(MODULES:%=$(BUILD)/%.o) $(BUILD)/tables.o
UNITS = recognize classify match output lines
UNIT_BINS = $(UNITS:%=$(BUILD)/test_%)

all: $(BIN)

$(BIN): $(OBJ) $(BUILD)/main.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(BUILD)/main.o $(LDLIBS)

# objects are rebuilt when the flags change (make check adds -Werror)
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' > $@

$(BUILD)/%.o: src/%.c $(HDR) $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the tables: codes/*.csv -> gentables -> build/tables.c
$(BUILD)/gentables: tools/gentables.c src/names.c src/match.c src/names.h src/match.h $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tools/gentables.c src/names.c src/match.c $(LDLIBS)

$(BUILD)/tables.c: $(BUILD)/gentables $(TABLES)
	$(BUILD)/gentables $@ $(TABLES)

$(BUILD)/tables.o: $(BUILD)/tables.c $(HDR) $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $(BUILD)/tables.c

# unit tests link the modules, never main.o
$(BUILD)/test_%: tests/unit/test_%.c $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(OBJ) $(LDLIBS) -lcmocka

check:
	$(MAKE) WERROR=-Werror $(BIN) $(UNIT_BINS)
	@sh tests/run.sh $(UNIT_BINS) -- ./$(BIN) $(BUILD)/gentables

check-sanitize:
	$(MAKE) BUILD=build/san BIN=build/san/smtpcode \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		check

check-valgrind: $(BIN)
	SMTPCODE_WRAP='valgrind -q --error-exitcode=99 --leak-check=full' sh tests/cli.sh ./$(BIN)

check-corpus: $(BIN)
	@if [ -d ../shared/corpus/logs ]; then sh tests/corpus.sh ./$(BIN) ../shared/corpus/logs; \
	else echo "check-corpus: no ../shared/corpus here; skipped"; fi

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

.PHONY: all check check-sanitize check-valgrind check-corpus install uninstall clean FORCE
.SECONDARY: $(BUILD)/tables.c
