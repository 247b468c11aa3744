# bench/format: trace format throughput (not a test; see docs/benchmarks/format.md).
#   make bench-format && build/bench/bench_format [-n EVENTS] [-l LEVEL] [-c CHUNK_BYTES]
.PHONY: bench-format
bench-format: $(BUILD)/bench/bench_format
ALL_TARGETS += $(BUILD)/bench/bench_format
$(BUILD)/bench/bench_format: $(BUILD)/obj/bench/format/bench_format.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)
