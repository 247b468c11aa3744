# record/: rn-record, the ptrace and eBPF recorder. Links libc, libzstd,
# pthread and libbpf (with libelf and zlib); the format library is static.
# record/rn_funcs_*.c (function tracing) are linked in. The BPF program
# record/bpf/rn_record.bpf.c is compiled with clang -target bpf and embedded
# through the skeleton bpftool generates (build/gen/rn_record_bpf.skel.h).
# The stub stays until a real file defines rn_funcs_start.
RECORD_FUNCS_SRCS := $(wildcard record/rn_funcs_*.c)
ifneq ($(shell grep -l '^rn_funcs_session \*rn_funcs_start' $(filter-out record/rn_funcs_stub.c,$(RECORD_FUNCS_SRCS)) /dev/null 2>/dev/null),)
RECORD_FUNCS_SRCS := $(filter-out record/rn_funcs_stub.c,$(RECORD_FUNCS_SRCS))
endif
RECORD_SRCS := $(wildcard record/rn_record_*.c) $(RECORD_FUNCS_SRCS)
RECORD_OBJS := $(RECORD_SRCS:%.c=$(BUILD)/obj/%.o)
EXTRA_CFLAGS_record := -Irecord

BPF_CLANG ?= clang
BPFTOOL ?= $(shell command -v bpftool 2>/dev/null || echo /usr/sbin/bpftool)
BPF_ARCH ?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
BPF_LIBS := $(call pc_libs,libbpf,-lbpf) -lelf -lz
$(BUILD)/gen/rn_record.bpf.o: record/bpf/rn_record.bpf.c $(wildcard record/bpf/*.h)
	@mkdir -p $(dir $@)
	$(BPF_CLANG) -target bpf -O2 -g -Wall -Werror -D__TARGET_ARCH_$(BPF_ARCH) -Irecord/bpf -c $< -o $@
$(BUILD)/gen/rn_record_bpf.skel.h: $(BUILD)/gen/rn_record.bpf.o
	$(BPFTOOL) gen skeleton $< name rn_record_bpf > $@.tmp && mv $@.tmp $@
GEN_HEADERS += $(BUILD)/gen/rn_record_bpf.skel.h
# The BPF object of every architecture rn supports, built on any host (make
# check, or make bpf-arches): CO-RE objects do not depend on the build
# machine, so an aarch64 object that does not build fails on x86_64 too.
# Only the native one above is embedded; the others are never loaded here.
BPF_ARCHES := x86 arm64
$(BUILD)/gen/bpf-%/rn_record.bpf.o: record/bpf/rn_record.bpf.c $(wildcard record/bpf/*.h)
	@mkdir -p $(dir $@)
	$(BPF_CLANG) -target bpf -O2 -g -Wall -Werror -D__TARGET_ARCH_$* -Irecord/bpf -c $< -o $@
$(BUILD)/gen/bpf-%/rn_record_bpf.skel.h: $(BUILD)/gen/bpf-%/rn_record.bpf.o
	$(BPFTOOL) gen skeleton $< name rn_record_bpf > $@.tmp && mv $@.tmp $@
bpf-arches: $(BPF_ARCHES:%=$(BUILD)/gen/bpf-%/rn_record_bpf.skel.h)
.PHONY: bpf-arches
TEST_TARGETS += $(BPF_ARCHES:%=$(BUILD)/gen/bpf-%/rn_record_bpf.skel.h)

# rn-record is linked statically (static-pie: the address space is still
# randomised) when the archives are there, as rn-analyze is: a dynamic one
# spends ~0.5 ms of CPU of every start, before main, loading and relocating
# libbpf, libelf, libz, libzstd and libc (`rn-record --help`: 1.21 -> 0.67
# ms CPU, docs/benchmarks/record-backends.md, bpffast). RECORD_STATIC=0
# links it dynamically; sanitizer builds always are, and cross builds
# (cross/cross.mk) link everything with -static already. valgrind, which cannot
# follow malloc in a static program, runs its dynamic twin, in a directory
# beside bin/ (--functions finds librnfunc.so in ../lib from its own path).
RECORD_DYN_LIBS := $(ZSTD_LIBS) $(BPF_LIBS) -lpthread
RECORD_STATIC_ARS := libbpf.a libelf.a libz.a libzstd.a libc.a
ifndef RECORD_STATIC
RECORD_STATIC := $(if $(filter 1,$(SANITIZE))$(CROSS),0,$(if $(strip $(foreach a,$(RECORD_STATIC_ARS),\
	$(if $(filter /%,$(shell $(CC) -print-file-name=$(a))),,missing))),0,1))
endif
ifeq ($(RECORD_STATIC),1)
$(BIN)/rn-record: $(RECORD_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -static-pie -o $@ $(RECORD_OBJS) $(LIBRN) -lbpf -lelf -lz -lzstd -lpthread
$(BUILD)/dynbin/rn-record: $(RECORD_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(RECORD_OBJS) $(LIBRN) $(RECORD_DYN_LIBS)
TEST_TARGETS += $(BUILD)/dynbin/rn-record
else
$(BIN)/rn-record: $(RECORD_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(RECORD_OBJS) $(LIBRN) $(RECORD_DYN_LIBS)
endif

# make static: the same, linked statically (libc.a, libzstd.a, libbpf.a,
# libelf.a, libz.a): runs on hosts without libbpf.
$(BIN)/rn-record-static: $(RECORD_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -static -o $@ $(RECORD_OBJS) $(LIBRN) -lbpf -lelf -lz -lzstd -lpthread
static: $(BIN)/rn-record-static

ALL_TARGETS += $(BIN)/rn-record
INSTALL_BINS += $(BIN)/rn-record

# tests/record/t_ring_merge: the rings' merge by time, on rings in memory.
TEST_OBJS_record := $(BUILD)/obj/record/rn_record_bpf_ring.o
TEST_DEPS += $(TEST_OBJS_record)

# Test helpers: the tracees in tests/record/progs/ and the trace dumper.
RECORD_PROGS := $(patsubst tests/record/progs/%.c,$(BUILD)/tests/record/progs/%,$(wildcard tests/record/progs/*.c))
$(BUILD)/tests/record/progs/%: tests/record/progs/%.c tests/record/progs/untouched_page.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ $< -lpthread
# 32-bit x86 tracees (tests/record/progs32/), static: no i386 libc needed
# to run them. gcc-12-multilib, not gcc-multilib: that one conflicts with
# the aarch64 cross compiler, only for its /usr/include/asm link, made here.
ifeq ($(shell uname -m),x86_64)
RECORD_PROGS32 := $(patsubst tests/record/progs32/%.c,$(BUILD)/tests/record/progs32/%,$(wildcard tests/record/progs32/*.c))
endif
$(BUILD)/tests/record/progs32/%: tests/record/progs32/%.c
	@mkdir -p $(dir $@)inc
	ln -sfn /usr/include/x86_64-linux-gnu/asm $(dir $@)inc/asm
	$(CC) -m32 -static -idirafter $(dir $@)inc -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ $<
$(BUILD)/tests/record/rn-dump: $(BUILD)/obj/tests/record/rn_dump.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBRN) $(ZSTD_LIBS)
TEST_TARGETS += $(RECORD_PROGS) $(RECORD_PROGS32) $(BUILD)/tests/record/rn-dump
