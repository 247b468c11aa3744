/* shortstack.c: getppid() on stacks that end soon above the stack pointer,
 * for --stack's short reads. Prints the page-end addresses it used.
 * 1. On a one-page stack (page A) whose next page (B) is mapped but never
 *    touched and whose page after (C) is PROT_NONE: the bpf backend reads up
 *    to A's end only (it never faults B in), ptrace reads A and B (B as
 *    zeros) and stops at C.
 * 2. x86_64: with the stack pointer in unmapped memory: nothing readable. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t main_ctx, fn_ctx;

static void on_small_stack(void)
{
	syscall(SYS_getppid);
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *m =
	    mmap(NULL, 3 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + 2 * pg, (size_t)pg, PROT_NONE) < 0)
		return 90;
	printf("A_end %lx\n", (unsigned long)(uintptr_t)(m + pg));
	printf("C %lx\n", (unsigned long)(uintptr_t)(m + 2 * pg));
	fflush(stdout);
	getcontext(&fn_ctx);
	fn_ctx.uc_stack.ss_sp = m;
	fn_ctx.uc_stack.ss_size = (size_t)pg;
	fn_ctx.uc_link = &main_ctx;
	makecontext(&fn_ctx, on_small_stack, 0);
	if (swapcontext(&main_ctx, &fn_ctx) < 0)
		return 91;
#if defined(__x86_64__)
	long r;
	__asm__ volatile("mov %%rsp, %%r12\n\t"
	                 "mov $0x1000, %%rsp\n\t"
	                 "syscall\n\t"
	                 "mov %%r12, %%rsp"
	                 : "=a"(r)
	                 : "a"((long)SYS_getppid)
	                 : "r12", "rcx", "r11", "memory");
	if (r <= 0)
		return 92;
#endif
	return 0;
}
