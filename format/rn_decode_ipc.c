/* rn_decode_ipc.c: System V IPC's arrays and messages: semop's
 * [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}] and msgsnd's/msgrcv's
 * {mtype=1, mtext="..."}, the ctl calls' struct shmid_ds, msqid_ds and
 * semid_ds (IPC_64: the same in both layouts once widened). Keys, flags and
 * commands are catalog kinds. */
#include "rn_decode_int.h"

void rn_put_sembuf(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_ARRAY, 0);
	if (!c || c->len < 6) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	rn_sb_putc(sb, '[');
	for (uint32_t k = 0; k + 6 <= c->len; k += 6) {
		if (k)
			rn_sb_puts(sb, ", ");
		if (k / 6 >= o->strsize) {
			rn_sb_puts(sb, "...");
			break;
		}
		rn_sb_printf(sb, "{sem_num=%u, sem_op=%d, sem_flg=", rn_ld16(c->data + k),
		             (int16_t)rn_ld16(c->data + k + 2));
		rn_put_flags(sb, o, RN_XLAT_sem_flg, rn_ld16(c->data + k + 4));
		rn_sb_putc(sb, '}');
	}
	rn_sb_putc(sb, ']');
}

void rn_put_msgbuf(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i, int out)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, out);
	/* mtype, a long: 4 bytes in the i386 ABI */
	uint32_t t = rn_sc_abi(o->arch, sc) == RN_ABI_IA32 ? 4 : 8;
	if (!c || c->len < t || (out && (rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT)))) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	uint64_t size = rn_dec_len(o, sc, 2);
	rn_sb_printf(sb, "{mtype=%lld, mtext=",
	             t == 4 ? (long long)(int32_t)rn_ld32(c->data) : (long long)rn_ld64(c->data));
	rn_decode_quote(sb, c->data + t, c->len - t, o->strsize, size > c->len - t);
	rn_sb_putc(sb, '}');
}

/* struct ipc64_perm, as each *id64_ds begins (x86_64 and aarch64 share
 * its first 24 bytes): key, uid, gid, cuid, cgid, mode. */
static void put_perm(rn_sb *sb, const char *name, const uint8_t *p)
{
	rn_sb_printf(sb, "{%s={uid=%u, gid=%u, mode=", name, rn_ld32(p + 4), rn_ld32(p + 8));
	rn_put_oct(sb, rn_ld16(p + 20));
	rn_sb_printf(sb, ", key=%u, cuid=%u, cgid=%u}", rn_ld32(p), rn_ld32(p + 12),
	             rn_ld32(p + 16));
}

/* A struct shmid64_ds, msqid64_ds or semid64_ds in the x86_64 layout. */
static void put_ds(rn_sb *sb, int st, const uint8_t *p)
{
	switch (st) {
	case RN_ST_SHMID_DS:
		put_perm(sb, "shm_perm", p);
		rn_sb_printf(sb, ", shm_segsz=%llu, shm_cpid=%d, shm_lpid=%d, ",
		             (unsigned long long)rn_ld64(p + 48), (int32_t)rn_ld32(p + 80),
		             (int32_t)rn_ld32(p + 84));
		rn_sb_printf(sb, "shm_nattch=%llu, shm_atime=%lld, shm_dtime=%lld, shm_ctime=%lld}",
		             (unsigned long long)rn_ld64(p + 88), (long long)rn_ld64(p + 56),
		             (long long)rn_ld64(p + 64), (long long)rn_ld64(p + 72));
		break;
	case RN_ST_MSQID_DS:
		put_perm(sb, "msg_perm", p);
		rn_sb_printf(sb, ", msg_stime=%llu, msg_rtime=%llu, msg_ctime=%llu, ",
		             (unsigned long long)rn_ld64(p + 48),
		             (unsigned long long)rn_ld64(p + 56),
		             (unsigned long long)rn_ld64(p + 64));
		rn_sb_printf(sb, "msg_qnum=%llu, msg_qbytes=%llu, msg_lspid=%d, msg_lrpid=%d}",
		             (unsigned long long)rn_ld64(p + 80),
		             (unsigned long long)rn_ld64(p + 88), (int32_t)rn_ld32(p + 96),
		             (int32_t)rn_ld32(p + 100));
		break;
	default: /* RN_ST_SEMID_DS */
		put_perm(sb, "sem_perm", p);
		rn_sb_printf(sb, ", sem_otime=%llu, sem_ctime=%llu, sem_nsems=%llu}",
		             (unsigned long long)rn_ld64(p + 48),
		             (unsigned long long)rn_ld64(p + 64),
		             (unsigned long long)rn_ld64(p + 80));
		break;
	}
}

/* shmctl's, msgctl's, semctl's struct, written by the STAT commands of
 * argument RN_ARG_LEN (IPC_64 or not); other commands print the address,
 * in brackets for ipc's semctl (its union semun read through a pointer,
 * as strace prints it). */
void rn_put_ipc_ds(rn_sb *sb, const rn_decode_opts *o, const rn_sysent *e, const rn_syscall *sc,
                   int i)
{
	rn_argspec s = e->args[i];
	int st = (int)RN_ARG_X(s), ind = (sc->flags & RN_SC_VIEW_ARGS32) && st == RN_ST_SEMID_DS;
	unsigned cmd = RN_ARG_LEN(s);
	uint32_t size = rn_dec_struct_size(o, sc, st);
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, 1);
	if (cmd < 6 && rn_catalog_ipc_stat(st, (uint32_t)sc->args[cmd]) && c && size &&
	    c->len >= size && !rn_sc_failed(sc) && !(sc->flags & RN_SC_NO_EXIT)) {
		uint8_t wide[128];
		const uint8_t *p = c->data;
		if (rn_sc_abi(o->arch, sc) == RN_ABI_IA32) {
			if (!rn_dec_widen(o, st, c->data, c->len, wide, sizeof(wide)))
				goto addr;
			p = wide;
		}
		put_ds(sb, st, p);
		return;
	}
addr:
	if (ind)
		rn_sb_putc(sb, '[');
	rn_put_ptr(sb, sc->args[i]);
	if (ind)
		rn_sb_putc(sb, ']');
}
