# bench/record/: the bare ptrace loop (the floor for any ptrace tracer).
# Run the comparison with: sh bench/record/run.sh (see docs/benchmarks/record.md).
$(BIN)/rn-bench-bare: bench/record/bare.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
ALL_TARGETS += $(BIN)/rn-bench-bare

# The CPU and peak RSS of a program's process tree (bench/record/backends.py).
$(BIN)/rn-bench-cpuof: bench/record/cpuof.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
ALL_TARGETS += $(BIN)/rn-bench-cpuof

# The backends comparison of docs/benchmarks/record-backends.md (root, ~3-4
# minutes): make bench-backends
.PHONY: bench-backends
bench-backends: all $(RECORD_PROGS)
	python3 bench/record/backends.py --build $(BUILD) --runs 5

# rn-record's start-up on /bin/true against native, strace -f and perf
# record, and rn bpf's phases (root, ~10 s): make bench-startup
.PHONY: bench-startup
bench-startup: all
	python3 bench/record/startup.py --build $(BUILD) --runs 21
