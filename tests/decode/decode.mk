# tests/decode: one small C program per syscall family (tests/decode/progs),
# traced by strace and by rn-record + rn-replay, lines compared.
DECODE_PROGS := $(patsubst tests/decode/progs/%.c,$(BUILD)/tests/decode/progs/%,$(wildcard tests/decode/progs/*.c))
$(BUILD)/tests/decode/progs/%: tests/decode/progs/%.c tests/decode/progs/dc_common.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ $< -lrt
TEST_TARGETS += $(DECODE_PROGS)
