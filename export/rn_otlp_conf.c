/* rn_otlp_conf.c: `rn-export otlp` options. The OpenTelemetry exporter
 * environment is read first (OTEL_EXPORTER_OTLP_TRACES_* over
 * OTEL_EXPORTER_OTLP_*: ENDPOINT, PROTOCOL, HEADERS, COMPRESSION, TIMEOUT,
 * CERTIFICATE, CLIENT_CERTIFICATE, CLIENT_KEY; OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*), then the command line, which wins. */
#include "rn_export.h"
#include "rn_optmsg.h"
#include "rn_otlp.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRPC_PATH "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

/* The signal-specific variable, else the generic one (*generic set). */
static const char *env2(const char *what, int *generic)
{
	char name[96];
	snprintf(name, sizeof(name), "OTEL_EXPORTER_OTLP_TRACES_%s", what);
	const char *v = getenv(name);
	*generic = 0;
	if (v && *v)
		return v;
	snprintf(name, sizeof(name), "OTEL_EXPORTER_OTLP_%s", what);
	v = getenv(name);
	*generic = 1;
	return v && *v ? v : NULL;
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_protocol(const char *s)
{
	if (strcmp(s, "http/protobuf") == 0)
		return RN_OTLP_HTTP_PB;
	if (strcmp(s, "http/json") == 0)
		return RN_OTLP_HTTP_JSON;
	if (strcmp(s, "grpc") == 0)
		return RN_OTLP_GRPC;
	return 0;
}

static int parse_compression(const char *s)
{
	if (strcmp(s, "gzip") == 0)
		return 1;
	if (strcmp(s, "none") == 0)
		return 0;
	return -1;
}

static int unhex(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

static char *pct_trim(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *o = malloc(n + 1), *p = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && unhex((unsigned char)s[i + 1]) >= 0 &&
		    unhex((unsigned char)s[i + 2]) >= 0) {
			*p++ = (char)(unhex((unsigned char)s[i + 1]) * 16 +
			              unhex((unsigned char)s[i + 2]));
			i += 2;
		} else {
			*p++ = s[i];
		}
	}
	*p = 0;
	return o;
}

