# tests/vm: rn under other kernels in qemu (tests/vm/vm_run.sh). The guest
# runs static binaries only: rn-record-static (make static) and static
# builds of the recorder's test programs, at the same absolute path as on
# the host, so one binary recorded here and there prints the same lines.
VM_PROG_NAMES := forkexec threads vforker execthr zombie killmid fileio loop mmsgcap ticker groupend
VM_PROGS := $(patsubst %,$(BUILD)/tests/vm/progs/%,$(VM_PROG_NAMES))
$(BUILD)/tests/vm/progs/%: tests/record/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -static -o $@ $< -lpthread
# (not under SANITIZE=1: no static link with the sanitizers; the tests skip)
ifneq ($(SANITIZE),1)
TEST_TARGETS += $(VM_PROGS) $(BIN)/rn-record-static
endif
