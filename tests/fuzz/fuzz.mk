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
FUZZ_LIB_OBJS := $(FORMAT_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_TARGETS := $(FUZZ_DIR)/fuzz_reader $(FUZZ_DIR)/fuzz_chunk $(FUZZ_DIR)/fuzz_filter
# OTLP response parsing, once export/ exposes it (see tests/fuzz/README.md).
FUZZ_EXPORT_SRCS := $(wildcard export/rn_otlp_resp*.c)
ifneq ($(FUZZ_EXPORT_SRCS),)
ifneq ($(wildcard tests/fuzz/fuzz_otlp.c),)
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_otlp
endif
endif

ifeq ($(FUZZ_HAVE),1)
TEST_TARGETS += $(FUZZ_TARGETS)
endif

.PHONY: fuzz
fuzz: $(FUZZ_TARGETS)

$(FUZZ_DIR)/obj/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 -Wall -Wextra -Werror $(FUZZ_FLAGS) \
		-fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LINK_$*) $(ZSTD_LIBS)

FUZZ_LINK_otlp = $(FUZZ_EXPORT_SRCS:%.c=$(FUZZ_DIR)/obj/%.o) $(PROTOBUF_C_LIBS)
-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

# The seed corpus generator (a normal build): tests/fuzz/corpus/ is its output
# plus the inputs the long runs kept (see docs/reliability.md).
$(FUZZ_DIR)/mkcorpus: $(BUILD)/obj/tests/fuzz/mkcorpus.o $(TEST_OBJS_format) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)
