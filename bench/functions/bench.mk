# bench/functions/: the function-tracing benchmark's workload, built plain
# and with -finstrument-functions (run bench/functions/run.sh).
BENCH_FUNCS := $(BUILD)/bench/functions/calls-native $(BUILD)/bench/functions/calls-inst

$(BUILD)/bench/functions/calls-native: bench/functions/calls.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -o $@ $<

$(BUILD)/bench/functions/calls-inst: bench/functions/calls.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -finstrument-functions -o $@ $<

.PHONY: bench-functions
bench-functions: $(BENCH_FUNCS) $(LIBRNFUNC) $(BIN)/rn-record
	sh bench/functions/run.sh $(BUILD)
