/* rn_record_cpu.c: CPU placement. --pin binds the recorder to the CPU it is
 * running on before the program is started, so the program inherits the
 * binding and every ptrace stop is a same-CPU switch (the cheapest here, see
 * docs/recording.md). The writer thread gets the original CPU set back so
 * compression does not compete with the program. The default leaves placement alone and spins
 * briefly in the loop instead (rn_record_loop.c). */
#include "rn_record.h"

#include <sched.h>

static cpu_set_t orig;
static int pinned;

int rn_cpu_pin(void)
{
	if (sched_getaffinity(0, sizeof(orig), &orig) < 0)
		return -1;
	int cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		return -1;
	pinned = 1;
	return 0;
}

void rn_cpu_unpin_self(void)
{
	if (pinned)
		sched_setaffinity(0, sizeof(orig), &orig);
}
