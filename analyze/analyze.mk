# analyze/: rn-analyze, offline analysis of traces (libdw for source lines).
ANALYZE_SRCS := $(wildcard analyze/*.c)
ANALYZE_OBJS := $(ANALYZE_SRCS:%.c=$(BUILD)/obj/%.o)
# Everything but main(), for the tests and benchmarks that call the library.
ANALYZE_LIB_OBJS := $(filter-out $(BUILD)/obj/analyze/rn_analyze.o,$(ANALYZE_OBJS))
ANALYZE_DYN_LIBS := $(DW_LIBS) $(ZSTD_LIBS) -lm

# rn-analyze is linked statically (static-pie: the address space is still
# randomised) when the archives are there: a dynamic one spends ~0.7 ms of
# every run, before main, loading and relocating libdw, libelf, libz,
# liblzma, libbz2, libzstd, libm and libc (rn-analyze summary on find
# /usr/share: 8.0 ms a run, docs/benchmarks/analyze.md). ANALYZE_STATIC=0
# links it dynamically; sanitizer builds always are. libdw still dlopens
# libdebuginfod when DEBUGINFOD_URLS is set (tests/analyze/test_debuginfod.sh);
# the linker's warning about dlopen in a static program is about that.
ANALYZE_STATIC_ARS := libdw.a libelf.a libz.a liblzma.a libbz2.a libzstd.a libm.a libc.a
ifndef ANALYZE_STATIC
ANALYZE_STATIC := $(if $(filter 1,$(SANITIZE)),0,$(if $(strip $(foreach a,$(ANALYZE_STATIC_ARS),\
	$(if $(filter /%,$(shell $(CC) -print-file-name=$(a))),,missing))),0,1))
endif
ifeq ($(ANALYZE_STATIC),1)
ANALYZE_LINK := -static-pie
ANALYZE_LIBS := -ldw -lelf -lz -llzma -lbz2 -lzstd -lm -lpthread
else
ANALYZE_LINK :=
ANALYZE_LIBS := $(ANALYZE_DYN_LIBS)
endif

$(BIN)/rn-analyze: $(ANALYZE_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(ANALYZE_LINK) -o $@ $(ANALYZE_OBJS) $(LIBRN) $(ANALYZE_LIBS)

ALL_TARGETS += $(BIN)/rn-analyze
INSTALL_BINS += $(BIN)/rn-analyze

# The same program linked dynamically, for valgrind (tests/valgrind): in a
# static one it cannot follow malloc or glibc's string functions.
ifeq ($(ANALYZE_STATIC),1)
$(BUILD)/tests/valgrind/rn-analyze: $(ANALYZE_OBJS) $(LIBRN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(ANALYZE_OBJS) $(LIBRN) $(ANALYZE_DYN_LIBS)
TEST_TARGETS += $(BUILD)/tests/valgrind/rn-analyze
endif

# Tests: helper programs (trace generator) link the analyze objects too.
TEST_OBJS_analyze := $(ANALYZE_LIB_OBJS)
TEST_LIBS_analyze := $(DW_LIBS) -lm
TEST_DEPS += $(ANALYZE_LIB_OBJS)
TEST_TARGETS += $(BUILD)/tests/analyze/gen_trace
