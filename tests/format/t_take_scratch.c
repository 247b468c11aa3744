/* rn_chunk_take_scratch (rn-record's writer: its two builders share one set
 * of encoder memory): a builder given another's column codec and flatbuffer
 * memory encodes byte for byte what it encodes with its own, fresh; the one
 * that gave them up encodes as before (with new memory); a builder that has
 * its own keeps it. Each in every chunk layout the writer may choose. */
#include "../rn_test.h"
#include "rn_sample.h"

static void encoded(rn_chunk_builder *b, int major, uint8_t **copy, size_t *len)
{
	const uint8_t *fb;
	CHECK(rn_chunk_encode_major(b, 7, major, &fb, len) == 0);
	*copy = malloc(*len);
	CHECK(*copy);
	memcpy(*copy, fb, *len);
}

static void same(rn_chunk_builder *b, int major, const uint8_t *want, size_t wlen)
{
	const uint8_t *fb;
	size_t len;
	CHECK(rn_chunk_encode_major(b, 7, major, &fb, &len) == 0);
	CHECK_EQ_U(len, wlen);
	CHECK(memcmp(fb, want, len) == 0);
}

int main(void)
{
	for (int major = RN_CHUNK_MAJOR_MIN; major <= RN_CHUNK_MAJOR; major++) {
		/* the references: each chunk encoded by a fresh builder */
		uint8_t *r1, *r2;
		size_t l1, l2;
		rn_chunk_builder f;
		rn_chunk_init(&f);
		rn_sample_chunk(&f, 1);
		encoded(&f, major, &r1, &l1);
		rn_chunk_free(&f);
		rn_chunk_init(&f);
		rn_sample_chunk(&f, 2);
		encoded(&f, major, &r2, &l2);
		rn_chunk_free(&f);
		CHECK(l1 != l2 || memcmp(r1, r2, l1) != 0); /* two different chunks */

		rn_chunk_builder a, b;
		rn_chunk_init(&a);
		rn_chunk_init(&b);
		rn_sample_chunk(&a, 1);
		same(&a, major, r1, l1); /* a's memory is warm now */
		rn_chunk_take_scratch(&b, &a);
		CHECK(a.fbb.cap == 0 && a.fbb.p == NULL);
		CHECK(b.fbb.cap > 0);
		CHECK(major < 2 || (a.cols == NULL && b.cols != NULL));
		rn_sample_chunk(&b, 2);
		same(&b, major, r2, l2);
		/* a again, with new memory; then given back nothing: b keeps its own */
		rn_chunk_reset(&a);
		rn_sample_chunk(&a, 1);
		same(&a, major, r1, l1);
		const uint8_t *bp = b.fbb.p;
		rn_chunk_take_scratch(&b, &a);
		CHECK(b.fbb.p == bp && a.fbb.p != NULL);
		rn_chunk_reset(&b);
		rn_sample_chunk(&b, 2);
		same(&b, major, r2, l2);
		rn_chunk_free(&a);
		rn_chunk_free(&b);
		free(r1);
		free(r2);
	}
	return 0;
}
