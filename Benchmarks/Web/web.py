#!/usr/bin/env python3
"""BandUp's pages under wrk beside the field's reference, in one run and one table.

Usage: DATABASE_URL=... REDIS_URL=... web.py BANDUP REFERENCE [--seconds N] [--connections 16,64,256]
                                            [--soak SECONDS] [--verify]

Starts the reference (TechEmpower Fortunes on Hummingbird 2 + PostgresNIO + swift-mustache) and
`bandup serve` (BANDUP_ENV=test: templates compiled once, the /_test/fortunes route; warnings-only
logs; the per-client limits raised out of the way, since wrk is one client), creates a learner,
signs in as a browser would, starts a practice test, then runs `wrk --latency` against each row
at each connection count. Every ratio is to the reference's Fortunes at the same connection count
in the same run. Both servers and wrk share the machine's cores with PostgreSQL and Redis.

--verify (CI): fetch both Fortunes pages once and require them byte-identical, and every other row
once with the content a learner would see; no timing. --soak S: the 256-connection runs last S
seconds (the issue's "0 errors at 256 connections for 60 s").
"""
import argparse
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from bandup_http import free_port, request, sign_in  # noqa: E402

LESSON = "true-false-not-given"
TEST = "academic-reading-1"


def fetch(port, path, header=None):
    """(status, body bytes, content type)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    name, _, value = (header or "").partition(": ")
    connection.request("GET", path, headers={name: value} if header else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response.getheader("Content-Type")


def wrk(port, path, seconds, connections, header=None):
    """(requests/s, p50 ms, p99 ms, errors: non-2xx/3xx answers plus socket errors)."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(percent):
        match = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)\b", out)
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(n) for n in sockets.groups()) if sockets else 0)
    return rate, latency(50), latency(99), errors


def start(command, env, port, ready_path, name):
    log = open(f"/tmp/bandup-web-{name}-{port}.log", "w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(1500):
        try:
            if request(port, "GET", ready_path)[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.02)
    process.kill()
    sys.exit(f"{name} did not become ready; see {log.name}")


def start_attempt(port, cookie):
    """A practice attempt of TEST for the signed-in learner: the path of its page."""
    _, page, _ = request(port, "GET", "/tests", {"Cookie": cookie})
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", f"/tests/{TEST}/attempts", body=urllib.parse.urlencode({"_csrf": token, "mode": "practice"}), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}", "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    assert response.status == 303, f"starting a practice test answered {response.status}"
    return response.getheader("Location")


def verify(rows):
    """Both Fortunes pages byte for byte, and every row once with what a learner would see."""
    (_, ref_port, ref_path, _, _), (_, our_port, our_path, _, _) = rows[0], rows[1]
    reference, ours = fetch(ref_port, ref_path), fetch(our_port, our_path)
    for name, (status, body, kind) in (("reference", reference), ("BandUp", ours)):
        assert status == 200 and kind == "text/html; charset=utf-8", f"{name} Fortunes answered {status} {kind}"
        assert body.count(b"<tr><td>") == 13 and "フレームワークのベンチマーク".encode() in body, f"{name} Fortunes lacks rows"
        assert b"<td>&lt;script&gt;alert(&quot;This should not be displayed" in body, f"{name} Fortunes did not escape the script row"
        assert body.index(b"<tr><td>11</td>") < body.index(b"<tr><td>4</td>"), f"{name} Fortunes is not sorted by message"
    assert reference[1] == ours[1], f"the Fortunes pages differ:\n{reference[1]!r}\n{ours[1]!r}"
    print(f"verify: both Fortunes pages are the same {len(ours[1])} bytes")
    for name, port, path, header, expected in rows[2:]:
        status, body, _ = fetch(port, path, header)
        assert status == 200 and expected.encode() in body, f"{name} answered {status} without {expected!r}"
        print(f"verify: {name} answers 200 with {expected!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bandup")
    parser.add_argument("reference")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="16,64,256")
    parser.add_argument("--soak", type=int, default=0)
    parser.add_argument("--verify", action="store_true")
    arguments = parser.parse_args()

    email, password = f"bench-{uuid.uuid4().hex[:8]}@example.com", "a long benchmark passphrase"
    subprocess.run([arguments.bandup, "user", "create", "--email", email, "--name", "Bench"], input=password + "\n",
                   text=True, check=True, capture_output=True)
    port, ref_port = free_port(), free_port()
    env = dict(os.environ, BANDUP_ENV="test", PORT=str(port), LOG_LEVEL="warning", PAGE_REQUESTS_PER_MINUTE="1000000",
               API_REQUESTS_PER_MINUTE="1000000", API_ADDRESS_REQUESTS_PER_MINUTE="1000000")
    servers = []
    try:
        servers.append(start([arguments.reference, str(ref_port)], dict(os.environ), ref_port, "/healthz", "reference"))
        servers.append(start([arguments.bandup, "serve"], env, port, "/readyz", "bandup"))
        cookie = sign_in(port, email, password)
        attempt = start_attempt(port, cookie)
        signed_in = f"Cookie: {cookie}"
        rows = [("HB2 Fortunes reference", ref_port, "/fortunes", None, "Fortunes"),
                ("BandUp-stack Fortunes", port, "/_test/fortunes", None, "Fortunes"),
                ("/healthz", port, "/healthz", None, "ok"),
                (f"/lessons/{LESSON} (anonymous)", port, f"/lessons/{LESSON}", None, "Sign in"),
                (f"/lessons/{LESSON} (signed in)", port, f"/lessons/{LESSON}", signed_in, "Mark as done"),
                ("/dashboard (signed in)", port, "/dashboard", signed_in, "Bench"),
                (f"{TEST} in progress (signed in)", port, attempt, signed_in, 'aria-label="Questions"')]
        verify(rows)
        if arguments.verify:
            return
        for connections in [int(c) for c in arguments.connections.split(",")]:
            seconds = max(arguments.seconds, arguments.soak) if connections >= 256 else arguments.seconds
            results = []
            for name, row_port, path, header, _ in rows:
                wrk(row_port, path, 2, connections, header)  # warm up
                results.append((name, *wrk(row_port, path, seconds, connections, header)))
            floor = results[0][1]
            print(f"\n{connections} connections: wrk -t{min(2, connections)} -c{connections} -d{seconds}s --latency, "
                  f"{os.cpu_count()} cores shared by wrk, both servers (release), PostgreSQL and Redis\n")
            print("| Endpoint | requests/s | p50 ms | p99 ms | errors | vs HB2 Fortunes |")
            print("|---|---:|---:|---:|---:|---:|")
            for name, rate, p50, p99, errors in results:
                print(f"| {name} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {errors} | {rate / floor:.2f}× |")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
