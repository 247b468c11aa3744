/* dc_mem.c: memory calls: mmap's flags and protections, mprotect, madvise,
 * msync, mremap, mlock, brk, mincore; NUMA policies with their node masks
 * (what ps asks first). */
#include "dc_common.h"
#include <sys/mman.h>

int main(void)
{
	DC_BEGIN();
	void *m = (void *)R(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                    -1, 0);
	R(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED | MAP_FILE | MAP_POPULATE, -1 | HI, 0);
	R(SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC | PROT_GROWSDOWN,
	  MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 4096);
	R(SYS_mmap, 0, 0, PROT_NONE, MAP_SHARED_VALIDATE | MAP_SYNC, -1, 0);
	R(SYS_mmap, 0, 4096, PROT_READ | 0x100,
	  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT), -1, 0);
	R(SYS_mprotect, m, 4096, PROT_NONE | HI);
	R(SYS_mprotect, m, 4096, PROT_READ | PROT_WRITE);
	R(SYS_madvise, m, 8192, MADV_DONTNEED | HI);
	R(SYS_madvise, m, 8192, MADV_SEQUENTIAL);
	R(SYS_madvise, m, 8192, MADV_FREE);
	R(SYS_madvise, m, 8192, 12345);
	R(SYS_msync, m, 4096, MS_ASYNC | MS_INVALIDATE);
	R(SYS_mlock, m, 4096);
	R(SYS_munlock, m, 4096);
	R(SYS_mlockall, MCL_CURRENT | MCL_ONFAULT | HI);
	R(SYS_munlockall, 0);
	R(SYS_mlock2, m, 4096, MLOCK_ONFAULT);
	unsigned char vec[2];
	R(SYS_mincore, m, 8192, vec);
	void *n = (void *)R(SYS_mremap, m, 8192, 4096, 0);
	R(SYS_mremap, n, 4096, 8192, MREMAP_MAYMOVE, 0);
	R(SYS_mremap, BADADDR & ~4095UL, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, 0x10000);
	R(SYS_munmap, n, 4096);
	R(SYS_brk, 0);
	R(SYS_pkey_mprotect, m, 4096, PROT_READ, -1);
	R(SYS_remap_file_pages, 0, 4096, 0, 0, MAP_NONBLOCK);
	R(SYS_membarrier, 0, 0, 0);
	/* node masks: strace reads (maxnode + 62) / 64 longs */
	unsigned long nodes[17] = {1, 0};
	int mode = -1;
	R(SYS_set_mempolicy, 2 /* MPOL_BIND */, nodes, 2);
	R(SYS_set_mempolicy, 5 /* MPOL_PREFERRED_MANY */ | HI, nodes, 1024);
	R(SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0);
	R(SYS_get_mempolicy, &mode, nodes, 1025, NULL, 0);
	R(SYS_get_mempolicy, &mode, nodes, 65, NULL, 0);
	R(SYS_get_mempolicy, BADADDR, BADADDR, 1025, NULL, 0);
	nodes[0] = 1;
	R(SYS_mbind, m, 4096, 2 /* MPOL_BIND */, nodes, 2, 1 /* MPOL_MF_STRICT */);
	R(SYS_mbind, m, 4096, 0 /* MPOL_DEFAULT */, NULL, 0, 0);
	return 0;
}