int rn_otlp_conf_headers(rn_otlp_conf *c, const char *spec)
{
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		if (n && !eq)
			return -1;
		if (n) {
			char *k = pct_trim(p, (size_t)(eq - p));
			char *v = pct_trim(eq + 1, n - (size_t)(eq - p) - 1);
			int ok = k && v && *k && !strpbrk(k, ": \r\n") && !strpbrk(v, "\r\n") &&
			         c->nheaders < RN_OTLP_MAX_HEADERS;
			char *line = NULL;
			if (ok) {
				size_t len = strlen(k) + strlen(v) + 3;
				line = malloc(len);
				if (line)
					snprintf(line, len, "%s: %s", k, v);
			}
			free(k);
			free(v);
			if (!line)
				return -1;
			c->headers[c->nheaders++] = line;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void clear_headers(rn_otlp_conf *c)
{
	for (int i = 0; i < c->nheaders; i++)
		free(c->headers[i]);
	c->nheaders = 0;
}

void rn_otlp_conf_free(rn_otlp_conf *c)
{
	clear_headers(c);
}

/* Builds the final URL: gRPC gets the service path, HTTP gets /v1/traces
 * when the endpoint is generic (no path of its own). */
static int resolve_endpoint(rn_otlp_conf *c, const char *ep, int generic)
{
	char base[2048];
	const char *def = c->protocol == RN_OTLP_GRPC ? "http://localhost:4317"
	                                              : "http://localhost:4318/v1/traces";
	if (!ep) {
		snprintf(c->endpoint, sizeof(c->endpoint), "%s%s", def,
		         c->protocol == RN_OTLP_GRPC ? GRPC_PATH : "");
		return 0;
	}
	if (strlen(ep) >= sizeof(base) - 80)
		return -1;
	if (strstr(ep, "://"))
		snprintf(base, sizeof(base), "%s", ep);
	else if (c->protocol == RN_OTLP_GRPC)
		snprintf(base, sizeof(base), "http://%s", ep);
	else
		return -1;
	if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
		return -1;
	char *hostpart = strstr(base, "://") + 3;
	char *path = strchr(hostpart, '/');
	if (!*hostpart || hostpart == path)
		return -1;
	if (c->protocol == RN_OTLP_GRPC) {
		if (path)
			*path = 0;
		snprintf(c->endpoint, sizeof(c->endpoint), "%s%s", base, GRPC_PATH);
	} else if (generic || !path || strcmp(path, "/") == 0) {
		size_t l = strlen(base);
		if (l && base[l - 1] == '/')
			base[--l] = 0;
		snprintf(c->endpoint, sizeof(c->endpoint), "%s/v1/traces", base);
	} else {
		snprintf(c->endpoint, sizeof(c->endpoint), "%s", base);
	}
	return 0;
}

static void defaults(rn_otlp_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->protocol = RN_OTLP_HTTP_PB;
	c->timeout_ms = 10000;
	c->batch_size = 512;
	c->queue_size = 2048;
	c->max_retries = 5;
	c->retry_base_ms = 1000;
	c->retry_max_ms = 30000;
	c->progress = -1;
}

/* The environment; a bad value is a usage error naming the variable. */
static int from_env(rn_otlp_conf *c, const char **ep, int *ep_generic)
{
	int g;
	long v;
	const char *s;
	if ((s = env2("PROTOCOL", &g)) && !(c->protocol = parse_protocol(s)))
		return rn_export_usage_error("OTEL_EXPORTER_OTLP_%sPROTOCOL: unknown protocol '%s'",
		                             g ? "" : "TRACES_", s);
	*ep = env2("ENDPOINT", ep_generic);
	if ((s = env2("HEADERS", &g)) && rn_otlp_conf_headers(c, s) < 0)
		return rn_export_usage_error("OTEL_EXPORTER_OTLP_%sHEADERS: bad header list",
		                             g ? "" : "TRACES_");
	if ((s = env2("COMPRESSION", &g)) && (c->gzip = parse_compression(s)) < 0)
		return rn_export_usage_error(
		    "OTEL_EXPORTER_OTLP_%sCOMPRESSION: '%s' is not gzip or none",
		    g ? "" : "TRACES_", s);
	if ((s = env2("TIMEOUT", &g))) {
		if (parse_long(s, 1, 3600000, &v) < 0)
			return rn_export_usage_error(
			    "OTEL_EXPORTER_OTLP_%sTIMEOUT: bad milliseconds '%s'",
			    g ? "" : "TRACES_", s);
		c->timeout_ms = v;
	}
	if ((s = getenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE")) && *s) {
		if (parse_long(s, 1, 1000000, &v) < 0)
			return rn_export_usage_error(
			    "OTEL_BSP_MAX_EXPORT_BATCH_SIZE: bad number '%s'", s);
		c->batch_size = (size_t)v;
	}
	if ((s = getenv("OTEL_BSP_MAX_QUEUE_SIZE")) && *s) {
		if (parse_long(s, 1, 10000000, &v) < 0)
			return rn_export_usage_error("OTEL_BSP_MAX_QUEUE_SIZE: bad number '%s'", s);
		c->queue_size = (size_t)v;
	}
	if ((s = getenv("OTEL_BSP_EXPORT_TIMEOUT")) && *s && !env2("TIMEOUT", &g)) {
		if (parse_long(s, 1, 3600000, &v) < 0)
			return rn_export_usage_error(
			    "OTEL_BSP_EXPORT_TIMEOUT: bad milliseconds '%s'", s);
		c->timeout_ms = v;
	}
	c->ca_file = env2("CERTIFICATE", &g);
	c->client_cert = env2("CLIENT_CERTIFICATE", &g);
	c->client_key = env2("CLIENT_KEY", &g);
	if ((s = getenv("OTEL_SERVICE_NAME")) && *s)
		c->service_name = s;
	if ((s = getenv("OTEL_RESOURCE_ATTRIBUTES")) && *s)
		c->resource_attrs = s;
	return 0;
}

enum {
	O_ENDPOINT = 256,
	O_PROTOCOL,
	O_HEADERS,
	O_COMPRESSION,
	O_TIMEOUT,
	O_BATCH,
	O_PRESET,
	O_SERVICE,
	O_REBASE,
	O_RETRIES,
	O_RETRY_BASE,
	O_RETRY_MAX,
	O_PROGRESS,
	O_NO_PROGRESS,
	O_CERT,
	O_CLIENT_CERT,
	O_CLIENT_KEY
};

static const struct option lopts[] = {
    {"endpoint", required_argument, NULL, O_ENDPOINT},
    {"protocol", required_argument, NULL, O_PROTOCOL},
    {"headers", required_argument, NULL, O_HEADERS},
    {"compression", required_argument, NULL, O_COMPRESSION},
    {"timeout", required_argument, NULL, O_TIMEOUT},
    {"batch-size", required_argument, NULL, O_BATCH},
    {"preset", required_argument, NULL, O_PRESET},
    {"service-name", required_argument, NULL, O_SERVICE},
    {"rebase-time", no_argument, NULL, O_REBASE},
    {"retries", required_argument, NULL, O_RETRIES},
    {"retry-base", required_argument, NULL, O_RETRY_BASE},
    {"retry-max", required_argument, NULL, O_RETRY_MAX},
    {"progress", no_argument, NULL, O_PROGRESS},
    {"no-progress", no_argument, NULL, O_NO_PROGRESS},
    {"certificate", required_argument, NULL, O_CERT},
    {"client-certificate", required_argument, NULL, O_CLIENT_CERT},
    {"client-key", required_argument, NULL, O_CLIENT_KEY},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static int one_flag(rn_otlp_conf *c, int opt, const char *arg, const char **ep, int *ep_generic,
                    int *headers_reset)
{
	long v;
	switch (opt) {
	case O_ENDPOINT:
		*ep = arg;
		*ep_generic = 0;
		return 0;
	case O_PROTOCOL:
		if (!(c->protocol = parse_protocol(arg)))
			return rn_export_usage_error(
			    "--protocol: '%s' is not http/protobuf, http/json or grpc", arg);
		return 0;
	case O_HEADERS:
		if (!*headers_reset) {
			clear_headers(c);
			*headers_reset = 1;
		}
		if (rn_otlp_conf_headers(c, arg) < 0)
			return rn_export_usage_error(
			    "--headers: bad header list '%s' (want k=v,k2=v2)", arg);
		return 0;
	case O_COMPRESSION:
		if ((c->gzip = parse_compression(arg)) < 0)
			return rn_export_usage_error("--compression: '%s' is not gzip or none",
			                             arg);
		return 0;
	case O_TIMEOUT:
		if (parse_long(arg, 1, 3600000, &v) < 0)
			return rn_export_usage_error("--timeout: bad milliseconds '%s'", arg);
		c->timeout_ms = v;
		return 0;
	case O_BATCH:
		if (parse_long(arg, 1, 1000000, &v) < 0)
			return rn_export_usage_error("--batch-size: bad number '%s'", arg);
		c->batch_size = (size_t)v;
		return 0;
	case O_PRESET:
		if (strcmp(arg, "balanced") == 0)
			c->batch_size = 512;
		else if (strcmp(arg, "aggressive") == 0)
			c->batch_size = 2048;
		else if (strcmp(arg, "low-latency") == 0)
			c->batch_size = 128;
		else
			return rn_export_usage_error(
			    "--preset: '%s' is not balanced, aggressive or low-latency", arg);
		return 0;
	case O_SERVICE:
		c->service_name = arg;
		return 0;
	case O_REBASE:
		c->rebase_time = 1;
		return 0;
	case O_RETRIES:
		if (parse_long(arg, 0, 100, &v) < 0)
			return rn_export_usage_error("--retries: bad number '%s' (0..100)", arg);
		c->max_retries = (int)v;
		return 0;
	case O_RETRY_BASE:
	case O_RETRY_MAX:
		if (parse_long(arg, 1, 600000, &v) < 0)
			return rn_export_usage_error("--retry-%s: bad milliseconds '%s'",
			                             opt == O_RETRY_BASE ? "base" : "max", arg);
		if (opt == O_RETRY_BASE)
			c->retry_base_ms = v;
		else
			c->retry_max_ms = v;
		return 0;
	case O_PROGRESS:
	case O_NO_PROGRESS:
		c->progress = opt == O_PROGRESS;
		return 0;
	case O_CERT:
		c->ca_file = arg;
		return 0;
	case O_CLIENT_CERT:
		c->client_cert = arg;
		return 0;
	case O_CLIENT_KEY:
		c->client_key = arg;
		return 0;
	default:
		return 2;
	}
}

int rn_otlp_conf_parse(rn_otlp_conf *c, int argc, char **argv, const char **file)
{
	const char *ep = NULL;
	int ep_generic = 0, headers_reset = 0, rc, opt;
	defaults(c);
	if ((rc = from_env(c, &ep, &ep_generic)))
		return rc;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		if (opt == 'h') {
			rn_export_usage(stdout);
			return 1;
		}
		if (opt == '?' || opt == ':') {
			char why[256];
			return rn_export_usage_error("otlp: %s",
			                             rn_optmsg(why, sizeof(why), opt, argv, "h"));
		}
		if ((rc = one_flag(c, opt, optarg, &ep, &ep_generic, &headers_reset)))
			return rc;
	}
	if (optind >= argc)
		return rn_export_usage_error("otlp: no trace file given");
	if (optind + 1 < argc)
		return rn_export_usage_error("otlp: unexpected argument '%s'", argv[optind + 1]);
	*file = argv[optind];
	if (strcmp(*file, "-") == 0)
		return rn_export_usage_error("otlp: trace files are read from files, not '-'");
	if (resolve_endpoint(c, ep, ep_generic) < 0)
		return rn_export_usage_error("bad endpoint '%s' (want http[s]://host:port[/path])",
		                             ep);
	if (c->batch_size > c->queue_size)
		c->queue_size = c->batch_size;
	if (c->retry_max_ms < c->retry_base_ms)
		c->retry_max_ms = c->retry_base_ms;
	return 0;
}
