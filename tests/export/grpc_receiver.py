#!/usr/bin/python3
"""grpc_receiver.py: a second, independent OTLP/gRPC server for rn-export's
tests: Debian's python3-grpcio (run with /usr/bin/python3), which rejects a
request without `te: trailers`. Saves each request body (the serialized
ExportTraceServiceRequest) as DIR/req-N.bin and answers an empty
ExportTraceServiceResponse. Stops by itself after --max-seconds or when the
stop file appears.

  grpc_receiver.py PORT_FILE DIR STOP_FILE [MAX_SECONDS]
"""
import os
import sys
import time
from concurrent import futures

import grpc

port_file, out_dir, stop_file = sys.argv[1:4]
max_seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 60
count = [0]


def export(request, context):
    with open(os.path.join(out_dir, "req-%d.bin" % count[0]), "wb") as f:
        f.write(request)
    count[0] += 1
    return b""


handler = grpc.method_handlers_generic_handler(
    "opentelemetry.proto.collector.trace.v1.TraceService",
    {"Export": grpc.unary_unary_rpc_method_handler(export)},
)
server = grpc.server(futures.ThreadPoolExecutor(max_workers=2),
                     options=[("grpc.max_receive_message_length", 64 << 20)])
server.add_generic_rpc_handlers((handler,))
port = server.add_insecure_port("127.0.0.1:0")
server.start()
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(port_file + ".tmp", port_file)
t0 = time.time()
while time.time() - t0 < max_seconds and not os.path.exists(stop_file):
    time.sleep(0.05)
server.stop(0)
