/* rn_decode_ipc.c: System V IPC's arrays and messages: semop's
 * [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}] and msgsnd's/msgrcv's
 * {mtype=1, mtext="..."}, shmctl's struct shmid_ds. Keys, flags and
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
	if (!c || c->len < 8 || (out && (rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT)))) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	uint64_t size = rn_dec_len(o, sc, 2);
	rn_sb_printf(sb, "{mtype=%lld, mtext=", (long long)rn_ld64(c->data));
	rn_decode_quote(sb, c->data + 8, c->len - 8, o->strsize, size > c->len - 8);
	rn_sb_putc(sb, '}');
}

/* struct shmid_ds (x86_64 and aarch64 share it): ipc64_perm, then segsz,
 * the three times, the pids and nattch. */
void rn_put_shmid_ds(rn_sb *sb, const rn_decode_opts *o, const rn_syscall *sc, int i)
{
	const rn_capture *c = rn_decode_cap(sc, i, RN_CAP_STRUCT, 1);
	if (!c || c->len < 96 || rn_sc_failed(sc) || (sc->flags & RN_SC_NO_EXIT)) {
		rn_put_ptr(sb, sc->args[i]);
		return;
	}
	const uint8_t *p = c->data;
	rn_sb_printf(sb, "{shm_perm={uid=%u, gid=%u, mode=", rn_ld32(p + 4), rn_ld32(p + 8));
	rn_put_oct(sb, rn_ld16(p + 20));
	rn_sb_puts(sb, ", key=");
	rn_put_hex(sb, rn_ld32(p));
	rn_sb_printf(sb, ", cuid=%u, cgid=%u}, shm_segsz=%llu, shm_cpid=%d, shm_lpid=%d, ",
	             rn_ld32(p + 12), rn_ld32(p + 16), (unsigned long long)rn_ld64(p + 48),
	             (int32_t)rn_ld32(p + 80), (int32_t)rn_ld32(p + 84));
	rn_sb_printf(sb, "shm_nattch=%llu, shm_atime=%lld, shm_dtime=%lld, shm_ctime=%lld}",
	             (unsigned long long)rn_ld64(p + 88), (long long)rn_ld64(p + 56),
	             (long long)rn_ld64(p + 64), (long long)rn_ld64(p + 72));
	(void)o;
}
