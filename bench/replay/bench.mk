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
# rn-replay against strace on real programs, flag by flag, both backends
# (bench/replay/strace_audit.sh; prints what still differs, see docs/strace-audit.md):
#   make audit-replay   (AUDIT_FLAGS="-b ptrace -p ls,make -F plain,v" to narrow it)
.PHONY: audit-replay
audit-replay: $(BIN)/rn-replay $(BIN)/rn-record
	RN_BIN=$(abspath $(BIN)) bash bench/replay/strace_audit.sh $(AUDIT_FLAGS)
