# vpd - Veilige Publieke Dienstverlening: aggression protocols as workflows,
# letters and an audit archive.  GNU make; libraries found with pkg-config.
#
#   make          build build/vpd
#   make test     install missing Debian packages, build with -Werror, run
#                 the unit and end-to-end tests, then the unit tests again
#                 under AddressSanitizer + UndefinedBehaviorSanitizer and
#                 valgrind, and every fuzz harness for a short while
#   make fuzz     FUZZ_SECONDS=N: each libFuzzer harness N seconds
#   make demo     install missing packages, build, run a whole Heerlen case
#                 on the embedded archive ./archive
#   make install  PREFIX=/usr/local

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BUILD ?= build
SAN ?=
WERROR ?=

PKGS := libgit2 jansson yaml-0.1 libcmark libpng libjpeg libsodium libmicrohttpd \
	libarchive libqpdf libcurl
# libharu ships no .pc file on Debian.
HPDF_LIBS ?= -lhpdf
# mbedtls (SHA-256 of documents) comes with libgit2 on Debian; no .pc file.
MBEDCRYPTO_LIBS ?= -lmbedcrypto
# Bounded snprintf() that may truncate is deliberate (error messages never
# allocate), so gcc's guesses about truncation are switched off.
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wmissing-prototypes \
	-Wstrict-prototypes -Wwrite-strings -Wno-format-truncation $(WERROR) \
	$(if $(findstring clang,$(CC)),-Wno-unknown-warning-option)
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libgit2 is linked statically, without its network: src/archive/nonet.c
# stands in for SSH and Kerberos, and with them go eight shared libraries
# every command would load (docs/performance.md, "Start-up").
# Without a libgit2.a (not Debian), the shared library, network and all.
GIT2_A = $(shell $(PKG_CONFIG) --variable=libdir libgit2 2>/dev/null)/libgit2.a
NONET = $(BUILD)/src/archive/nonet.o
GIT2_LIBS = $(NONET) $(if $(wildcard $(GIT2_A)),$(GIT2_A) $(filter-out \
	-lgit2 -lssh2,$(shell $(PKG_CONFIG) --static --libs-only-l libgit2 \
	2>/dev/null)),$(shell $(PKG_CONFIG) --libs libgit2 2>/dev/null))
# vpd itself is built without the web server, and so without
# libmicrohttpd, GnuTLS, libarchive (the police's download) and qpdf (the
# court dossier); `vpd serve` and `vpd dossier` hand over to vpd-serve,
# which has them (src/cli/serve_exec.c).
SERVE_PKGS := libmicrohttpd libarchive libqpdf libcurl
CORE_LIBS = $(GIT2_LIBS) \
	$(shell $(PKG_CONFIG) --libs $(filter-out libgit2 $(SERVE_PKGS),\
	$(PKGS)) \
	2>/dev/null) $(HPDF_LIBS) $(MBEDCRYPTO_LIBS) -lm
