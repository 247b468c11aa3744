# bench/functions/: the function-tracing benchmark: its workload built plain
# with -finstrument-functions and with -pg, and a trace reader (make bench-functions).
BENCH_FUNCS := $(BUILD)/bench/functions/calls-native $(BUILD)/bench/functions/calls-inst \
	$(BUILD)/bench/functions/calls-pg $(BUILD)/bench/functions/fcount \
	$(BUILD)/bench/functions/rusage

$(BUILD)/bench/functions/calls-native: bench/functions/calls.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -o $@ $< -lpthread

$(BUILD)/bench/functions/calls-inst: bench/functions/calls.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -finstrument-functions -o $@ $< -lpthread

$(BUILD)/bench/functions/calls-pg: bench/functions/calls.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -pg -o $@ $< -lpthread

$(BUILD)/bench/functions/fcount: $(BUILD)/obj/bench/functions/fcount.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBRN) $(ZSTD_LIBS)

$(BUILD)/bench/functions/rusage: bench/functions/rusage.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -o $@ $<

.PHONY: bench-functions
bench-functions: $(BENCH_FUNCS) $(LIBRNFUNC) $(BIN)/rn-record
	sh bench/functions/run.sh $(BUILD)
