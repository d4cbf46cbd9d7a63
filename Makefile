# SPDX-License-Identifier: MIT
# yitihua — build, run, test, bench. A newcomer types `make run` or `make test`; each first
# checks its Debian packages (tools/deps.sh) and installs what is missing when run as root.

CC ?= gcc
BUILD ?= build
PKGS := libmicrohttpd jansson sqlite3 libpq libsodium xlsxwriter libzip libxml-2.0
# libpq (PostgreSQL URLs only), libxml2 (reading .xlsx uploads only) and libmicrohttpd (the
# server only) are loaded at run time when first needed (src/sys/lazylib.c): only their
# headers are needed to build, and every other command starts without them.
LINK_PKGS := jansson sqlite3 libsodium xlsxwriter libzip
# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer (see test-asan).
SAN ?=
ifeq ($(SAN),1)
OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
else
OPT := -O2
endif

# Recursive (=) so that pkg-config runs after the package check has installed things.
# Entity declarations are tables of short positional initialisers: fields left out are zero.
CFLAGS = -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-missing-field-initializers -g $(OPT) -Isrc -I$(BUILD)/gen \
	$(shell pkg-config --cflags $(PKGS))
LDLIBS = $(shell pkg-config --libs $(LINK_PKGS)) -lpthread -lm
# The API test harness talks to PostgreSQL itself (srv_sql).
TEST_LDLIBS = $(LDLIBS) $(shell pkg-config --libs cmocka libpq) -ldl

SRCS := $(shell find src -name '*.c' ! -path src/main.c | sort)
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/migrations.o
MIGRATIONS := $(sort $(wildcard migrations/[0-9][0-9][0-9][0-9]_*.sql))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/test_*.c))
API_TESTS := $(patsubst tests/api/%.c,$(BUILD)/tests/api/%,$(wildcard tests/api/test_*.c))
API_HARNESS := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out tests/api/test_%.c,$(wildcard tests/api/*.c)))

.PHONY: all run test test-unit test-api test-api-pg test-e2e test-asan bench web-deps clean deps

all: $(BUILD)/yitihua

$(BUILD)/.deps-build:
	@tools/deps.sh build
	@mkdir -p $(@D) && touch $@
$(BUILD)/.deps-test:
	@tools/deps.sh test
	@mkdir -p $(@D) && touch $@
deps: $(BUILD)/.deps-build

$(BUILD)/gen/migrations.c: $(MIGRATIONS) tools/embed-migrations.awk
	@mkdir -p $(@D)
	awk -f tools/embed-migrations.awk $(MIGRATIONS) > $@

$(BUILD)/obj/gen/migrations.o: $(BUILD)/gen/migrations.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# Objects are linked directly (no archive) so that every definition is taken.
$(BUILD)/yitihua: $(BUILD)/obj/src/main.o $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The limit of the receipts benchmark (bench/receipts): yitihua's own fin_receipt_issue
# called by a bare program, so it links the project's objects.
$(BUILD)/bench/receipts_bare: $(BUILD)/obj/bench/receipts_bare.o $(OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(OBJS) | $(BUILD)/.deps-test
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(TEST_LDLIBS)

$(BUILD)/tests/api/%: $(BUILD)/obj/tests/api/%.o $(API_HARNESS) $(OBJS) | $(BUILD)/.deps-test
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(TEST_LDLIBS)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
web-deps: node_modules/.package-lock.json

# make run: build, create var/yitihua.db with the demo if there is none, serve.
run: all web-deps
	@mkdir -p var
	@[ -f var/yitihua.db ] || $(BUILD)/yitihua demo --db var/yitihua.db
	@echo "打开 / open http://127.0.0.1:8080 — 演示账号 / demo sign-ins: admin county centre clinic finance pharmacy insurance auditor, 密码 / password demo1234"
	$(BUILD)/yitihua serve --db var/yitihua.db --listen 127.0.0.1:8080

# make test: unit tests, API tests on SQLite and on a PostgreSQL 15 server the script
# starts itself, and the browser tests. tests/run prints one summary line at the end.
test: $(BUILD)/.deps-test all $(UNIT_TESTS) $(API_TESTS) web-deps
	BUILD=$(BUILD) tests/run all

test-unit: $(BUILD)/.deps-test $(UNIT_TESTS)
	BUILD=$(BUILD) tests/run unit
test-api: $(BUILD)/.deps-test all $(API_TESTS)
	BUILD=$(BUILD) tests/run api
test-api-pg: $(BUILD)/.deps-test all $(API_TESTS)
	BUILD=$(BUILD) tests/run api-pg
test-e2e: $(BUILD)/.deps-test all web-deps
	BUILD=$(BUILD) tests/run e2e

# The same unit and API tests (both backends) built with ASan and UBSan in build/asan.
test-asan: $(BUILD)/.deps-test
	$(MAKE) BUILD=build/asan SAN=1 build/asan/yitihua
	$(MAKE) BUILD=build/asan SAN=1 $(patsubst $(BUILD)/%,build/asan/%,$(UNIT_TESTS) $(API_TESTS))
	BUILD=build/asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 tests/run sanitize

bench: all $(BUILD)/bench/receipts_bare
	@tools/deps.sh bench
	$(MAKE) -C bench BUILD=$(abspath $(BUILD))
	bench/run
	bench/check-city
	bench/dispense
	bench/receipts

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
