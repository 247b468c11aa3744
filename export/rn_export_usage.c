/* rn_export_usage.c: rn-export --help text (kept true to rn-export(1)). */
#include "rn_export.h"

void rn_export_usage(FILE *f)
{
	fputs(
	    "Usage: rn-export COMMAND FILE [OPTIONS]\n"
	    "       rn-export -h | --help | --version\n"
	    "Exports an rn trace to OpenTelemetry backends and to files other tools read.\n"
	    "\n"
	    "Commands:\n"
	    "  otlp FILE        send spans to an OTLP endpoint (HTTP or gRPC)\n"
	    "  otlp-json FILE   OTLP JSON, one request per line (a collector's file exporter)\n"
	    "  chrome FILE      Chrome Trace Event JSON (Perfetto, chrome://tracing)\n"
	    "  json FILE        one JSON object per event (NDJSON)\n"
	    "  csv FILE         one row per syscall\n"
	    "  folded FILE      folded stacks for flame graphs\n"
	    "  scrub FILE -o OUT [--redact REGEX]...  a copy safe for a bug report\n"
	    "\n"
	    "File commands: -o, --output OUT (default: standard output), --no-functions,\n"
	    "  --rebase-time (otlp-json: shift times so the trace ends now)\n"
	    "otlp options (flags win over OTEL_EXPORTER_OTLP_* and OTEL_BSP_* variables):\n"
	    "  --endpoint URL        default http://localhost:4318/v1/traces (grpc: :4317)\n"
	    "  --protocol P          http/protobuf (default), http/json, grpc\n"
	    "  --headers k=v,k2=v2   extra request headers\n"
	    "  --compression C       gzip or none (default)\n"
	    "  --timeout MS          per request (default 10000)\n"
	    "  --batch-size N        spans per request (default 512)\n"
	    "  --preset P            balanced (512), aggressive (2048), low-latency (128)\n"
	    "  --service-name NAME   service.name (default rn:COMMAND)\n"
	    "  --rebase-time         shift times so the trace ends now\n"
	    "  --retries N           retries per request (default 5)\n"
	    "  --retry-base MS, --retry-max MS   backoff bounds (default 1000, 30000)\n"
	    "  --progress, --no-progress         progress bar (default: when stderr is a "
	    "terminal)\n"
	    "  --certificate PEM     CA certificates for https:// (with --client-certificate PEM\n"
	    "                        and --client-key PEM for mutual TLS)\n"
	    "scrub options: -o OUT (required), --redact REGEX (repeatable), --keep-data, "
	    "--no-stacks\n"
	    "\n"
	    "See rn-export(1).\n",
	    f);
}
