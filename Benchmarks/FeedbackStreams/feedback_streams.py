#!/usr/bin/env python3
"""Feedback streams at scale: many learners' pages following their jobs over server-sent events.

Usage: DATABASE_URL=... REDIS_URL=... feedback_streams.py BANDUP_BINARY PEER_BINARY [STREAMS] [JOBS] [SECONDS]

For each server — BandUp's whole path (`bandup serve`, release: the SSE route with sessions, the
attempt read from PostgreSQL, the job's Redis stream replayed, one live Redis reader per process
and fan-out in memory) and the peer (a bare Hummingbird 2 route with one in-process broadcaster,
Benchmarks/Sources/BareStreams) — in the same run:
  1. STREAMS concurrent streams are opened (one per waiting answer; one signed-in learner owns
     them all, so the session and owner checks run on every stream), from several client processes on uvloop with source addresses spread over 127.0.0.x;
     the server's RSS is read from /proc when all are open (and before, with none).
  2. JOBS of those jobs then generate text at 20 chunks/s each for SECONDS; each chunk carries
     the time it was published, and the page that receives it records the delay (chunk to
     browser). BandUp's chunks are published into Redis exactly as its workers do (JobEvents'
     Lua script, read from the Swift source); the peer's broadcaster publishes in process.
Prints a Markdown table: RSS, KB per stream, delivery p50/p99/max, chunks lost, server CPU per
delivery, and BandUp's ratio to the peer. Loopback only; bounded in time.
"""
import asyncio
import json
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from bandup_http import free_port, sign_in  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
CLIENTS = 4
RATE = 20


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(port, path):
    for _ in range(1000):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                if b" 200 " in s.recv(100):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"the server on {port} did not become ready")


# ---- the pages (client processes)

def client_process(index, port, paths, active, cookie, opened, results, go, stop):
    import uvloop
    uvloop.install()
    asyncio.run(clients(index, port, paths, active, cookie, opened, results, go, stop))


async def clients(index, port, paths, active, cookie, opened, results, go, stop):
    delays, seen, failures = [], 0, 0
    gate = asyncio.Semaphore(int(os.environ.get("BENCH_GATE", "256")))
    local = f"127.0.0.{2 + index}"
    connected = 0

    async def page(path, watch):
        nonlocal seen, failures, connected
        async with gate:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(local, 0), limit=1 << 16)
            except OSError:
                failures += 1
                return
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
                         f"Cookie: {cookie}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            if b" 200 " not in head.split(b"\r\n")[0]:
                failures += 1
                writer.close()
                return
            connected += 1
        buffer = b""
        stamp = re.compile(rb'"text":"t(\d+)"')
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            if not watch:
                continue
            now = time.time_ns()
            buffer += chunk
            last = 0
            for match in stamp.finditer(buffer):
                delays.append((now - int(match.group(1))) / 1e6)
                seen += 1
                last = match.end()
            buffer = buffer[last:] if last else buffer[-200:]

    tasks = [asyncio.ensure_future(page(path, path in active)) for path in paths]
    while connected + failures < len(paths):
        await asyncio.sleep(0.05)
    opened.put((index, connected, failures))
    while not go.is_set():
        await asyncio.sleep(0.01)
    while not stop.is_set():
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # chunks still in flight
    results.put((index, delays, seen))
    for task in tasks:
        task.cancel()


def run_pages(port, paths, active, cookie, server_pid, publish, seconds):
    """Opens every page, measures RSS, runs `publish` for `seconds`, and gathers the delays."""
    context = multiprocessing.get_context("fork")
    opened, results, go, stop = context.Queue(), context.Queue(), context.Event(), context.Event()
    shares = [paths[i::CLIENTS] for i in range(CLIENTS)]
    before = rss_kb(server_pid)
    started = time.time()
    processes = [context.Process(target=client_process, args=(i, port, shares[i], set(active), cookie, opened, results, go, stop))
                 for i in range(CLIENTS)]
    for process in processes:
        process.start()
    connected = failures = 0
    for _ in processes:
        _, c, f = opened.get(timeout=600)
        connected, failures = connected + c, failures + f
    open_seconds = time.time() - started
    time.sleep(2)
    held = rss_kb(server_pid)
    cpu_before = cpu_seconds(server_pid)
    go.set()
    published = publish(seconds)
    stop.set()
    delays, seen = [], 0
    for _ in processes:
        _, d, s = results.get(timeout=120)
        delays += d
        seen += s
    cpu = cpu_seconds(server_pid) - cpu_before
    after = rss_kb(server_pid)
    for process in processes:
        process.join(timeout=30)
    delays.sort()

    def pct(p):
        return delays[min(len(delays) - 1, int(len(delays) * p))] if delays else float("nan")
    return {"connected": connected, "failures": failures, "open_s": open_seconds, "rss_before": before, "rss_held": held,
            "rss_after": after, "p50": pct(0.50), "p99": pct(0.99), "max": delays[-1] if delays else float("nan"),
            "published": published, "seen": seen, "cpu": cpu}


def pace(jobs, seconds, send_slot):
    """Calls send_slot(jobs_in_slot) so each job publishes RATE times a second, spread over 5 ms slots."""
    slots = int(1000 / RATE / 5)
    per_slot = [list(range(jobs))[i::slots] for i in range(slots)]
    start, tick, published = time.perf_counter(), 0, 0
    while time.perf_counter() - start < seconds:
        due = start + tick * 0.005
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        published += send_slot(per_slot[tick % slots])
        tick += 1
    return published


