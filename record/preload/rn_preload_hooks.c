/* rn_preload_hooks.c: the two entry points -finstrument-functions code calls
 * around every function. Each is a switch test, a dictionary lookup, a clock
 * read and one store into the thread's ring; everything else is in the slow
 * paths of rn_preload_init.c. */
#include "rn_preload.h"

#define RN_API __attribute__((visibility("default"))) RN_NOINST

RN_API void __cyg_profile_func_enter(void *fn, void *site);
RN_API void __cyg_profile_func_exit(void *fn, void *site);

void __cyg_profile_func_enter(void *fn, void *site)
{
	rn_pre_tls *t = &rn_pre_t;
	uint32_t id = rn_pre_begin(t, fn, site);
	if (id != RN_ID_NONE)
		rn_pre_enter_id(t, id);
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	rn_pre_tls *t = &rn_pre_t;
	uint32_t id = rn_pre_begin(t, fn, site);
	if (id != RN_ID_NONE)
		rn_pre_exit_id(t, id);
}
