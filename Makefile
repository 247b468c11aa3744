# rn: top-level build. Each directory has its own <dir>.mk fragment that adds
# its objects, binaries and tests; this file holds the shared rules.
#   make            build every tool and library
#   make check      run every test (tests/run.sh); T=area runs one area
#   make SANITIZE=1 check   the same under ASan+UBSan (separate build dir)
#   make deps       install missing Debian packages (or print the apt-get line)
#   make demo       record a sample program and show its analysis
#   make install PREFIX=/usr/local DESTDIR=...
#   make static     a static rn-record (libc + libzstd only)
#   make CROSS=aarch64-linux-gnu- cross   static rn-record, rn-replay and the
#                   test tracees for aarch64 in build/aarch64 (cross/cross.mk)

CC ?= cc
PREFIX ?= /usr/local
PKG_CONFIG ?= pkg-config
SANITIZE ?= 0
O ?= 2
ifneq ($(CROSS),)
include cross/cross.mk
endif
HOSTCC ?= $(CC)

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SAN_FLAGS :=
endif

ROOT := $(CURDIR)
CPPFLAGS += -D_GNU_SOURCE -Iformat -I$(BUILD)/gen
CFLAGS += -std=c11 -Wall -Wextra -Werror -O$(O) -g $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

ZSTD_LIBS := $(call pc_libs,libzstd,-lzstd)
DW_LIBS := $(call pc_libs,libdw,-ldw -lelf)
PROTOBUF_C_LIBS := $(call pc_libs,libprotobuf-c,-lprotobuf-c)
CURL_LIBS := $(call pc_libs,libcurl,-lcurl)

LIBRN := $(BUILD)/lib/librnformat.a
BIN := $(BUILD)/bin

# Filled in by the fragments.
ALL_TARGETS :=
TEST_TARGETS :=
INSTALL_BINS :=
GEN_HEADERS := $(CROSS_STAMP)

.PHONY: all check install static deps demo clean format-check lint
.DEFAULT_GOAL := all

include format/format.mk
-include record/record.mk
-include replay/replay.mk
-include analyze/analyze.mk
-include export/export.mk
-include record/preload/preload.mk
-include samples/samples.mk
-include $(wildcard bench/*/bench.mk)
-include tests/fuzz/fuzz.mk
-include tests/decode/decode.mk
-include tests/vm/vm.mk
include tests/tests.mk
ifneq ($(CROSS),)
cross: $(CROSS_TARGETS)
$(CROSS_TARGETS): | $(CROSS_STAMP)
endif

all: $(ALL_TARGETS)

# Objects: one rule for every C file in the tree; generated headers first.
$(BUILD)/obj/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$*))) -MMD -MP -c $< -o $@

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

check: all $(TEST_TARGETS)
	@RN_BUILD=$(abspath $(BUILD)) RN_ROOT=$(ROOT) SANITIZE=$(SANITIZE) sh tests/run.sh $(T)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/include/rn $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(INSTALL_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 $(LIBRN) $(DESTDIR)$(PREFIX)/lib/
	install -m 0644 format/rn_event.h format/rn_chunk.h format/rn_flatbuf.h format/rn_trace.h \
		format/rn.fbs $(DESTDIR)$(PREFIX)/include/rn/
	for m in docs/man/*.1; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/; done; true
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(RN_VERSION)|' format/rnformat.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/rnformat.pc

# Debian packages needed to build, test and benchmark rn.
DEB_PACKAGES := gcc make pkg-config libc6-dev linux-libc-dev zstd libzstd-dev libdw-dev \
	libelf-dev libprotobuf-c-dev protobuf-c-compiler libcurl4-openssl-dev \
	flatbuffers-compiler protobuf-compiler strace python3 python3-grpcio \
	clang libclang-rt-14-dev nodejs npm procps coreutils findutils chromium \
	clang-format cppcheck g++ uftrace hyperfine openssl tmux time valgrind \
	llvm libbpf-dev bpftool zlib1g-dev liblzma-dev libbz2-dev util-linux linux-perf \
	qemu-system-x86 cpio busybox-static debian-archive-keyring \
	gcc-aarch64-linux-gnu qemu-system-arm gcc-12-multilib

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
		{ [ "$$p" = nodejs ] || [ "$$p" = npm ] && command -v $$p >/dev/null 2>&1; } || \
		missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "rn: all Debian packages present"; \
	elif [ "$$(id -u)" = 0 ]; then echo "rn: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "rn: missing packages; run as root:"; \
		echo "  apt-get update && apt-get install -y$$missing"; exit 1; fi

demo: deps
	$(MAKE) all
	sh samples/demo.sh $(BIN)

clean:
	rm -rf build build-san build-static

format-check:
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

# Style and static checks: clang-format with the repo's .clang-format, cppcheck
# (not on record/bpf/ and bench/record/bpf/: BPF C, checked by clang -Wall -Werror and the verifier).
lint: format-check all
	cppcheck --quiet --enable=warning,portability,performance --std=c11 -D_GNU_SOURCE \
		-Iformat -I$(BUILD)/gen --suppress=missingIncludeSystem \
		--suppress='preprocessorErrorDirective:$(BUILD)/gen/*' --inline-suppr \
		--error-exitcode=1 -irecord/bpf -ibench/record/bpf format record replay analyze export tests samples bench
.SECONDARY:
