"""debuginfod_server.py ROOT PORTFILE: a minimal debuginfod server for the
tests: serves ROOT/buildid/<hex>/executable and .../debuginfo over HTTP on
127.0.0.1 (an ephemeral port, written to PORTFILE), 404 for anything else,
and logs each request to ROOT/requests.log."""
import http.server
import os
import sys

root = os.path.abspath(sys.argv[1])


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(os.path.join(root, "requests.log"), "a") as log:
            log.write(self.path + "\n")
        parts = self.path.strip("/").split("/")
        path = os.path.join(root, *parts)
        if len(parts) != 3 or parts[0] != "buildid" or not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