PKG_LIBS = $(CORE_LIBS) $(shell $(PKG_CONFIG) --libs $(SERVE_PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
SANFLAGS := $(if $(SAN),-fsanitize=$(SAN) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all,)
OPT ?= $(if $(SAN),-O1,-O2)

CFLAGS ?= -g $(OPT)
ALL_CFLAGS = -std=c17 -D_DEFAULT_SOURCE $(WARN) $(SANFLAGS) $(CFLAGS) \
	$(PKG_CFLAGS) -DVPD_DATADIR='"$(PREFIX)/share/vpd"' \
	-DVPD_LIBEXECDIR='"$(PREFIX)/libexec/vpd"' -DVPD_BINDIR='"$(PREFIX)/bin"' \
	-MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

# What only vpd-serve links (libmicrohttpd, libarchive, qpdf, libcurl): the
# web pages, the court dossier with its joining of PDFs, and mail.
SERVE_LIB_SRC := $(wildcard src/web/*.c src/mail/*.c) src/letter/merge.c \
	src/case/dossier.c
LIB_SRC := $(filter-out src/archive/nonet.c $(SERVE_LIB_SRC), \
	$(wildcard src/util/*.c src/record/*.c src/workflow/*.c src/template/*.c \
	src/letter/*.c src/yaml/*.c src/name/*.c \
	src/archive/*.c src/store/*.c src/sign/*.c src/seal/*.c src/case/*.c))
WEB_SRC := $(SERVE_LIB_SRC)
CLI_SRC := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/test_*.c)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
WEB_OBJ := $(WEB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
# the commands vpd hands over to vpd-serve (serve_exec.c)
SERVE_CMDS := $(BUILD)/src/cli/cmd_serve.o $(BUILD)/src/cli/cmd_dossier.o \
	$(BUILD)/src/cli/cmd_mail.o
VPD_OBJ := $(filter-out $(SERVE_CMDS),$(CLI_OBJ))
SERVE_OBJ := $(filter-out $(BUILD)/src/cli/serve_exec.o,$(CLI_OBJ))
TESTS := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps fonts test check unit e2e browser asan valgrind fuzz fuzz-bins demo run bench install clean FORCE
# Keep the test objects: they are intermediate files to make.
.SECONDARY:

all: $(BUILD)/vpd $(BUILD)/vpd-serve fonts

# Letter fonts: DejaVu Sans cut down at build time to the characters of
# WinAnsiEncoding (CP1252), all a letter can print; a subset loads several
# times faster and keeps each PDF small.  Shared by every BUILD.
FONT_SRC ?= /usr/share/fonts/truetype/dejavu
PYTHON ?= /usr/bin/python3
FONTDIR := build/fonts
FONT_NAMES := DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique DejaVuSans-BoldOblique
FONTS := $(FONT_NAMES:%=$(FONTDIR)/%.ttf) $(FONT_NAMES:%=$(FONTDIR)/%-Ext.ttf)
CP1252 := U+20-7E,U+A0-FF,U+152-153,U+160-161,U+178,U+17D-17E,U+192,U+2C6
CP1252 := $(CP1252),U+2DC,U+2013-2014,U+2018-201A,U+201C-201E,U+2020-2022
CP1252 := $(CP1252),U+2026,U+2030,U+2039-203A,U+20AC,U+2122

# The -Ext fonts, for text CP1252 cannot hold (src/letter/pdf.c, in_fonts):
# Latin Extended, spacing and combining marks, Greek, Cyrillic, Vietnamese.
EXT_RANGES := $(CP1252),U+100-24F,U+2C7-2DD,U+300-36F,U+370-3FF,U+400-45F
EXT_RANGES := $(EXT_RANGES),U+490-491,U+1E00-1EFF,U+2116

fonts: $(FONTS)

$(FONTDIR)/%-Ext.ttf: $(FONT_SRC)/%.ttf scripts/font_subset.py
	@mkdir -p $(@D)
	$(PYTHON) scripts/font_subset.py $< $@ '$(EXT_RANGES)' -Ext

$(FONTDIR)/%.ttf: $(FONT_SRC)/%.ttf scripts/font_subset.py
	@mkdir -p $(@D)
	$(PYTHON) scripts/font_subset.py $< $@ '$(CP1252)'

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The installed workflows' directory is compiled in: rebuild what uses it
# when PREFIX changes.
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/src/cli/main.o $(BUILD)/src/cli/cmd_case.o $(BUILD)/src/cli/cmd_letter.o \
	$(BUILD)/src/cli/cmd_serve.o $(BUILD)/src/cli/serve_exec.o: \
	$(BUILD)/prefix.stamp
FORCE:

# (the Makefile too: a file moved between the two libraries must leave
# the other)
$(BUILD)/libvpd.a: $(LIB_OBJ) Makefile
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# The web server (src/web/) is a layer over the core like the command line.
$(BUILD)/libvpdweb.a: $(WEB_OBJ) Makefile
	@rm -f $@
	$(AR) rcs $@ $(WEB_OBJ)

$(BUILD)/vpd: $(VPD_OBJ) $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_LDFLAGS) -o $@ $(VPD_OBJ) $(BUILD)/libvpd.a $(CORE_LIBS)

$(BUILD)/vpd-serve: $(SERVE_OBJ) $(BUILD)/libvpdweb.a $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_LDFLAGS) -o $@ $(SERVE_OBJ) $(BUILD)/libvpdweb.a \
		$(BUILD)/libvpd.a $(PKG_LIBS) -lpthread

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libvpdweb.a $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libvpdweb.a $(BUILD)/libvpd.a \
		$(PKG_LIBS) $(CMOCKA_LIBS) -lpthread

# The unit tests run from the top of the checkout (they read workflows/).
unit: $(TESTS) fonts
	@python3 tests/json_pack_check.py src/*/*.c bench/*.c tests/*.c
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

# The API test's judge: an OpenAPI validator and ajv (tests/api/).
APICHECK := tests/api/node_modules/ajv/package.json
$(APICHECK): tests/api/package-lock.json
	cd tests/api && npm ci --no-audit --no-fund --loglevel=error
	touch $@

e2e: $(BUILD)/vpd $(BUILD)/vpd-serve fonts $(APICHECK)
	@sh tests/e2e.sh $(BUILD)/vpd
	@sh tests/e2e_registers.sh $(BUILD)/vpd
	@sh tests/e2e_trends.sh $(BUILD)/vpd
	@sh tests/e2e_legal.sh $(BUILD)/vpd
	@sh tests/e2e_legal_bosch.sh $(BUILD)/vpd
	@sh tests/e2e_access.sh $(BUILD)/vpd
	@sh tests/e2e_gc.sh $(BUILD)/vpd
	@sh tests/e2e_trust.sh $(BUILD)/vpd
	@sh tests/e2e_privacy.sh $(BUILD)/vpd
	@sh tests/e2e_erase.sh $(BUILD)/vpd
	@sh tests/e2e_web.sh $(BUILD)/vpd
	@sh tests/e2e_mail.sh $(BUILD)/vpd
	@sh tests/e2e_api.sh $(BUILD)/vpd
	@sh tests/e2e_proxy.sh $(BUILD)/vpd

# A whole case in headless Chromium, every page checked with axe-core;
# screenshots in build/screens/.  axe-core comes from npm (pinned by
# tests/browser/package-lock.json).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser: $(BUILD)/vpd $(BUILD)/vpd-serve fonts $(AXE)
	@$(PYTHON) tests/browser/walk.py $(BUILD)/vpd

# The unit tests and the end-to-end tests again, under ASan + UBSan (whose
# leak checker fails a process that leaks).
asan:
	$(MAKE) BUILD=build/san SAN=address,undefined WERROR=-Werror unit e2e browser

valgrind: $(TESTS) fonts
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; \
		valgrind -q --error-exitcode=9 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect $$t >/dev/null; \
	done; echo "valgrind: clean"

# libFuzzer harnesses (tests/fuzz/README.md): the core built again with
# clang, -fsanitize=fuzzer-no-link,address,undefined, in build/fuzz.
# `make fuzz FUZZ_SECONDS=N` first runs every regression input, then
# fuzzes each parser N seconds (two at a time); `make test` does it for
# FUZZ_SHORT seconds each, so that a regression fails CI.
FUZZ_SECONDS ?= 300
FUZZ_SHORT ?= 15
# Harnesses with a finding that is not fixed yet (tests/fuzz/known/): make
# test leaves them out until it is, `make fuzz` runs them.
FUZZ_KNOWN ?=
FUZZ_BUILD := build/fuzz
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libvpd.a \
		$(CORE_LIBS)

# The form harness drives the web's form module through libmicrohttpd.
$(BUILD)/fuzz_form: tests/fuzz/fuzz_form.c tests/fuzz/fuzz.h $(BUILD)/libvpdweb.a \
    $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libvpdweb.a \
		$(BUILD)/libvpd.a $(PKG_LIBS)

fuzz-bins: $(FUZZ_NAMES:%=$(BUILD)/fuzz_%) fonts

fuzz: deps
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang OPT=-O1 \
		SAN=fuzzer-no-link,address,undefined fuzz-bins
	@sh scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

test: deps
	$(MAKE) WERROR=-Werror unit e2e browser
	$(MAKE) asan
	$(MAKE) WERROR=-Werror valgrind
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SHORT) FUZZ_EXCLUDE="$(FUZZ_KNOWN)"

check: test

# Not a test: times letters and events and prints their sizes; then the
# whole command line on archives of 1,000 and 10,000 cases (bench_scale,
# cached in build/bench-archives; docs/performance.md).
$(BUILD)/bench_letter: $(BUILD)/bench/bench_letter.o $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libvpd.a $(CORE_LIBS)

$(BUILD)/bench_lookup: $(BUILD)/bench/bench_lookup.o $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libvpd.a $(CORE_LIBS)

$(BUILD)/bench_scale: $(BUILD)/bench/bench_scale.o $(BUILD)/libvpd.a $(NONET)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libvpd.a $(CORE_LIBS)

bench: deps
	$(MAKE) all $(BUILD)/bench_letter $(BUILD)/bench_lookup $(BUILD)/bench_scale
	@$(BUILD)/bench_lookup
	@sh scripts/bench.sh $(BUILD)/vpd $(BUILD)/bench_letter
	@sh scripts/bench_web.sh $(BUILD)/vpd
	@sh scripts/bench_scale.sh $(BUILD)/vpd $(BUILD)/bench_scale

demo: deps
	$(MAKE) all
	@sh scripts/demo.sh $(BUILD)/vpd

# The web pages on the embedded archive (a demo one is made when there is
# none); PORT=8080 by default.
run:
	@sh scripts/deps.sh run
	$(MAKE) all
	@sh scripts/run.sh $(BUILD)/vpd

install: $(BUILD)/vpd $(BUILD)/vpd-serve fonts
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/vpd/workflows
	install -m 755 $(BUILD)/vpd $(DESTDIR)$(PREFIX)/bin/vpd
	install -d $(DESTDIR)$(PREFIX)/libexec/vpd
	install -m 755 $(BUILD)/vpd-serve $(DESTDIR)$(PREFIX)/libexec/vpd/vpd-serve
	install -m 644 workflows/*.yaml $(DESTDIR)$(PREFIX)/share/vpd/workflows/
	cp -R letters signatures $(DESTDIR)$(PREFIX)/share/vpd/
	install -d $(DESTDIR)$(PREFIX)/share/vpd/fonts
	install -m 644 $(FONTS) $(DESTDIR)$(PREFIX)/share/vpd/fonts/
	install -d $(DESTDIR)$(PREFIX)/share/vpd/web/templates $(DESTDIR)$(PREFIX)/share/vpd/web/static
	install -m 644 src/web/templates/*.html $(DESTDIR)$(PREFIX)/share/vpd/web/templates/
	install -m 644 src/web/static/* $(DESTDIR)$(PREFIX)/share/vpd/web/static/

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(WEB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTS:=.d) \
	$(FUZZ_NAMES:%=$(BUILD)/fuzz_%.d)
