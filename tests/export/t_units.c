/* Unit checks of rn-export's pieces with exact values: the pid map under
 * churn, OTLP answer classification (HTTP and gRPC), JSON escaping of hostile
 * bytes, gzip round trip through zlib, OTLP response parsing of valid and
 * garbage bodies, header lists, span-id determinism. */
#include "../../export/rn_int_map.h"
#include "../../export/rn_otlp.h"
#include "../rn_test.h"

#include <zlib.h>

static void imap_churn(void)
{
	rn_int_map m = {0};
	static int vals[5000];
	for (int i = 0; i < 5000; i++)
		CHECK(rn_int_map_put(&m, i * 7 + 1, &vals[i]) == 0);
	for (int i = 0; i < 5000; i += 2)
		CHECK(rn_int_map_del(&m, i * 7 + 1) == &vals[i]);
	for (int i = 0; i < 5000; i++)
		CHECK(rn_int_map_get(&m, i * 7 + 1) == (i % 2 ? &vals[i] : NULL));
	CHECK_EQ_U(m.n, 2500);
	size_t it = 0, count = 0;
	while (rn_int_map_next(&m, &it, NULL))
		count++;
	CHECK_EQ_U(count, 2500);
	rn_int_map_free(&m);
}

static void classify(void)
{
	CHECK_EQ_U(rn_otlp_classify(0, 200, -1, NULL), RN_TX_OK);
	CHECK_EQ_U(rn_otlp_classify(0, 204, -1, NULL), RN_TX_OK);
	for (long s = 400; s < 600; s++) {
		int want = (s == 429 || s == 502 || s == 503 || s == 504) ? RN_TX_RETRY
		           : s == 413                                     ? RN_TX_TOO_LARGE
		                                                          : RN_TX_FAIL;
		CHECK_EQ_U(rn_otlp_classify(0, s, -1, NULL), want);
	}
	CHECK_EQ_U(rn_otlp_classify(1, 200, 0, NULL), RN_TX_OK);
	CHECK_EQ_U(rn_otlp_classify(1, 200, -1, NULL), RN_TX_FAIL); /* 200 without status */
	int retry[] = {1, 4, 10, 11, 14, 15};
	for (size_t i = 0; i < sizeof(retry) / sizeof(retry[0]); i++)
		CHECK_EQ_U(rn_otlp_classify(1, 200, retry[i], NULL), RN_TX_RETRY);
	CHECK_EQ_U(rn_otlp_classify(1, 200, 3, NULL), RN_TX_FAIL);
	CHECK_EQ_U(rn_otlp_classify(1, 200, 8, "message larger than max (9 vs 4)"),
	           RN_TX_TOO_LARGE);
	CHECK_EQ_U(rn_otlp_classify(1, 200, 8, "quota"), RN_TX_FAIL);
	CHECK_EQ_U(rn_otlp_classify(1, 0, 14, NULL), RN_TX_RETRY); /* trailers-only */
	CHECK_EQ_U(rn_otlp_classify(1, 503, -1, NULL), RN_TX_RETRY);
}

static void json_escape(void)
{
	rn_export_buf b = {0};
	rn_export_buf_json_mem(&b, "a\"b\\\n\x01\xff\xc3\xa9", 9);
	rn_export_buf_add(&b, "", 1);
	CHECK_STR(b.p, "\"a\\\"b\\\\\\n\\u0001\xef\xbf\xbd\xc3\xa9\"");
	rn_export_buf_free(&b);
}

static void gzip_roundtrip(void)
{
	char in[10000];
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)("spans"[i % 5] + (i % 97 == 0));
	rn_export_buf z = {0};
	CHECK(rn_otlp_gzip(in, sizeof(in), &z) == 0);
	CHECK((unsigned char)z.p[0] == 0x1f && (unsigned char)z.p[1] == 0x8b);
	CHECK(z.len < sizeof(in) / 4);
	char out[sizeof(in)];
	z_stream s = {0};
	CHECK(inflateInit2(&s, 15 + 16) == Z_OK);
	s.next_in = (Bytef *)z.p;
	s.avail_in = (uInt)z.len;
	s.next_out = (Bytef *)out;
	s.avail_out = sizeof(out);
	CHECK(inflate(&s, Z_FINISH) == Z_STREAM_END);
	CHECK_EQ_U(s.total_out, sizeof(in));
	CHECK(memcmp(in, out, sizeof(in)) == 0);
	inflateEnd(&s);
	rn_export_buf_free(&z);
}

static void responses(void)
{
	int64_t rej;
	char msg[64];
	/* partial_success { rejected_spans: 7, error_message: "no" } */
	const uint8_t pb[] = {0x0a, 0x06, 0x08, 0x07, 0x12, 0x02, 'n', 'o'};
	CHECK(rn_otlp_response_parse(pb, sizeof(pb), 0, &rej, msg, sizeof(msg)) == 0);
	CHECK_EQ_U(rej, 7);
	CHECK_STR(msg, "no");
	CHECK(rn_otlp_response_parse("", 0, 0, &rej, msg, sizeof(msg)) == 0 && rej == 0);
	const uint8_t junk[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01};
	CHECK(rn_otlp_response_parse(junk, sizeof(junk), 0, &rej, msg, sizeof(msg)) == -1);
	const char *js =
	    "{\"partialSuccess\": {\"rejectedSpans\": \"12\", \"errorMessage\": \"x\\u0001\"}}";
	CHECK(rn_otlp_response_parse(js, strlen(js), 1, &rej, msg, sizeof(msg)) == 0);
	CHECK_EQ_U(rej, 12);
	const char *cut = "{\"partialSuccess\":{\"rejectedSpans\":";
	CHECK(rn_otlp_response_parse(cut, strlen(cut), 1, &rej, msg, sizeof(msg)) == 0 && rej == 0);
}

static void headers(void)
{
	rn_otlp_conf c;
	memset(&c, 0, sizeof(c));
	CHECK(rn_otlp_conf_headers(&c, "api-key=a%3Db, x = y ,,") == 0);
	CHECK_EQ_U(c.nheaders, 2);
	CHECK_STR(c.headers[0], "api-key: a=b");
	CHECK_STR(c.headers[1], "x: y");
	CHECK(rn_otlp_conf_headers(&c, "novalue") == -1);
	CHECK(rn_otlp_conf_headers(&c, "bad key=1") == -1);
	CHECK(rn_otlp_conf_headers(&c, "k=v%0d%0aInjected: 1") == -1);
	rn_otlp_conf_free(&c);
}

static void ids(void)
{
	uint8_t t[16] = {1, 2, 3}, a[8], b[8], c[8];
	rn_span_id_make(t, 3, 42, 0, a);
	rn_span_id_make(t, 3, 42, 0, b);
	rn_span_id_make(t, 3, 43, 0, c);
	CHECK(memcmp(a, b, 8) == 0 && memcmp(a, c, 8) != 0);
	static const char *argv[] = {"/bin/true"};
	rn_header h = {.mono_start_ns = 5, .wall_start_ns = 6, .pid = 7, .argv = argv, .argc = 1};
	uint8_t t1[16], t2[16];
	rn_trace_id_from_header(&h, t1);
	h.pid = 8;
	rn_trace_id_from_header(&h, t2);
	CHECK(memcmp(t1, t2, 16) != 0);
	uint8_t zero[16] = {0};
	CHECK(memcmp(t1, zero, 16) != 0);
}

int main(void)
{
	imap_churn();
	classify();
	json_escape();
	gzip_roundtrip();
	responses();
	headers();
	ids();
	return 0;
}
