# replay/: rn-replay, strace's output from a trace file.
REPLAY_SRCS := $(wildcard replay/*.c)
REPLAY_OBJS := $(REPLAY_SRCS:%.c=$(BUILD)/obj/%.o)
EXTRA_CFLAGS_replay := -Ireplay

$(BIN)/rn-replay: $(REPLAY_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(REPLAY_OBJS) $(LIBRN) $(ZSTD_LIBS)

ALL_TARGETS += $(BIN)/rn-replay
INSTALL_BINS += $(BIN)/rn-replay

# Test helpers: deterministic tracees for the golden comparison with strace.
REPLAY_PROGS := $(patsubst tests/replay/progs/%.c,$(BUILD)/tests/replay/progs/%,$(wildcard tests/replay/progs/*.c))
$(BUILD)/tests/replay/progs/%: tests/replay/progs/%.c tests/record/progs/untouched_page.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ $< -lpthread
TEST_TARGETS += $(REPLAY_PROGS)
