# export/: rn-export (OTLP over HTTP/gRPC, OTLP JSON, Chrome JSON, NDJSON, CSV,
# folded stacks, scrub). The OTLP messages come from export/rn_otlp.proto,
# compiled with protoc-c into $(BUILD)/gen at build time.
EXPORT_SRCS := $(wildcard export/*.c)
EXPORT_GEN_C := $(BUILD)/gen/rn_otlp.pb-c.c
EXPORT_OBJS := $(EXPORT_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/rn_otlp.pb-c.o
EXPORT_LIBS := $(PROTOBUF_C_LIBS) $(CURL_LIBS) $(call pc_libs,zlib,-lz) $(call pc_libs,libelf,-lelf)
# Source lines of syscalls (code.* attributes, the CSV source column) come
# from rn-analyze's libdw resolver when it is in the tree.
# The analyze objects go into an archive of rn-export's own, so the linker
# takes rn_source.o and only what it needs, whatever analyze/ splits out.
EXPORT_AN_LIB := $(BUILD)/lib/librnanalyze-for-export.a
ifneq ($(wildcard analyze/rn_source.c),)
EXPORT_AN_OBJS := $(filter-out $(BUILD)/obj/analyze/rn_analyze.o,\
	$(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard analyze/*.c)))
EXPORT_LIBS := $(EXPORT_AN_LIB) $(EXPORT_LIBS) $(DW_LIBS) -lm
EXPORT_SRC_FLAGS := -DRN_HAVE_SRC=1

$(EXPORT_AN_LIB): $(EXPORT_AN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^
endif
GEN_HEADERS += $(BUILD)/gen/rn_otlp.pb-c.h
EXTRA_CFLAGS_export := -Iexport $(call pc_cflags,libprotobuf-c libcurl) $(EXPORT_SRC_FLAGS)

$(BUILD)/gen/rn_otlp.pb-c.h $(BUILD)/gen/rn_otlp.pb-c.c &: export/rn_otlp.proto
	@mkdir -p $(BUILD)/gen
	protoc-c --proto_path=export --c_out=$(BUILD)/gen export/rn_otlp.proto

$(BUILD)/obj/gen/rn_otlp.pb-c.o: $(BUILD)/gen/rn_otlp.pb-c.c $(BUILD)/gen/rn_otlp.pb-c.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,libprotobuf-c) -c $< -o $@

$(BIN)/rn-export: $(EXPORT_OBJS) $(LIBRN) $(if $(EXPORT_SRC_FLAGS),$(EXPORT_AN_LIB))
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(EXPORT_OBJS) $(EXPORT_LIBS) $(LIBRN) $(ZSTD_LIBS) -lpthread -lm

# Test helpers: a trace writer for synthetic traces and a loopback receiver.
EXPORT_LIB_OBJS := $(filter-out $(BUILD)/obj/export/rn_export_main.o,$(EXPORT_OBJS))

$(BUILD)/tests/export/rn_mktrace: $(BUILD)/obj/tests/export/helpers/rn_mktrace.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBRN) $(ZSTD_LIBS) -lpthread -lm

TEST_OBJS_export := $(EXPORT_LIB_OBJS)
TEST_LIBS_export := $(EXPORT_LIBS) $(LIBRN)
TEST_DEPS += $(EXPORT_LIB_OBJS) $(if $(EXPORT_SRC_FLAGS),$(EXPORT_AN_LIB))
ALL_TARGETS += $(BIN)/rn-export
TEST_TARGETS += $(BUILD)/tests/export/rn_mktrace
INSTALL_BINS += $(BIN)/rn-export

# rn_export_decode.c uses the shared decoder (format/rn_decode.h) once it is in the
# tree; until then it prints raw arguments.
ifneq ($(wildcard format/rn_decode.c),)
ifneq ($(wildcard format/rn_fdtrack.c),)
EXTRA_CFLAGS_export += -DRN_HAVE_DECODE=1
endif
endif