# ---- BandUp

def bandup(binary, streams, jobs, seconds):
    import redis
    email, password = f"bench-{uuid.uuid4().hex[:8]}@example.com", "a long benchmark passphrase"
    subprocess.run([binary, "user", "create", "--email", email, "--name", "Bench"], input=password + "\n", text=True, check=True, capture_output=True)
    sql = (f"INSERT INTO feedback_attempts (user_id, prompt_slug, task, prompt_title, prompt_text, state, answer, submitted_at, enqueued_at) "
           f"SELECT u.id, 'working-from-home-debate', 'task-2', 'Bench', 'Bench', 'queued', 'bench', now(), now() "
           f"FROM users u, generate_series(1, {streams}) WHERE u.email = '{email}' RETURNING id")
    ids = subprocess.run(["psql", os.environ["DATABASE_URL"], "-qAt", "-c", sql], capture_output=True, text=True, check=True).stdout.split()
    port, prefix = free_port(), f"bench{uuid.uuid4().hex[:6]}"
    env = dict(os.environ, BANDUP_ENV="test", PORT=str(port), LOG_LEVEL="warning", PAGE_REQUESTS_PER_MINUTE="1000000",
               FEEDBACK_WORKERS="0", FEEDBACK_REDIS_PREFIX=prefix)
    log = open(f"/tmp/bandup-feedback-streams-{port}.log", "w")
    server = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(port, "/readyz")
        cookie = sign_in(port, email, password)
        script = re.search(r'publishScript = """\n(.*?)"""', open(f"{ROOT}/Sources/Feedback/Queue/JobEvents.swift").read(), re.S).group(1)
        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        sha = client.script_load(script)
        live = f"{prefix}:live"

        def send(slot):
            pipe = client.pipeline(transaction=False)
            for job in slot:
                attempt = ids[job]
                data = json.dumps({"text": f"t{time.time_ns()}"})
                pipe.evalsha(sha, 2, f"{prefix}:events:{attempt}", live, 5000, 86_400_000, "text", data, 50_000, attempt, "0", uuid.uuid4().hex)
            pipe.execute()
            return len(slot)
        paths = [f"/answers/{attempt}/events" for attempt in ids]
        result = run_pages(port, paths, paths[:jobs], cookie, server.pid, lambda s: pace(jobs, s, send), seconds)
        client.delete(*[f"{prefix}:events:{attempt}" for attempt in ids[:jobs]], live)
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        subprocess.run(["psql", os.environ["DATABASE_URL"], "-qAt", "-c", f"DELETE FROM users WHERE email = '{email}'"], capture_output=True)


# ---- the peer: a bare Hummingbird route and an in-process broadcaster

def peer(binary, streams, jobs, seconds):
    port = free_port()
    server = subprocess.Popen([binary, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_ready(port, "/healthz")
        paths = [f"/events/{n}" for n in range(streams)]

        def publish(s):
            import http.client
            control = http.client.HTTPConnection("127.0.0.1", port, timeout=s + 60)
            control.request("POST", f"/generate?jobs={jobs}&rate={RATE}&seconds={s}")
            count = int(control.getresponse().read())
            control.close()
            return count
        return run_pages(port, paths, paths[:jobs], "x=y", server.pid, publish, seconds)
    finally:
        server.kill()  # the bare route has no shutdown for open streams
        server.wait(timeout=60)


def main():
    binary, peer_binary = sys.argv[1], sys.argv[2]
    streams = int(sys.argv[3]) if len(sys.argv) > 3 else 19_000
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    seconds = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    rows = [("bare Hummingbird 2 route, in-process broadcaster (peer)", peer(peer_binary, streams, jobs, seconds)),
            ("BandUp: session, PostgreSQL, Redis job streams, one live reader, fan-out", bandup(binary, streams, jobs, seconds))]
    peer_row = rows[0][1]
    print(f"{streams:,} streams held, then {jobs} jobs × {RATE} chunks/s for {seconds} s; {CLIENTS} client processes (uvloop), "
          f"{os.cpu_count()} cores shared by the clients and the server (release)\n")
    print("| Server | streams open | opened in s | RSS idle MB | RSS held MB | KB per stream | chunks published | received | p50 ms | p99 ms | max ms | CPU µs per delivery |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        per = (r["rss_held"] - r["rss_before"]) / max(1, r["connected"])
        cpu = r["cpu"] / max(1, r["seen"]) * 1e6
        print(f"| {name} | {r['connected']:,} (failed {r['failures']}) | {r['open_s']:.1f} | {r['rss_before'] / 1024:.0f} | {r['rss_held'] / 1024:.0f} | "
              f"{per:.1f} | {r['published']:,} | {r['seen']:,} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {cpu:.1f} |")
    b = rows[1][1]
    print(f"\nBandUp vs the peer: RSS held {b['rss_held'] / peer_row['rss_held']:.2f}×, p99 {b['p99'] / peer_row['p99']:.2f}×, "
          f"CPU per delivery {(b['cpu'] / max(1, b['seen'])) / (peer_row['cpu'] / max(1, peer_row['seen'])):.2f}×")
    print(f"Targets: {streams:,} streams under 300 MB RSS: {'met' if b['rss_held'] < 300 * 1024 and b['connected'] == streams else 'NOT met'}; "
          f"p99 under 50 ms: {'met' if b['p99'] < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
