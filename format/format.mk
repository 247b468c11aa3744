# format/: the shared library every tool links (container, schema, catalog, decoders).
RN_VERSION := 0.1.0
FORMAT_SRCS := $(wildcard format/*.c)
FORMAT_OBJS := $(FORMAT_SRCS:%.c=$(BUILD)/obj/%.o)
GEN_HEADERS += $(BUILD)/gen/rn_sysnames_gen.h
-include format/gen/catalog.mk

$(BUILD)/gen/rn_sysnames_gen.h: format/gen/gen_syscalls.sh
	@mkdir -p $(dir $@)
	sh format/gen/gen_syscalls.sh "$(CC)" $@

$(LIBRN): $(FORMAT_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(LIBRN)
