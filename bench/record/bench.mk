# bench/record/: the bare ptrace loop (the floor for any ptrace tracer).
# Run the comparison with: sh bench/record/run.sh (see docs/benchmarks/record.md).
$(BIN)/rn-bench-bare: bench/record/bare.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
ALL_TARGETS += $(BIN)/rn-bench-bare
