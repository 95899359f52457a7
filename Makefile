# shegong — plain Makefile (pkg-config, strict warnings).
#
#   make            build the binary and the web UI
#   make run        set up the machine, build, create a demo database, serve
#   make test       the whole suite; ends with "N passed, N failed"
#   make asan       the binary and unit tests under ASan/UBSan (build/asan)
#   make bench      benchmarks against a reference server (bench/)
#   make lint       clang-format check and banned-function check
#
# Everything is built under $(BUILD); `make BUILD=build/asan SAN=1` is the
# sanitizer build that `make asan` runs.

BUILD    ?= build
SAN      ?= 0
CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 libpq libcrypto libargon2 xlsxwriter
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wformat-truncation=2 -Wvla -Wpointer-arith -Wundef \
            -Wno-missing-field-initializers
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -Isrc -I$(BUILD)/gen $(WARN) -g \
            -fstack-protector-strong -fPIE -fvisibility=hidden \
            -DSG_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS))
LIBS     := $(shell pkg-config --libs $(PKGS)) -lpthread
LDFLAGS  := -pie -Wl,-z,relro,-z,now

ifeq ($(SAN),1)
CFLAGS   := $(CFLAGS_COMMON) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined -DSG_DEBUG_ARENA=1 -DSG_DEBUG=1
LDFLAGS  += -fsanitize=address,undefined
else
CFLAGS   := $(CFLAGS_COMMON) -O2 -D_FORTIFY_SOURCE=2 -DSG_DEBUG=0
endif

SRC      := $(sort $(wildcard src/base/*.c src/store/*.c src/domain/*.c src/http/*.c src/api/*.c src/cli/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
GEN_SRC  := $(BUILD)/gen/schema.c $(BUILD)/gen/assets.c
OBJ      := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/schema.o $(BUILD)/obj/gen/assets.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
SCHEMA   := $(sort $(wildcard schema/*.sql))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst fuzz/fuzz_%.c,$(BUILD)/fuzz/replay_%,$(FUZZ_SRC))
WEB_SRC  := $(shell find web/src web/index.html web/vite.config.js web/package-lock.json -type f 2>/dev/null)

.PHONY: all run test asan bench lint format unit web clean setup fuzz-replay fuzz
all: $(BUILD)/shegong

$(BUILD)/shegong: $(BUILD)/obj/src/cli/main.o $(OBJ)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

Q := $(if $(V),,@)

# Each object lists the headers it includes (-MMD) in a .d file beside it,
# read below; -MP adds a target per header so a removed header is no error.
DEPFLAGS := -MMD -MP
$(BUILD)/obj/%.o: %.c | $(BUILD)/gen/schema.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -Wno-overlength-strings -c -o $@ $<

# Host tool that turns files into C arrays (schema migrations, web assets).
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	cc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/schema.c: $(BUILD)/tools/embed $(SCHEMA)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed schema schema > $@.tmp && mv $@.tmp $@

# The UI is built once into web/dist and embedded; gzip copies are made
# beside it so the server can answer Accept-Encoding: gzip without work.
$(BUILD)/gen/assets.c: $(BUILD)/tools/embed web/dist/index.html
	@mkdir -p $(dir $@)
	rm -rf $(BUILD)/gen/dist-gz && mkdir -p $(BUILD)/gen/dist-gz
	cd web/dist && find . -type f | while read -r f; do \
		mkdir -p "../../$(BUILD)/gen/dist-gz/$$(dirname "$$f")"; \
		gzip -9 -n -c "$$f" > "../../$(BUILD)/gen/dist-gz/$$f.gz"; done
	$(BUILD)/tools/embed assets web/dist $(BUILD)/gen/dist-gz > $@.tmp && mv $@.tmp $@

web: web/dist/index.html
web/dist/index.html: $(WEB_SRC)
	cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npx vite build --logLevel warn

# Every unit test is linked with the shared temporary-database fixture.
UNIT_OBJ := $(BUILD)/obj/tests/unit/fixture.o
unit: $(UNIT_BIN)
$(UNIT_OBJ): tests/unit/fixture.h tests/unit/testlib.h
$(BUILD)/tests/%: tests/unit/%.c $(OBJ) $(UNIT_OBJ) tests/unit/testlib.h tests/unit/fixture.h
	@mkdir -p $(dir $@) $(BUILD)/obj/tests/unit
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -MF $(BUILD)/obj/tests/unit/$(notdir $@).d -Itests/unit $(LDFLAGS) -o $@ $< $(UNIT_OBJ) $(OBJ) $(LIBS) $(shell pkg-config --libs cmocka)

# Each fuzz harness also builds without libFuzzer as a replay binary that
# runs the kept corpus (fuzz/corpus/NAME/) in the test suite.
fuzz-replay: $(FUZZ_BIN)
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(OBJ)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< fuzz/replay.c $(OBJ) $(LIBS)

# libFuzzer builds (clang): `make fuzz`, then e.g.
#   build/fuzz-clang/fuzz_request -max_total_time=60 fuzz/corpus/request
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=undefined -DSG_VERSION='"fuzz"' -DSG_DEBUG=1 $(shell pkg-config --cflags $(PKGS))
fuzz: $(patsubst fuzz/fuzz_%.c,build/fuzz-clang/fuzz_%,$(FUZZ_SRC))
build/fuzz-clang/fuzz_%: fuzz/fuzz_%.c $(LIB_SRC) build/gen/schema.c build/gen/assets.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) build/gen/schema.c build/gen/assets.c $(LIBS)

setup:
	scripts/setup

run: setup
	$(MAKE) all
	scripts/run-demo

test: setup
	scripts/test

asan:
	$(MAKE) BUILD=build/asan SAN=1 build/asan/shegong unit fuzz-replay

# The reference server of `make bench`: libmicrohttpd alone, configured the same.
$(BUILD)/bench/ref_server: bench/ref_server.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(shell pkg-config --libs libmicrohttpd) -lpthread

bench: setup
	$(MAKE) all $(BUILD)/bench/ref_server
	bench/run

lint:
	scripts/lint

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC) tests/unit/testlib.h tests/unit/fixture.h tests/unit/fixture.c tools/embed.c $(wildcard bench/*.c fuzz/*.c)

clean:
	rm -rf build web/dist

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
