#!/usr/bin/env python3
"""Drives a running secret-store with a short, varied load and scrapes GET /metrics every
--interval seconds, one JSON line per scrape ({"t": seconds since start, "epoch": Unix time, "text": page}).

The timeline (fractions of --seconds) gives every panel of docs/grafana/secretstore-dashboard.json
something to show: steady reads, writes, lists and 404s throughout; failed logins from 15 %;
certificates issued from 30 %; ZooKeeper frozen (SIGSTOP of --zookeeper-pid) from 45 % to 55 %;
the store sealed from 70 % to 78 %, then unsealed with the bootstrap key.

Usage: drive.py --base URL --password P --zookeeper-pid PID --seconds N --out FILE
Standard library only. Never prints a token or a secret value.
"""
import argparse
import json
import os
import random
import signal
import threading
import time
import urllib.error
import urllib.request


def call(base, method, path, token=None, body=None, timeout=10):
    """Sends one request; returns the status (0 when the server did not answer in time)."""
    headers = {}
    if token:
        headers["Authorization"] = "token=" + token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except OSError:
        return 0


def login(base, password):
    body = json.dumps({"uid": "bootstrapuser", "password": password}).encode()
    request = urllib.request.Request(
        base + "/acs/api/v1/auth/login", data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["token"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--zookeeper-pid", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=240)
    parser.add_argument("--interval", type=float, default=2)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    base, total = arguments.base, arguments.seconds
    token = login(base, arguments.password)
    start = time.monotonic()
    stop = threading.Event()

    def elapsed():
        return (time.monotonic() - start) / total

    def steady(seed):
        generator = random.Random(seed)
        written = 0
        while not stop.is_set():
            roll = generator.random()
            if roll < 0.15:
                written += 1
                call(base, "PUT", f"/secrets/v1/secret/default/load{seed}/s{written}", token,
                     {"value": "x" * generator.randint(10, 4000)})
            elif roll < 0.7 and written:
                call(base, "GET", f"/secrets/v1/secret/default/load{seed}/s{generator.randint(1, written)}", token)
            elif roll < 0.8:
                call(base, "GET", f"/secrets/v1/secret/default/load{seed}?list=true", token)
            elif roll < 0.9:
                call(base, "GET", f"/secrets/v1/secret/default/missing{generator.randint(1, 99)}", token)
            else:
                call(base, "GET", "/secrets/v1/seal-status/default", token)
            time.sleep(generator.uniform(0.02, 0.08))

    def events():
        phases = {"logins": 0.15, "ca": 0.30, "freeze": 0.45, "thaw": 0.55, "seal": 0.70, "unseal": 0.78}
        done = set()
        while not stop.is_set():
            now = elapsed()
            if phases["logins"] <= now < phases["logins"] + 0.15 and random.random() < 0.3:
                call(base, "POST", "/acs/api/v1/auth/login", body={"uid": "bootstrapuser", "password": "wrong"})
            if phases["ca"] <= now < phases["ca"] + 0.1 and random.random() < 0.4:
                call(base, "POST", "/ca/api/v2/newcert", token, {
                    "request": {"CN": "svc.example", "hosts": ["svc.example"], "key": {"algo": "ecdsa", "size": 256}}})
            for name in ("freeze", "thaw", "seal", "unseal"):
                if now >= phases[name] and name not in done:
                    done.add(name)
                    if name == "freeze":
                        os.kill(arguments.zookeeper_pid, signal.SIGSTOP)
                    elif name == "thaw":
                        os.kill(arguments.zookeeper_pid, signal.SIGCONT)
                    elif name == "seal":
                        call(base, "PUT", "/secrets/v1/seal/default", token)
                    else:
                        call(base, "PUT", "/secrets/v1/auto-unseal/default", token)
            time.sleep(0.25)

    workers = [threading.Thread(target=steady, args=(n,), daemon=True) for n in range(3)]
    workers.append(threading.Thread(target=events, daemon=True))
    for worker in workers:
        worker.start()
    try:
        with open(arguments.out, "w") as out:
            while time.monotonic() - start < total:
                tick = time.monotonic()
                request = urllib.request.Request(base + "/metrics")
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        out.write(json.dumps({"t": tick - start, "epoch": time.time(), "text": response.read().decode()}) + "\n")
                except OSError as error:
                    print(f"scrape at {tick - start:.0f} s failed: {error}")
                time.sleep(max(0, arguments.interval - (time.monotonic() - tick)))
    finally:
        stop.set()
        os.kill(arguments.zookeeper_pid, signal.SIGCONT)


if __name__ == "__main__":
    main()
