# record/preload/: librnfunc.so, the in-process half of function tracing
# (rn-record --functions), and the function-tracing tests' build rules
# (tests/functions/: the harness, the instrumented tracees).
# The library is built without sanitizers (it is preloaded into programs that
# are not) and with -fPIC; its objects live apart from the generic ones.
LIBRNFUNC := $(BUILD)/lib/librnfunc.so
PRELOAD_SRCS := $(wildcard record/preload/*.c)
PRELOAD_OBJS := $(PRELOAD_SRCS:record/preload/%.c=$(BUILD)/preload/%.o)
PRELOAD_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -fPIC -fvisibility=hidden \
	-fno-stack-protector -D_GNU_SOURCE

$(BUILD)/preload/%.o: record/preload/%.c
	@mkdir -p $(dir $@)
	$(CC) $(PRELOAD_CFLAGS) -MMD -MP -c $< -o $@

$(LIBRNFUNC): $(PRELOAD_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared -o $@ $^ -ldl -lpthread

-include $(wildcard $(BUILD)/preload/*.d)

ALL_TARGETS += $(LIBRNFUNC)

.PHONY: install-librnfunc
install: install-librnfunc
install-librnfunc: $(LIBRNFUNC)
	install -d $(DESTDIR)$(PREFIX)/lib
	install -m 0755 $(LIBRNFUNC) $(DESTDIR)$(PREFIX)/lib/

# ---- tests/functions ----
# The recorder side (record/rn_funcs_*.c) and the test harness link into the
# C tests; tracees are built with -finstrument-functions, without sanitizers.
FUNCS_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out record/rn_funcs_stub.c,\
	$(wildcard record/rn_funcs_*.c)))
TEST_OBJS_functions := $(BUILD)/obj/tests/functions/fh_harness.o $(FUNCS_OBJS)
TEST_LIBS_functions := -lpthread
FUNCS_TRACEE_SRCS := $(wildcard tests/functions/prog_*.c)
FUNCS_TRACEES := $(FUNCS_TRACEE_SRCS:tests/functions/%.c=$(BUILD)/tests/functions/%) \
	$(FUNCS_TRACEE_SRCS:tests/functions/%.c=$(BUILD)/tests/functions/%-pie) \
	$(FUNCS_TRACEE_SRCS:tests/functions/%.c=$(BUILD)/tests/functions/%-pg)
FUNCS_TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/functions/t_*.c))

$(BUILD)/tests/functions/prog_%: tests/functions/prog_%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -g -fno-inline -finstrument-functions -no-pie -o $@ $< -lpthread

$(BUILD)/tests/functions/prog_%-pie: tests/functions/prog_%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -g -fno-inline -finstrument-functions -fPIE -pie -o $@ $< -lpthread

$(BUILD)/tests/functions/prog_%-pg: tests/functions/prog_%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -g -fno-inline -pg -o $@ $< -lpthread

# A library whose constructor starts a thread before main, and its program.
$(BUILD)/tests/functions/lib_early.so: tests/functions/lib_early.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g -fPIC -shared -finstrument-functions -o $@ $< -lpthread

$(BUILD)/tests/functions/early_main: tests/functions/early_main.c $(BUILD)/tests/functions/lib_early.so
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g -o $@ $< -L$(BUILD)/tests/functions -l:lib_early.so \
		-Wl,-rpath,$(abspath $(BUILD)/tests/functions)

FUNCS_TRACEES += $(BUILD)/tests/functions/lib_early.so $(BUILD)/tests/functions/early_main
$(FUNCS_TEST_BINS): $(TEST_OBJS_functions) $(LIBRNFUNC) $(FUNCS_TRACEES)
TEST_TARGETS += $(FUNCS_TRACEES) $(LIBRNFUNC)
