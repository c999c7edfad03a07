#!/usr/bin/env python3
"""Start-up to ready: how long `bandup serve` takes from exec to its first 200 from /readyz.

Usage: DATABASE_URL=... REDIS_URL=... startup.py BANDUP_BINARY [RUNS]

Each run starts the server on a free loopback port in development mode (so it also checks the
migrations), polls /readyz every millisecond, then stops it with SIGTERM. The peer measured in
the same run is the bare cost of starting the same binary (`bandup --help`): the ratio says how
much of the time is BandUp's own start-up work rather than process and runtime loading.
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/readyz")
        status = connection.getresponse().status
        connection.close()
        return status == 200
    except OSError:
        return False


def start_to_ready(binary):
    port = free_port()
    env = dict(os.environ, BANDUP_ENV="development", PORT=str(port), LOG_LEVEL="warning")
    started = time.perf_counter()
    process = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not ready(port):
            if process.poll() is not None:
                sys.exit(f"bandup serve exited with {process.returncode}; run it by hand to see why")
            if time.perf_counter() - started > 30:
                sys.exit("bandup serve was not ready within 30 s")
            time.sleep(0.001)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def bare_start(binary):
    started = time.perf_counter()
    subprocess.run([binary, "--help"], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    start_to_ready(binary)  # warm the page cache and apply migrations once
    ready_times = [start_to_ready(binary) for _ in range(runs)]
    bare_times = [bare_start(binary) for _ in range(runs)]
    ms = lambda xs: f"median {statistics.median(xs) * 1000:7.1f} ms   min {min(xs) * 1000:7.1f}   max {max(xs) * 1000:7.1f}"
    print(f"bandup serve, exec to first 200 from /readyz ({runs} runs): {ms(ready_times)}")
    print(f"peer: bandup --help, exec to exit       ({runs} runs): {ms(bare_times)}")
    print(f"ratio (median): {statistics.median(ready_times) / statistics.median(bare_times):.1f}x the bare process start")
    print("target: under 1000 ms:", "met" if statistics.median(ready_times) < 1 else "NOT met")


if __name__ == "__main__":
    main()
