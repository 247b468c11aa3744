# samples/: small programs reproducing classic performance problems, each in
# a slow and a fixed version (see docs/tutorial.md), plus mkdata for their data.
# Never sanitized: they are tracees, and LeakSanitizer does not run under ptrace.
SAMPLES := mkdata loader_slow loader_fixed logger_slow logger_fixed reader_slow reader_fixed \
	scan_read scan_mmap
SAMPLE_BINS := $(SAMPLES:%=$(BUILD)/samples/%)

$(BUILD)/samples/%: samples/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -g -o $@ $<

ALL_TARGETS += $(SAMPLE_BINS)
