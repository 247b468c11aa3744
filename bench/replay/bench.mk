# bench/replay/: rn-replay's rendering speed (see docs/benchmarks/replay.md):
#   make bench-replay     (runs bench/replay/run.sh)
$(BUILD)/bench/replay/gen_trace: $(BUILD)/obj/bench/replay/gen_trace.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)

$(BUILD)/bench/replay/loop: bench/replay/loop.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

ALL_TARGETS += $(BUILD)/bench/replay/gen_trace $(BUILD)/bench/replay/loop
.PHONY: bench-replay
bench-replay: $(BUILD)/bench/replay/gen_trace $(BUILD)/bench/replay/loop $(BIN)/rn-replay $(BIN)/rn-record
	sh bench/replay/run.sh $(BUILD)
