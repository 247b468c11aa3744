/* rn_preload_mcount.c: programs built with -pg (x86_64). gcc calls mcount
 * right after each function's prologue, at entry only; to see the exit,
 * mcount replaces the caller's return address in the frame (8(%rbp)) with
 * rn_mcount_return and keeps the real one on a per-thread shadow stack.
 * The function's address in the events is mcount's return address, a few
 * bytes into the function. Frames a longjmp skips are dropped from the
 * shadow stack at the next entry; pthread_exit and C++ throws put the real
 * return addresses back first, because the unwinder cannot walk through the
 * trampoline (their frames then get no exit: the recorder closes them when
 * an outer frame exits). */
#include "rn_preload.h"

#if defined(__x86_64__)

#include <dlfcn.h>
#include <pthread.h>
#include <sys/mman.h>

#define MC_FRAMES (1u << 16)

typedef struct mc_frame {
	uint64_t ret;  /* the caller's real return address */
	uint64_t *loc; /* where it was on the stack */
	uint64_t self; /* mcount's return address: inside the function */
} mc_frame;

static __thread mc_frame *mc_stack __attribute__((tls_model("initial-exec")));
static __thread uint32_t mc_n __attribute__((tls_model("initial-exec")));

RN_HIDDEN void rn_mcount_enter(uint64_t self, uint64_t *loc);
RN_HIDDEN uint64_t rn_mcount_exit(void);
extern char rn_mcount_return[];

/* mcount: saves the argument registers (the function has not read its
 * arguments yet) and r10 (static chain), aligns the stack (the function may
 * have pushed registers before calling), calls rn_mcount_enter(self,
 * &caller's return address). r11 is scratch in the ABI. */
__asm__(".text\n"
        ".globl mcount\n"
        ".type mcount, @function\n"
        "mcount:\n"
        "	movq %rsp, %r11\n"
        "	andq $-16, %rsp\n"
        "	subq $208, %rsp\n"
        "	movq %r11, 192(%rsp)\n"
        "	movaps %xmm0, 0(%rsp)\n"
        "	movaps %xmm1, 16(%rsp)\n"
        "	movaps %xmm2, 32(%rsp)\n"
        "	movaps %xmm3, 48(%rsp)\n"
        "	movaps %xmm4, 64(%rsp)\n"
        "	movaps %xmm5, 80(%rsp)\n"
        "	movaps %xmm6, 96(%rsp)\n"
        "	movaps %xmm7, 112(%rsp)\n"
        "	movq %rdi, 128(%rsp)\n"
        "	movq %rsi, 136(%rsp)\n"
        "	movq %rdx, 144(%rsp)\n"
        "	movq %rcx, 152(%rsp)\n"
        "	movq %r8, 160(%rsp)\n"
        "	movq %r9, 168(%rsp)\n"
        "	movq %rax, 176(%rsp)\n"
        "	movq %r10, 184(%rsp)\n"
        "	movq (%r11), %rdi\n"
        "	leaq 8(%rbp), %rsi\n"
        "	call rn_mcount_enter\n"
        "	movaps 0(%rsp), %xmm0\n"
        "	movaps 16(%rsp), %xmm1\n"
        "	movaps 32(%rsp), %xmm2\n"
        "	movaps 48(%rsp), %xmm3\n"
        "	movaps 64(%rsp), %xmm4\n"
        "	movaps 80(%rsp), %xmm5\n"
        "	movaps 96(%rsp), %xmm6\n"
        "	movaps 112(%rsp), %xmm7\n"
        "	movq 128(%rsp), %rdi\n"
        "	movq 136(%rsp), %rsi\n"
        "	movq 144(%rsp), %rdx\n"
        "	movq 152(%rsp), %rcx\n"
        "	movq 160(%rsp), %r8\n"
        "	movq 168(%rsp), %r9\n"
        "	movq 176(%rsp), %rax\n"
        "	movq 184(%rsp), %r10\n"
        "	movq 192(%rsp), %rsp\n"
        "	ret\n"
        ".size mcount, .-mcount\n"
        /* A traced function returns here: keep its return values, record the
         * exit, go on to the real return address. */
        ".globl rn_mcount_return\n"
        ".hidden rn_mcount_return\n"
        ".type rn_mcount_return, @function\n"
        "rn_mcount_return:\n"
        "	movq %rsp, %r11\n"
        "	andq $-16, %rsp\n"
        "	subq $64, %rsp\n"
        "	movq %r11, 48(%rsp)\n"
        "	movq %rax, 0(%rsp)\n"
        "	movq %rdx, 8(%rsp)\n"
        "	movaps %xmm0, 16(%rsp)\n"
        "	movaps %xmm1, 32(%rsp)\n"
        "	call rn_mcount_exit\n"
        "	movq %rax, %r11\n"
        "	movq 0(%rsp), %rax\n"
        "	movq 8(%rsp), %rdx\n"
        "	movaps 16(%rsp), %xmm0\n"
        "	movaps 32(%rsp), %xmm1\n"
        "	movq 48(%rsp), %rsp\n"
        "	jmp *%r11\n"
        ".size rn_mcount_return, .-rn_mcount_return\n");

