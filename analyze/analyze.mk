# analyze/: rn-analyze, offline analysis of traces (libdw for source lines).
ANALYZE_SRCS := $(wildcard analyze/*.c)
ANALYZE_OBJS := $(ANALYZE_SRCS:%.c=$(BUILD)/obj/%.o)
# Everything but main(), for the tests and benchmarks that call the library.
ANALYZE_LIB_OBJS := $(filter-out $(BUILD)/obj/analyze/rn_analyze.o,$(ANALYZE_OBJS))

$(BIN)/rn-analyze: $(ANALYZE_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(ANALYZE_OBJS) $(LIBRN) $(DW_LIBS) $(ZSTD_LIBS) -lm

ALL_TARGETS += $(BIN)/rn-analyze
INSTALL_BINS += $(BIN)/rn-analyze

# Tests: helper programs (trace generator) link the analyze objects too.
TEST_OBJS_analyze := $(ANALYZE_LIB_OBJS)
TEST_LIBS_analyze := $(DW_LIBS) -lm
TEST_DEPS += $(ANALYZE_LIB_OBJS)
TEST_TARGETS += $(BUILD)/tests/analyze/gen_trace
