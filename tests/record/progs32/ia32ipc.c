/* ia32ipc.c: a 32-bit x86 program (built -m32 -static) making each System
 * V IPC call through i386's ipc multiplexer (nr 117), as its libc does:
 * semget, semop (glibc's semtimedop with a NULL timeout), semtimedop,
 * semctl (IPC_STAT, GETVAL, SETVAL, IPC_RMID: its union semun read
 * through a pointer), msgget, msgsnd, msgrcv (through its ipc_kludge,
 * version 0), msgctl, shmget, shmat (its result written to *third), shmdt,
 * shmctl, the ctl commands with IPC_64; then by hand: semop (call 1),
 * msgrcv of version 1 (no kludge) and failing calls (not msgrcv's: strace
 * prints its ipc_kludge's address then, rn-replay what it points to).
 * tests/record/test_ia32_ipc.sh compares rn-replay's lines with strace's. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	struct sembuf sb[2] = {{0, 1, 0}, {1, 2, IPC_NOWAIT}};
	semop(sem, sb, 2);
	struct timespec ts = {0, 1000};
	semtimedop(sem, sb, 1, &ts);
	struct semid_ds sds;
	semctl(sem, 0, IPC_STAT, &sds);
	semctl(sem, 1, SETVAL, 7);
	semctl(sem, 1, GETVAL);
	syscall(SYS_ipc, 1, sem, 1, 0, sb); /* SEMOP itself */
	semctl(sem, 0, IPC_RMID);
	semctl(sem, 0, IPC_STAT, &sds); /* EINVAL: removed */

	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct {
		long mtype;
		char mtext[16];
	} mb = {5, "hello"};
	msgsnd(q, &mb, 5, 0);
	msgsnd(q, &mb, 3, IPC_NOWAIT);
	msgrcv(q, &mb, 8, 0, IPC_NOWAIT);
	syscall(SYS_ipc, 0x1000c, q, 8, IPC_NOWAIT, &mb, 5); /* version 1: no ipc_kludge */
	struct msqid_ds mds;
	msgctl(q, IPC_STAT, &mds);
	msgctl(q, IPC_RMID, NULL);

	int sh = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p = shmat(sh, NULL, SHM_RDONLY);
	struct shmid_ds shds;
	shmctl(sh, IPC_STAT, &shds);
	shmdt(p);
	shmat(-1, NULL, 0); /* EINVAL */
	shmctl(sh, IPC_RMID, NULL);
	return 0;
}
