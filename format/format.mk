# format/: the shared library every tool links (container, schema, catalog, decoders).
RN_VERSION := 0.1.0
FORMAT_SRCS := $(wildcard format/*.c)
FORMAT_OBJS := $(FORMAT_SRCS:%.c=$(BUILD)/obj/%.o)
GEN_HEADERS += $(BUILD)/gen/rn_sysnames_gen.h
-include format/gen/catalog.mk

$(BUILD)/gen/rn_sysnames_gen.h: format/gen/gen_syscalls.sh format/data/sysnums_new.def
	@mkdir -p $(dir $@)
	sh format/gen/gen_syscalls.sh "$(HOSTCC)" $@ format/data/sysnums_new.def

$(LIBRN): $(FORMAT_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(LIBRN)

# tests/format: the sample-event helper linked into every format test.
TEST_OBJS_format := $(BUILD)/obj/tests/format/rn_sample.o
TEST_DEPS += $(TEST_OBJS_format)
# rnfmt: the format tests' command-line helper (write/raw/read), not installed.
TEST_TARGETS += $(BUILD)/tests/format/rnfmt
$(BUILD)/tests/format/rnfmt: $(BUILD)/obj/tests/format/rnfmt.o $(TEST_OBJS_format) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)
