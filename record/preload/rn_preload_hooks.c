/* rn_preload_hooks.c: the two entry points -finstrument-functions code calls
 * around every function. Each is a switch test, a dictionary lookup, a clock
 * read and one store into the thread's ring; everything else is in the slow
 * paths of rn_preload_init.c. */
#include "rn_preload.h"

#define RN_API __attribute__((visibility("default"))) RN_NOINST

RN_API void __cyg_profile_func_enter(void *fn, void *site);
RN_API void __cyg_profile_func_exit(void *fn, void *site);

RN_NOINST static inline int rn_pre_wanted(rn_pre_tls *t, uint32_t id)
{
	if (likely(!rn_pre_filtering))
		return 1;
	uint8_t v = rn_pre_verdict[id];
	if (likely(v))
		return v == 1;
	return rn_pre_verdict_slow(t, id);
}

/* The id of fn when this event is to be recorded, else RN_ID_NONE. */
RN_NOINST static inline uint32_t rn_pre_begin(rn_pre_tls *t, void *fn, void *site)
{
	if (!rn_pre_gate(t))
		return RN_ID_NONE;
	uint32_t id = rn_pre_id((uint64_t)(uintptr_t)fn, (uint64_t)(uintptr_t)site);
	if (unlikely(id == RN_ID_NONE)) {
		rn_pre_drop(t); /* the dictionary is full */
		return RN_ID_NONE;
	}
	return rn_pre_wanted(t, id) ? id : RN_ID_NONE;
}

void __cyg_profile_func_enter(void *fn, void *site)
{
	rn_pre_tls *t = &rn_pre_t;
	uint32_t id = rn_pre_begin(t, fn, site);
	if (id == RN_ID_NONE)
		return;
	if (++t->depth > rn_pre_max_depth)
		return;
	rn_pre_put(t, id);
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	rn_pre_tls *t = &rn_pre_t;
	uint32_t id = rn_pre_begin(t, fn, site);
	if (id == RN_ID_NONE)
		return;
	uint32_t d = t->depth;
	if (d == 0) /* entered before tracing was switched on */
		return;
	t->depth = d - 1;
	if (d > rn_pre_max_depth)
		return;
	rn_pre_put(t, id | RN_CHAN_EXIT);
}
