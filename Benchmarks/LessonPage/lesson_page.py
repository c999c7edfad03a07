#!/usr/bin/env python3
"""A lesson page for a signed-in learner under wrk, with peers measured in the same run.

Usage: DATABASE_URL=... REDIS_URL=... lesson_page.py BANDUP_BINARY [SECONDS]

Starts `bandup serve` (BANDUP_ENV=test: templates compiled once, no file watching; warnings-only
logs; the per-client page limit raised out of the way, since wrk is one client), creates a
learner, signs in as a browser would, then runs `wrk -t2 -c64 --latency` against:
  /healthz                          the HTTP floor: router and middleware, no backends, no template
  /lessons/<slug> (anonymous)       rate limit and an anonymous CSRF cookie (Redis), lesson and
                                    neighbours (PostgreSQL), the rendered page
  /lessons/<slug> (signed in)       the same plus the session (Redis), the account and the
                                    learner's progress (PostgreSQL)
  /api/v1/lessons/<slug> (token)    the JSON API: the token (PostgreSQL), the rate limits (Redis),
                                    the lesson's revision (PostgreSQL), JSON with an ETag
The lesson's Markdown is rendered once per revision and served from memory afterwards.
wrk and the server share the machine's cores.
"""
import os
import re
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from bandup_http import free_port, request, sign_in  # noqa: E402

SLUG = "true-false-not-given"


def wrk(port, path, seconds, header=None):
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0


def main():
    binary, seconds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15
    email, password = f"bench-{uuid.uuid4().hex[:8]}@example.com", "a long benchmark passphrase"
    subprocess.run([binary, "user", "create", "--email", email, "--name", "Bench"], input=password + "\n",
                   text=True, check=True, capture_output=True)
    token = subprocess.run([binary, "user", "token", "--email", email, "--scopes", "read", "--days", "1"],
                           text=True, check=True, capture_output=True).stdout.split()[-1]
    port = free_port()
    env = dict(os.environ, BANDUP_ENV="test", PORT=str(port), LOG_LEVEL="warning", PAGE_REQUESTS_PER_MINUTE="1000000",
               API_REQUESTS_PER_MINUTE="1000000", API_ADDRESS_REQUESTS_PER_MINUTE="1000000")
    log = open(f"/tmp/bandup-lesson-page-{port}.log", "w")
    server = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(500):
            try:
                if request(port, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.02)
        else:
            sys.exit(f"bandup serve did not become ready; see {log.name}")
        cookie = sign_in(port, email, password)
        status, page, _ = request(port, "GET", f"/lessons/{SLUG}", {"Cookie": cookie})
        assert status == 200 and "Mark as done" in page, "the signed-in lesson page did not render for the learner"
        status, body, _ = request(port, "GET", f"/api/v1/lessons/{SLUG}", {"Authorization": f"Bearer {token}"})
        assert status == 200 and f'"slug":"{SLUG}"' in body, "the API did not answer with the lesson"
        rows = [("/healthz", "/healthz", None),
                (f"/lessons/{SLUG} (anonymous)", f"/lessons/{SLUG}", None),
                (f"/lessons/{SLUG} (signed in)", f"/lessons/{SLUG}", f"Cookie: {cookie}"),
                (f"/api/v1/lessons/{SLUG} (token)", f"/api/v1/lessons/{SLUG}", f"Authorization: Bearer {token}")]
        results = []
        for name, path, header in rows:
            wrk(port, path, 2, header)  # warm up
            results.append((name, *wrk(port, path, seconds, header)))
        floor = results[0][1]
        print(f"wrk -t2 -c64 -d{seconds}s --latency, {os.cpu_count()} cores shared by wrk and bandup (release)\n")
        print("| Endpoint | requests/s | p99 ms | non-2xx | vs /healthz |")
        print("|---|---:|---:|---:|---:|")
        for name, rate, p99, errors in results:
            print(f"| {name} | {rate:,.0f} | {p99:.2f} | {errors} | {rate / floor:.2f}× |")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
