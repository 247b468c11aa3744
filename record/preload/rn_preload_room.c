/* rn_preload_room.c: the producer's slow path when a put passes t->limit:
 * at the high-water mark (half the ring) it wakes the recorder to drain now,
 * and when the ring is full it waits for room rather than drop the event
 * (the program's thread only waits; what it computes is unchanged). It waits
 * as long as the recorder keeps draining; after hdr->wait_ms without a
 * completed drain (hdr->drains) the recorder is taken as stalled, and events
 * that find the ring full are dropped and counted until there is room again
 * (a stuck recorder never hangs the program). One check per crossing of the
 * mark, never one per event. */
#include "rn_preload.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SLEEP_MAX_MS 100 /* one sleep: bounds the cost of a missed wake-up */

RN_NOINST static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0);
}

/* The recorder drains every ring when woken; it sleeps on hdr->kick only
 * when it has nothing to do, so a wake-up syscall is rare. */
RN_NOINST static void kick(void)
{
	rn_chan_hdr *h = rn_pre_hdr;
	atomic_fetch_add(&h->kick, 1);
	if (atomic_load(&h->sleeping))
		futex_wake(&h->kick);
}

RN_NOINST static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Waits until word h fits (1) or the recorder stalled (0). */
RN_NOINST static int wait_room(rn_pre_tls *t, uint64_t h)
{
	rn_chan_slot *s = t->slot;
	uint64_t n = t->mask + 1, deadline = now_ms() + rn_pre_wait_ms;
	uint32_t drains = atomic_load(&rn_pre_hdr->drains);
	for (;;) {
		uint32_t seq = atomic_load(&s->tail_seq);
		atomic_store(&s->waiting, 1);
		uint64_t tail = atomic_load(&s->tail);
		if (h < tail + n) {
			atomic_store(&s->waiting, 0);
			t->limit = tail + n;
			return 1;
		}
		kick();
		uint64_t now = now_ms();
		uint32_t d = atomic_load(&rn_pre_hdr->drains);
		if (d != drains) { /* the recorder is alive, only busy */
			drains = d;
			deadline = now + rn_pre_wait_ms;
		}
		if (now >= deadline)
			break;
		uint64_t left = deadline - now < SLEEP_MAX_MS ? deadline - now : SLEEP_MAX_MS;
		struct timespec ts = {(time_t)(left / 1000), (long)(left % 1000) * 1000000L};
		/* Returns on a wake-up, a changed tail_seq, a signal or the timeout. */
		syscall(SYS_futex, (uint32_t *)&s->tail_seq, FUTEX_WAIT, seq, &ts, NULL, 0);
	}
	atomic_store(&s->waiting, 0);
	t->stalled = 1;
	return 0;
}

RN_NOINST int rn_pre_room(rn_pre_tls *t, uint64_t h)
{
	if (!t->ring)
		return 0;
	uint64_t n = t->mask + 1;
	uint64_t tail = atomic_load_explicit(&t->slot->tail, memory_order_acquire);
	if (h < tail + n / 2) { /* below the mark: next check there */
		t->limit = tail + n / 2;
		t->stalled = 0;
		return 1;
	}
	kick();
	if (h < tail + n) {
		t->limit = tail + n;
		t->stalled = 0;
		return 1;
	}
	if (t->stalled || !rn_pre_wait_ms) /* stalled before, or told never to wait */
		return 0;
	return wait_room(t, h);
}
