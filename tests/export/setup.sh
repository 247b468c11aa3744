#!/bin/bash
# tests/export/setup.sh: installs the pinned npm packages rn-export's tests use
# (the upstream OTLP decoder @opentelemetry/otlp-transformer@0.216.0 and a real
# gRPC server, @grpc/grpc-js) into tests/export/node_modules from the committed
# package-lock.json. Idempotent: does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
	echo "tests/export/setup.sh: npm not installed; the OTLP tests will skip"
	exit 0
fi
if [ -f node_modules/@opentelemetry/otlp-transformer/package.json ] &&
	grep -q '"version": "0.216.0"' node_modules/@opentelemetry/otlp-transformer/package.json &&
	[ -f node_modules/@grpc/grpc-js/package.json ]; then
	exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