RN_NOINST void rn_mcount_enter(uint64_t self, uint64_t *loc)
{
	rn_pre_tls *t = &rn_pre_t;
	uint32_t id = rn_pre_begin(t, (void *)(uintptr_t)self, (void *)(uintptr_t)*loc);
	if (id == RN_ID_NONE)
		return;
	if (unlikely(!mc_stack)) {
		void *m = mmap(NULL, MC_FRAMES * sizeof(mc_frame), PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (m == MAP_FAILED) {
			rn_pre_drop(t);
			return;
		}
		mc_stack = m;
	}
	/* Frames at or below this one on the stack were left by longjmp. */
	uint32_t n = mc_n;
	while (n > 0 && mc_stack[n - 1].loc <= loc) {
		n--;
		if (t->depth)
			t->depth--;
	}
	if (n == MC_FRAMES) {
		mc_n = n;
		rn_pre_drop(t);
		return;
	}
	/* Take the entry before filling it, so a signal handler's frames go
	 * above it; its loc is first made one that no handler takes as stale. */
	mc_stack[n].loc = (uint64_t *)UINTPTR_MAX;
	atomic_signal_fence(memory_order_seq_cst);
	mc_n = n + 1;
	atomic_signal_fence(memory_order_seq_cst);
	mc_stack[n] = (mc_frame){*loc, loc, self};
	atomic_signal_fence(memory_order_seq_cst);
	*loc = (uint64_t)(uintptr_t)rn_mcount_return;
	rn_pre_enter_id(t, id);
}

RN_NOINST uint64_t rn_mcount_exit(void)
{
	rn_pre_tls *t = &rn_pre_t;
	mc_frame f = mc_stack[mc_n - 1];
	atomic_signal_fence(memory_order_seq_cst);
	mc_n--;
	uint32_t id = rn_pre_begin(t, (void *)(uintptr_t)f.self, (void *)(uintptr_t)f.ret);
	if (id != RN_ID_NONE)
		rn_pre_exit_id(t, id);
	return f.ret;
}

/* Puts every real return address back, for an unwinder. The entries stay
 * until __cxa_begin_catch knows which frames the exception unwound. */
static __thread int mc_restored __attribute__((tls_model("initial-exec")));

RN_NOINST static void mc_restore(void)
{
	for (uint32_t i = mc_n; i > 0; i--)
		*mc_stack[i - 1].loc = mc_stack[i - 1].ret;
	mc_restored = mc_n > 0;
}

#define RN_API __attribute__((visibility("default"))) RN_NOINST

RN_API void pthread_exit(void *ret);
RN_API void __cxa_throw(void *obj, void *type, void (*dtor)(void *));
RN_API void *__cxa_begin_catch(void *exc);

/* The thread ends: its frames are closed by the thread-end marker. */
void pthread_exit(void *ret)
{
	static void (*real)(void *);
	mc_restore();
	mc_n = 0;
	mc_restored = 0;
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_exit");
	real(ret);
	__builtin_unreachable();
}

void __cxa_throw(void *obj, void *type, void (*dtor)(void *))
{
	static void (*real)(void *, void *, void (*)(void *));
	mc_restore();
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "__cxa_throw");
	real(obj, type, dtor);
	__builtin_unreachable();
}

/* In the catching function: the frames below it were unwound (their exits
 * are recorded now); the ones above it get the trampoline back. */
void *__cxa_begin_catch(void *exc)
{
	static void *(*real)(void *);
	if (mc_restored) {
		uint64_t *sp = (uint64_t *)__builtin_frame_address(0) + 2;
		rn_pre_tls *t = &rn_pre_t;
		while (mc_n > 0 && mc_stack[mc_n - 1].loc < sp) {
			mc_frame f = mc_stack[--mc_n];
			uint32_t id =
			    rn_pre_begin(t, (void *)(uintptr_t)f.self, (void *)(uintptr_t)f.ret);
			if (id != RN_ID_NONE)
				rn_pre_exit_id(t, id);
		}
		for (uint32_t i = mc_n; i > 0; i--)
			*mc_stack[i - 1].loc = (uint64_t)(uintptr_t)rn_mcount_return;
		mc_restored = 0;
	}
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "__cxa_begin_catch");
	return real(exc);
}

#endif
