# record/: rn-record, the ptrace recorder. Links only libc, libzstd and
# pthread (the format library is static). record/rn_funcs_*.c (function
# tracing) are linked in.
# The stub stays until a real file defines rn_funcs_start.
RECORD_FUNCS_SRCS := $(wildcard record/rn_funcs_*.c)
ifneq ($(shell grep -l '^rn_funcs_session \*rn_funcs_start' $(filter-out record/rn_funcs_stub.c,$(RECORD_FUNCS_SRCS)) /dev/null 2>/dev/null),)
RECORD_FUNCS_SRCS := $(filter-out record/rn_funcs_stub.c,$(RECORD_FUNCS_SRCS))
endif
RECORD_SRCS := $(wildcard record/rn_record_*.c) $(RECORD_FUNCS_SRCS)
RECORD_OBJS := $(RECORD_SRCS:%.c=$(BUILD)/obj/%.o)
EXTRA_CFLAGS_record := -Irecord

$(BIN)/rn-record: $(RECORD_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(RECORD_OBJS) $(LIBRN) $(ZSTD_LIBS) -lpthread

# make static: the same, linked statically (needs only libc.a and libzstd.a).
$(BIN)/rn-record-static: $(RECORD_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -static -o $@ $(RECORD_OBJS) $(LIBRN) -lzstd -lpthread
static: $(BIN)/rn-record-static

ALL_TARGETS += $(BIN)/rn-record
INSTALL_BINS += $(BIN)/rn-record

# Test helpers: the tracees in tests/record/progs/ and the trace dumper.
RECORD_PROGS := $(patsubst tests/record/progs/%.c,$(BUILD)/tests/record/progs/%,$(wildcard tests/record/progs/*.c))
$(BUILD)/tests/record/progs/%: tests/record/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ $< -lpthread
$(BUILD)/tests/record/rn-dump: $(BUILD)/obj/tests/record/rn_dump.o $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBRN) $(ZSTD_LIBS)
TEST_TARGETS += $(RECORD_PROGS) $(BUILD)/tests/record/rn-dump
