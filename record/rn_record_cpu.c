/* rn_record_cpu.c: CPU placement. --pin binds the recorder to the CPU it is
 * running on before the program is started, so the program inherits the
 * binding and every ptrace stop is a same-CPU switch (the cheapest here, see
 * docs/recording.md). The default leaves placement alone and spins briefly
 * in the loop instead (rn_record_loop.c). */
#include "rn_record.h"

#include <sched.h>

int rn_cpu_pin(void)
{
	int cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}
