/* rn_catalog_defs.h: the short names format/data/syscalls.def and
 * syscalls_ia32.def are written with (TF, RINT, FD, SOUT(STAT)...), for the
 * files that include those tables (rn_catalog.c, rn_catalog_ia32.c). Not
 * public. */
#ifndef RN_CATALOG_DEFS_H
#define RN_CATALOG_DEFS_H

#include "rn_catalog.h"
#include "rn_xlat.h"

#define TF          RN_CLASS_FILE
#define TD          RN_CLASS_DESC
#define TN          RN_CLASS_NETWORK
#define TP          RN_CLASS_PROCESS
#define TS          RN_CLASS_SIGNAL
#define TI          RN_CLASS_IPC
#define TM          RN_CLASS_MEMORY
#define TC          RN_CLASS_CREDS
#define TK          RN_CLASS_CLOCK
#define TSTAT       RN_CLASS_STAT
#define TSTATP      RN_CLASS_STAT_P
#define TLST        RN_CLASS_LSTAT
#define TFST        RN_CLASS_FSTAT
#define TSFS        RN_CLASS_STATFS
#define TSFSP       RN_CLASS_STATFS_P
#define TFSFS       RN_CLASS_FSTATFS
#define TPURE       RN_CLASS_PURE
#define TFORK       RN_CLASS_FORK
#define TEXEC       RN_CLASS_EXEC
#define TENDALL     RN_CLASS_ENDALL
#define RINT        RN_R_INT
#define RHEX        RN_R_HEX
#define RFD         RN_R_FD
#define ROCT        RN_R_OCT
#define RNONE       RN_R_NONE
#define RFCNTL      RN_R_FCNTL
#define RET         RN_LEN_RET
#define FIX         RN_LEN_FIXED
#define NA          RN_ARG(RN_A_NONE, 0, 0)
#define INT         RN_ARG(RN_A_INT, 0, 0)
#define LONG        RN_ARG(RN_A_LONG, 0, 0)
#define UINT        RN_ARG(RN_A_UINT, 0, 0)
#define ULONG       RN_ARG(RN_A_ULONG, 0, 0)
#define HEX         RN_ARG(RN_A_HEX, 0, 0)
#define HEXL        RN_ARG(RN_A_HEXL, 0, 0)
#define UID         RN_ARG(RN_A_UID, 0, 0)
#define DEV         RN_ARG(RN_A_DEV, 0, 0)
#define OCT         RN_ARG(RN_A_OCT, 0, 0)
#define PTR         RN_ARG(RN_A_PTR, 0, 0)
#define FD          RN_ARG(RN_A_FD, 0, 0)
#define DIRFD       RN_ARG(RN_A_DIRFD, 0, 0)
#define PATH        RN_ARG(RN_A_PATH, 0, 0)
#define STR         RN_ARG(RN_A_STR, 0, 0)
#define MODE        RN_ARG(RN_A_MODE, 0, 0)
#define SIG         RN_ARG(RN_A_SIGNAL, 0, 0)
#define PID         RN_ARG(RN_A_PID, 0, 0)
#define ARGV        RN_ARG(RN_A_ARGV, 0, 0)
#define ENVP        RN_ARG(RN_A_ENVP, 0, 0)
#define FDPAIR      RN_ARG(RN_A_FDPAIR, FIX, 0)
#define DENTS       RN_ARG(RN_A_DIRENTS, RET, 0)
#define CLONEF      RN_ARG(RN_A_CLONE_FLAGS, 0, RN_XLAT_clone)
#define SLEN(n)     RN_ARG(RN_A_SOCKLEN_INOUT, n, 0)
#define FLAGS(x)    RN_ARG(RN_A_FLAGS, 0, RN_XLAT_##x)
#define ENUM(x)     RN_ARG(RN_A_ENUM, 0, RN_XLAT_##x)
#define FLAGSL(x)   RN_ARG(RN_A_FLAGS, RN_W64, RN_XLAT_##x)
#define ENUML(x)    RN_ARG(RN_A_ENUM, RN_W64, RN_XLAT_##x)
#define BIN(n)      RN_ARG(RN_A_BUF_IN, n, 0)
#define BOUT(n)     RN_ARG(RN_A_BUF_OUT, n, 0)
#define SIN(t)      RN_ARG(RN_A_STRUCT_IN, FIX, RN_ST_##t)
#define SOUT(t)     RN_ARG(RN_A_STRUCT_OUT, FIX, RN_ST_##t)
#define SOPT        RN_ARG(RN_A_SOCKOPT_NAME, 0, 0)
#define SOPTI(n)    RN_ARG(RN_A_SOCKOPT_IN, n, 0)
#define SOPTO(n)    RN_ARG(RN_A_SOCKOPT_OUT, n, 0)
#define IPCKEY      RN_ARG(RN_A_IPC_KEY, 0, 0)
#define IPCF(x)     RN_ARG(RN_A_IPC_FLAGS, 0, RN_XLAT_##x)
#define IPCDS(t, c) RN_ARG(RN_A_SHMID_DS, c, RN_ST_##t)
#define SEMBUF(n)   RN_ARG(RN_A_SEMBUF, n, 0)
#define MSGBI(n)    RN_ARG(RN_A_MSGBUF_IN, n, 0)
#define MSGBO(n)    RN_ARG(RN_A_MSGBUF_OUT, n, 0)
#define VECO(n)     RN_ARG(RN_A_PAGEVEC_OUT, n, 0)
#define IOPRIO      RN_ARG(RN_A_IOPRIO, 0, 0)
#define FCNTLARG    RN_ARG(RN_A_FCNTL_ARG, 0, 0)
#define SREM(t)     RN_ARG(RN_A_STRUCT_REM, FIX, RN_ST_##t)
#define SIO(t)      RN_ARG(RN_A_STRUCT_INOUT, FIX, RN_ST_##t)
#define SINL(t, n)  RN_ARG(RN_A_STRUCT_IN, n, RN_ST_##t)
#define SOUTL(t, n) RN_ARG(RN_A_STRUCT_OUT, n, RN_ST_##t)
#define IOVI(n)     RN_ARG(RN_A_IOV_IN, n, 0)
#define IOVO(n)     RN_ARG(RN_A_IOV_OUT, n, 0)
#define SAI(n)      RN_ARG(RN_A_SOCKADDR_IN, n, 0)
#define SAO(n)      RN_ARG(RN_A_SOCKADDR_OUT, n, 0)
#define POLL(n)     RN_ARG(RN_A_POLLFD, n, 0)
#define IOUT(t)     RN_ARG(RN_A_INTPTR_OUT, FIX, RN_ST_##t)
#define IDSI(n)     RN_ARG(RN_A_IDS_IN, n, 0)
#define IDSO(n)     RN_ARG(RN_A_IDS_OUT, n, 0)
#define CPUSI(n)    RN_ARG(RN_A_CPUSET_IN, n, 0)
#define CPUSO(n)    RN_ARG(RN_A_CPUSET_OUT, n, 0)
#define EPOLLO      RN_ARG(RN_A_EPOLL_OUT, RET, RN_ST_EPOLL_EVENT)
#define IOCTLARG    RN_ARG(RN_A_IOCTL_ARG, 0, 0)
#define FDSET(n)    RN_ARG(RN_A_FDSET, n, 0)
#define NODESI(n)   RN_ARG(RN_A_NODES_IN, n, 0)
#define NODESO(n)   RN_ARG(RN_A_NODES_OUT, n, 0)
#define MSGI        RN_ARG(RN_A_MSGHDR_IN, FIX, RN_ST_MSGHDR)
#define MSGO        RN_ARG(RN_A_MSGHDR_OUT, FIX, RN_ST_MSGHDR)
#define MMSGI(n)    RN_ARG(RN_A_MMSGHDR_IN, n, 0)
#define MMSGO       RN_ARG(RN_A_MMSGHDR_OUT, RET, 0)

/* rn_catalog_ia32.c: the RN_ABI_IA32 entry of i386 call nr (NULL when
 * none), and a struct type's ia32 size (0: no known ia32 layout). */
const rn_sysent *rn_catalog_ia32_ent(uint32_t nr);
uint32_t rn_catalog_ia32_size(int st);

#define PGOFF RN_ARG(RN_A_PGOFF, 0, 0)
#define LL    RN_ARG(RN_A_LL, 0, 0)
#define LLHI  RN_ARG(RN_A_LLHI, 0, 0)

#define SC(n, na, cl, r, a0, a1, a2, a3, a4, a5) {#n, na, r, cl, {a0, a1, a2, a3, a4, a5}},

#endif
