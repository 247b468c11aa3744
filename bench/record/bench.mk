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

# The floor of a kernel-side recorder (issue 12's "libbpf prototype": one
# ring of fixed records, a counting drain loop): bench/record/backends.py's
# "bpf floor" tool.
$(BUILD)/gen/bench/floor.bpf.o: bench/record/bpf/floor.bpf.c record/bpf/rn_bpf_kernel.h
	@mkdir -p $(dir $@)
	$(BPF_CLANG) -target bpf -O2 -g -Wall -Werror -D__TARGET_ARCH_$(BPF_ARCH) -Irecord/bpf -c $< -o $@
$(BUILD)/gen/bench/floor_bpf.skel.h: $(BUILD)/gen/bench/floor.bpf.o
	$(BPFTOOL) gen skeleton $< name floor_bpf > $@.tmp && mv $@.tmp $@
$(BIN)/rn-bench-bpf-floor: bench/record/bpf_floor.c $(BUILD)/gen/bench/floor_bpf.skel.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -I$(BUILD)/gen/bench -o $@ $< $(BPF_LIBS)
ALL_TARGETS += $(BIN)/rn-bench-bpf-floor
