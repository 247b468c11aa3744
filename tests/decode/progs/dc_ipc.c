/* dc_ipc.c: System V IPC (shm, sem, msg) and POSIX message queues, with
 * flags, keys and commands decoded, on private or invalid objects. */
#include "dc_common.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void)
{
	DC_BEGIN();
	int id = R(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | IPC_EXCL | 0600);
	R(SYS_shmget, 0x1234 | HI, 0, 0);
	void *p = (void *)R(SYS_shmat, id, 0, SHM_RDONLY);
	R(SYS_shmdt, p);
	struct shmid_ds ds;
	R(SYS_shmctl, id, IPC_STAT, &ds);
	R(SYS_shmctl, id, IPC_RMID, NULL);
	R(SYS_shmctl, -1, SHM_LOCK | HI, NULL);
	int sid = R(SYS_semget, IPC_PRIVATE, 1, IPC_CREAT | 0600);
	struct sembuf sb = {0, 1, IPC_NOWAIT | SEM_UNDO};
	R(SYS_semop, sid, &sb, 1);
	R(SYS_semctl, sid, 0, GETVAL, 0);
	struct semid_ds sds;
	R(SYS_semctl, sid, 0, IPC_STAT, &sds);
	R(SYS_semctl, sid, 0, IPC_RMID, 0);
	R(SYS_semget, 0x4321, 1, 0);
	int mid = R(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0640);
	struct {
		long type;
		char text[8];
	} m = {1, "msg"};
	R(SYS_msgsnd, mid, &m, 4, IPC_NOWAIT);
	R(SYS_msgrcv, mid, &m, sizeof(m.text), 0, IPC_NOWAIT | MSG_NOERROR);
	R(SYS_msgrcv, mid, &m, sizeof(m.text), 0, IPC_NOWAIT);
	struct msqid_ds mds;
	R(SYS_msgctl, mid, IPC_STAT, &mds);
	R(SYS_msgctl, mid, IPC_RMID, NULL);
	R(SYS_msgget, 0x5678, 0);
	struct mq_attr at = {0, 2, 16, 0, {0}};
	int q = R(SYS_mq_open, "dc_ipc_q", O_RDWR | O_CREAT | O_EXCL, 0600, &at);
	R(SYS_mq_timedsend, q, "hi", 2, 1, NULL);
	char buf[16];
	unsigned prio;
	R(SYS_mq_timedreceive, q, buf, sizeof(buf), &prio, NULL);
	R(SYS_mq_unlink, "dc_ipc_q");
	R(SYS_mq_open, "dc_ipc_none", O_RDONLY);
	return 0;
}
