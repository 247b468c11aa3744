# tests/fuzz/: libFuzzer targets (clang -fsanitize=fuzzer,address,undefined)
# for the parsers that read outside data. Built into $(BUILD)/fuzz/ only when
# clang and its fuzzer runtime (libclang-rt-14-dev) are installed; the short
# runs are in tests/fuzz/test_fuzz.sh (skipped otherwise). Long runs:
#   tests/fuzz/run_long.sh TARGET SECONDS
FUZZ_CC ?= clang
FUZZ_RT := $(wildcard /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
	/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-aarch64.a)
FUZZ_HAVE := $(if $(FUZZ_RT),$(shell command -v $(FUZZ_CC) >/dev/null 2>&1 && echo 1))
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
# The container alone for the reader, chunk and OTLP targets; the filter
# target takes the whole format library (catalog, tables) as an archive.
FUZZ_CONTAINER_OBJS := $(patsubst %,$(FUZZ_DIR)/obj/format/rn_%.o,flatbuf grow chunk chunk_cols chunk_colbuf chunk_dirents chunk_stat chunk_statx chunk_struct header reader reader_ahead reader_map writer xxh64)
FUZZ_LIB := $(FUZZ_DIR)/librnformat-fuzz.a
FUZZ_TARGETS := $(FUZZ_DIR)/fuzz_reader $(FUZZ_DIR)/fuzz_chunk $(FUZZ_DIR)/fuzz_filter \
	$(if $(wildcard format/rn_pack.c),$(FUZZ_DIR)/fuzz_pack)
# OTLP response parsing (export/rn_otlp_resp.c and the protoc-c code), when
# export/ is in the tree.
FUZZ_EXPORT_SRCS := $(wildcard export/rn_otlp_resp.c)
ifneq ($(FUZZ_EXPORT_SRCS),)
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_otlp
endif

ifeq ($(FUZZ_HAVE),1)
TEST_TARGETS += $(FUZZ_TARGETS)
endif

.PHONY: fuzz
fuzz: $(FUZZ_TARGETS)

# No -Werror here: the gcc build enforces it; a clang-only warning in
# someone's file must not stop `make check` from building.
$(FUZZ_DIR)/obj/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 -Wall -Wextra $(FUZZ_FLAGS) \
		-fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FORMAT_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_CONTAINER_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LINK_$*) $(ZSTD_LIBS)

FUZZ_LINK_filter = $(FUZZ_LIB)
$(FUZZ_DIR)/fuzz_filter: $(FUZZ_LIB)
FUZZ_LINK_pack = $(FUZZ_LIB)
$(FUZZ_DIR)/fuzz_pack: $(FUZZ_LIB)

FUZZ_LINK_otlp = $(PROTOBUF_C_LIBS)
$(FUZZ_DIR)/fuzz_otlp: $(FUZZ_EXPORT_SRCS:%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/gen/rn_otlp.pb-c.o
$(FUZZ_DIR)/obj/tests/fuzz/fuzz_otlp.o $(FUZZ_EXPORT_SRCS:%.c=$(FUZZ_DIR)/obj/%.o): \
	CPPFLAGS += -Iexport $(call pc_cflags,libprotobuf-c)
$(FUZZ_DIR)/obj/gen/rn_otlp.pb-c.o: $(BUILD)/gen/rn_otlp.pb-c.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
		$(call pc_cflags,libprotobuf-c) -c $< -o $@
-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

# The seed corpus generator (a normal build): tests/fuzz/corpus/ is its output
# plus the inputs the long runs kept (see docs/reliability.md).
$(FUZZ_DIR)/mkcorpus: $(BUILD)/obj/tests/fuzz/mkcorpus.o $(TEST_OBJS_format) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)
