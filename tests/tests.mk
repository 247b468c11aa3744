# tests/: every C file tests/AREA/t_*.c becomes $(BUILD)/tests/AREA/t_*, linked
# with the format library and the area's libraries (TEST_LIBS_<area>, set in
# the area's .mk). Shell tests tests/AREA/test_*.sh are found by tests/run.sh.
TEST_SRCS := $(wildcard tests/*/t_*.c)
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TEST_TARGETS += $(TEST_BINS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(LIBRN) $(TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(TEST_OBJS_$(firstword $(subst /, ,$*))) $(LIBRN) $(TEST_LIBS_$(firstword $(subst /, ,$*))) $(ZSTD_LIBS) -lpthread -lm
