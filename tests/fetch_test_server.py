#!/usr/bin/env python3
"""Loopback HTTP server for tests/data/test_fetch.cc that breaks off in the middle of a file.

Serves DIRECTORY on 127.0.0.1 at a free port, printed as 'port N' on stdout. The first plain GET
of each file announces the full Content-Length, sends only the first half of the body and closes
the connection (a server or network that drops out mid-file). Range requests ('bytes=START-')
get 206 and the bytes from START on. Every request is logged on stderr as
'GET PATH range=VALUE'. It stops by itself after --lifetime seconds.
"""
import argparse
import http.server
import os
import sys
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--lifetime", type=float, default=120.0)
    args = parser.parse_args()
    root = os.path.realpath(args.directory)
    cut_done = set()
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *unused):
            pass

        def do_GET(self):
            range_header = self.headers.get("Range", "")
            sys.stderr.write(f"GET {self.path} range={range_header}\n")
            sys.stderr.flush()
            path = os.path.realpath(os.path.join(root, self.path.lstrip("/")))
            if not path.startswith(root + os.sep) or not os.path.isfile(path):
                self.send_error(404)
                return
            with open(path, "rb") as f:
                body = f.read()
            if range_header.startswith("bytes=") and range_header.endswith("-"):
                start = int(range_header[len("bytes="):-1])
                if start >= len(body):
                    self.send_error(416)
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                self.wfile.write(body[start:])
                return
            with lock:
                cut = self.path not in cut_done
                cut_done.add(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if cut else body)
            self.close_connection = True

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Timer(args.lifetime, server.shutdown).start()
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
