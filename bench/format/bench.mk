# bench/format: trace format throughput (not a test; see docs/benchmarks/format.md).
#   make bench-format && build/bench/bench_format [-n EVENTS] [-l LEVEL] [-c CHUNK_BYTES]
.PHONY: bench-format
bench-format: $(BUILD)/bench/bench_format
ALL_TARGETS += $(BUILD)/bench/bench_format
$(BUILD)/bench/bench_format: $(BUILD)/obj/bench/format/bench_format.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)

# rn_chunk_encode alone on a getppid-like chunk (docs/benchmarks/record-backends.md):
#   make build/bench/bench_encode && build/bench/bench_encode
ALL_TARGETS += $(BUILD)/bench/bench_encode
$(BUILD)/bench/bench_encode: $(BUILD)/obj/bench/format/bench_encode.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)

# zstd alone on real traces' chunks with the parameter sets the writer's were
# chosen from (docs/benchmarks/format.md):
#   make build/bench/bench_zparams && build/bench/bench_zparams -r 5 TRACE...
ALL_TARGETS += $(BUILD)/bench/bench_zparams
$(BUILD)/bench/bench_zparams: $(BUILD)/obj/bench/format/bench_zparams.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(ZSTD_LIBS)
