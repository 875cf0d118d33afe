#!/usr/bin/env python3
"""Fault experiments against the local cluster (scripts/cluster.sh), printing their figures.

Usage: scripts/faults.py leader-kill [--seconds S] [--value-bytes N] [--writers N]
       scripts/faults.py pause [--seconds S] [--pause S] [--value-bytes N] [--writers N]
       scripts/faults.py lag [--seconds S]
       scripts/faults.py soak [--seconds S] [--warm-up S]
       scripts/faults.py server-kill [--rounds N] [--writers N] [--value-bytes N] [--grace S]
       scripts/faults.py capacity [--seconds S] [--writers N] [--value-bytes N] [--kill-leader]
       scripts/faults.py session-expiry [--pause S] [--after S]
       scripts/faults.py disk-full [--seconds S] [--full-for S] [--value-bytes N] [--nodes 1|2]

leader-kill: three writers, one per secret-store instance (--writers N per instance), create secrets of random values in a
loop; a few seconds in, the ZooKeeper leader is killed with SIGKILL (and started again at the end
by `scripts/cluster.sh start`). Afterwards every acknowledged secret is read back through another
instance than the one that wrote it and compared byte for byte, then deleted (the cluster's capacity
budget is small). Prints: writes acknowledged,
refused, acknowledged writes lost (must be 0), values that came back different (partial or torn,
must be 0), and the longest time no write succeeded.

pause: the same loop, with the leader stopped (SIGSTOP) for 30 s, then continued (SIGCONT).

lag: how stale a read through another instance than the writer's can be, under load.

soak: 10 minutes of writes, reads, lists and resolves on all three instances while a ZooKeeper node
restarts: error rate and p99 at the start and the end, resident memory, wrong values read.

capacity: 1 MB writes from all three instances past the capacity budget: every ZooKeeper node
survives, and the bytes stored never exceed the budget (with --kill-leader, across a leader kill).

session-expiry: instance 2 stopped past its ZooKeeper session timeout while another writes a
secret it had cached, then continued: time until it serves again, and stale reads afterwards.

disk-full (root): one ZooKeeper node's data folder (two with --nodes 2, a lost quorum) on a tmpfs,
filled during the write loop for 20 s, then freed; the nodes are started again if they stopped.

server-kill: instance 1 killed 50 times in the middle of 1 MB writes (start the cluster with
SECRET_STORE_CLUSTER_ARGS="--orphan-grace 5" so that the sweeper removes orphans within seconds).

It needs the cluster running (`scripts/cluster.sh start`) and stops nothing but the node it kills.
"""

import argparse
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLUSTER = os.environ.get("SECRET_STORE_CLUSTER_DIR", os.path.join(ROOT, ".cluster"))
INSTANCES = [f"http://127.0.0.1:{1340 + node}" for node in (1, 2, 3)]


def request(method, url, token=None, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"token={token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        return 0, str(error).encode()


def login():
    with open(os.path.join(CLUSTER, "bootstrap-password")) as file:
        password = file.read().strip()
    status, body = request("POST", INSTANCES[0] + "/acs/api/v1/auth/login",
                           body={"uid": "bootstrapuser", "password": password})
    if status != 200:
        sys.exit(f"faults: cannot log in ({status}): is the cluster running? scripts/cluster.sh start")
    return json.loads(body)["token"]


def four_letter_word(node, word):
    """What ZooKeeper node `node` of the cluster answers `word` (`srvr`, `ruok`); "" if nothing."""
    try:
        with socket.create_connection(("127.0.0.1", 2280 + node), timeout=2) as connection:
            connection.sendall(word.encode())
            reply = b""
            while chunk := connection.recv(4096):
                reply += chunk
            return reply.decode(errors="replace")
    except OSError:
        return ""


def mode(node):
    """`Mode: leader` or `Mode: follower` of a serving node, else ""."""
    return next((line for line in four_letter_word(node, "srvr").splitlines() if line.startswith("Mode:")), "")


def leader():
    return next((node for node in (1, 2, 3) if mode(node) == "Mode: leader"), None)


def leader_kill(arguments):
    """SIGKILL to the leader; the cluster's next start brings it back."""

    def fault(victim, pid):
        os.kill(pid, signal.SIGKILL)
        print(f"faults: killed the ZooKeeper leader, node {victim} (pid {pid})")

    code = write_loop(arguments, "leader-kill", fault)
    print("faults: scripts/cluster.sh start brings the killed node back")
    return code


def pause(arguments):
    """SIGSTOP to the leader for --pause seconds, then SIGCONT: it looks alive (its sockets stay
    open) but answers nothing, until the followers give up on it and elect another."""

    def fault(victim, pid):
        os.kill(pid, signal.SIGSTOP)
        print(f"faults: stopped the ZooKeeper leader, node {victim} (pid {pid}), for {arguments.pause:.0f} s")
        time.sleep(arguments.pause)
        os.kill(pid, signal.SIGCONT)
        print(f"faults: node {victim} continues")

    return write_loop(arguments, "pause", fault)


def write_loop(arguments, name, fault, victim=None):
    token = login()
    run = f"faults-{int(time.time())}"
    acknowledged = {}  # path -> value
    lock = threading.Lock()
    refused = {}  # status -> count
    successes = []  # times of acknowledged writes
    stop = threading.Event()

    def writer(index, lane):
        base = INSTANCES[index]
        n = 0
        while not stop.is_set():
            n += 1
            path = f"{run}/w{index}-{lane}/{n}"
            value = base64.b64encode(os.urandom(arguments.value_bytes)).decode()[: arguments.value_bytes]
            status, _ = request("PUT", f"{base}/secrets/v1/secret/default/{path}", token, {"value": value})
            with lock:
                if status == 201:
                    acknowledged[path] = (index, value)
                    successes.append(time.monotonic())
                else:
                    refused[status] = refused.get(status, 0) + 1
            if status != 201:
                time.sleep(0.02)

    threads = [threading.Thread(target=writer, args=(index, lane))
               for index in range(3) for lane in range(arguments.writers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(min(3, arguments.seconds / 3))
    victim = victim or leader()
    if victim is None:
        stop.set()
        sys.exit("faults: no ZooKeeper leader found")
    with open(os.path.join(CLUSTER, f"zk{victim}.pid")) as file:
        pid = int(file.read())
    killed_at = time.monotonic()
    print(f"faults: {killed_at - started:.1f} s into the write loop")
    fault(victim, pid)
    time.sleep(max(0.0, arguments.seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join()

    # The longest stretch without an acknowledged write, from the fault on.
    times = sorted(t for t in successes if t >= killed_at)
    gaps = [b - a for a, b in zip([killed_at] + times, times)]
    outage = max(gaps) if gaps else float("inf")

    lost = differing = 0
    for path, (index, value) in acknowledged.items():
        reader = INSTANCES[(index + 1) % 3]
        status, body = request("GET", f"{reader}/secrets/v1/secret/default/{path}", token)
        if status != 200:
            lost += 1
        elif json.loads(body).get("value") != value:
            differing += 1
    print(f"faults: {name}, {arguments.seconds} s of writes from 3 instances, {arguments.writers} "
          f"writer(s) each, {arguments.value_bytes}-byte values")
    print(f"  writes acknowledged       {len(acknowledged)}")
    statuses = ", ".join(f"{count} × {status or 'no answer'}" for status, count in sorted(refused.items()))
    print(f"  writes refused            {sum(refused.values())} ({statuses or 'none'})")
    print(f"  acknowledged writes lost  {lost}")
    print(f"  values read back changed  {differing}")
    print(f"  longest time without a successful write after the fault began: {outage:.2f} s")
    # The cluster's capacity budget is small (a fifth of a 256 MB heap): give the room back.
    for path in acknowledged:
        request("DELETE", f"{INSTANCES[0]}/secrets/v1/secret/default/{path}", token)
    return 1 if lost or differing else 0


def counter_writer(url, token, acked, lock, stop, pause=0.0):
    """PATCHes the secret at `url` on instance 1 with 1, 2, 3... until `stop` is set, appending
    (time acknowledged, value) to `acked` under `lock` for each acknowledged write; waits `pause`
    seconds between writes."""
    n = 0
    while not stop.is_set():
        n += 1
        if request("PATCH", INSTANCES[0] + url, token, {"value": str(n)})[0] == 204:
            with lock:
                acked.append((time.monotonic(), n))
        if pause:
            time.sleep(pause)


def lag(arguments):
    """How stale a read on another instance can be: one writer PATCHes a counter through instance
    1 as fast as it can, readers on instances 2 and 3 read it in a loop, and background writers
    create secrets on all three. A read is stale if it started after a newer value was
    acknowledged; its staleness is how long before the read that newer value was acknowledged."""
    token = login()
    run = f"lag-{int(time.time())}"
    probe = f"{run}/probe"
    url = f"/secrets/v1/secret/default/{probe}"
    status, _ = request("PUT", INSTANCES[0] + url, token, {"value": "0"})
    if status != 201:
        sys.exit(f"faults: cannot create {probe} ({status})")
    acked = [(time.monotonic(), 0)]  # (time acknowledged, value), in order
    reads = {1: [], 2: []}  # reader -> [(started, value)]
    created = []
    stop = threading.Event()
    lock = threading.Lock()

    def reader(index):
        while not stop.is_set():
            started = time.monotonic()
            status, body = request("GET", INSTANCES[index] + url, token)
            if status == 200:
                reads[index].append((started, int(json.loads(body)["value"])))

    def background(index):
        n = 0
        while not stop.is_set():
            n += 1
            path = f"{run}/load/{index}-{n}"
            if request("PUT", f"{INSTANCES[index]}/secrets/v1/secret/default/{path}", token, {"value": "x" * 1024})[0] == 201:
                with lock:
                    created.append(path)

    threads = [threading.Thread(target=counter_writer, args=(url, token, acked, lock, stop))]
    threads += [threading.Thread(target=reader, args=(i,)) for i in (1, 2)]
    threads += [threading.Thread(target=background, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(arguments.seconds)
    stop.set()
    for thread in threads:
        thread.join()

    print(f"faults: lag, {arguments.seconds:.0f} s: one writer on instance 1, readers on 2 and 3, "
          f"{len(created)} secrets created meanwhile by 3 background writers")
    print(f"  writes acknowledged       {len(acked) - 1}")
    worst = 0.0
    for index, samples in reads.items():
        stale = []
        position = 0
        for started, value in samples:
            # The newest value acknowledged before the read started.
            while position + 1 < len(acked) and acked[position + 1][0] <= started:
                position += 1
            if value < acked[position][1]:
                # Stale: the first value newer than the one read was acknowledged this long before.
                newer = next(t for t, v in acked if v > value)
                stale.append(started - newer)
        stale.sort()
        worst = max([worst] + stale)
        p99 = stale[int(len(stale) * 0.99)] * 1000 if stale else 0.0
        print(f"  reader on instance {index + 1}: {len(samples)} reads, {len(stale)} stale, "
              f"staleness p99 {p99:.1f} ms, max {(stale[-1] * 1000 if stale else 0):.1f} ms")
    print(f"  largest lag seen: {worst * 1000:.1f} ms")
    for path in created + [probe]:
        request("DELETE", f"{INSTANCES[0]}/secrets/v1/secret/default/{path}", token)
    return 0


def chunk_sets():
    """The chunk sets in ZooKeeper now (ZooKeeper's own command-line client)."""
    classpath = os.environ.get("SECRET_STORE_ZK_CLASSPATH",
                               "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar")
    out = subprocess.run(["java", "-cp", classpath, "org.apache.zookeeper.ZooKeeperMain", "-server",
                          "127.0.0.1:2281", "ls", "/dcos/secrets/@chunks"],
                         capture_output=True, text=True, timeout=60).stdout
    line = [l for l in out.splitlines() if l.startswith("[")][-1]
    return [name for name in line.strip("[]").split(", ") if name]


def wait_dead(pid, within=30.0):
    """Waits until `pid` has exited (gone, or a zombie): SIGKILL takes effect asynchronously."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as file:
                if file.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return
        except FileNotFoundError:
            return
        time.sleep(0.02)
    sys.exit(f"faults: pid {pid} still runs {within:.0f} s after SIGKILL")


def server_kill(arguments):
    """Instance 1 is killed (SIGKILL) in the middle of 1 MB writes, --rounds times, and started
    again each time. Every secret attempted is then read through instance 2: absent, or exactly
    the value written, never part of one; acknowledged ones must be there. After the sweeper ran
    (instances started with --orphan-grace), no chunk set is left that no secret points at."""
    import random
    token = login()
    run = f"kill-{int(time.time())}"
    lost = changed = present = acknowledged_total = 0
    started = time.monotonic()
    for round in range(arguments.rounds):
        attempted = {}
        acknowledged = set()
        lock = threading.Lock()

        def writer(index):
            path = f"{run}/r{round}-{index}"
            value = base64.b64encode(os.urandom(arguments.value_bytes)).decode()[: arguments.value_bytes]
            with lock:
                attempted[path] = value
            status, _ = request("PUT", f"{INSTANCES[0]}/secrets/v1/secret/default/{path}", token,
                                {"value": value}, timeout=30)
            if status == 201:
                with lock:
                    acknowledged.add(path)

        threads = [threading.Thread(target=writer, args=(index,)) for index in range(arguments.writers)]
        for thread in threads:
            thread.start()
        time.sleep(random.uniform(0.02, 0.3))
        with open(os.path.join(CLUSTER, "store1.pid")) as file:
            victim = int(file.read())
        os.kill(victim, signal.SIGKILL)
        wait_dead(victim)
        for thread in threads:
            thread.join()
        restart = subprocess.run([os.path.join(ROOT, "scripts/cluster.sh"), "start"], capture_output=True, text=True)
        if restart.returncode != 0:
            sys.exit(f"faults: scripts/cluster.sh start failed:\n{restart.stdout}{restart.stderr}")
        for path, value in attempted.items():
            status, body = request("GET", f"{INSTANCES[1]}/secrets/v1/secret/default/{path}", token, timeout=30)
            if status == 200:
                present += 1
                if json.loads(body).get("value") != value:
                    changed += 1
                request("DELETE", f"{INSTANCES[1]}/secrets/v1/secret/default/{path}", token, timeout=30)
            elif path in acknowledged:
                lost += 1
        acknowledged_total += len(acknowledged)
    killed_for = time.monotonic() - started
    time.sleep(2 * arguments.grace + 2)
    left = chunk_sets()
    print(f"faults: server-kill, {arguments.rounds} rounds of {arguments.writers} writes of "
          f"{arguments.value_bytes}-byte values, instance 1 killed in each ({killed_for:.0f} s)")
    print(f"  writes acknowledged before the kill  {acknowledged_total}")
    print(f"  secrets found afterwards             {present} (the others were cut off: absent, as they should be)")
    print(f"  acknowledged writes lost             {lost}")
    print(f"  values read back changed or partial  {changed}")
    print(f"  chunk sets left after the sweeper    {len(left)} (every secret was deleted: any set is an orphan)")
    return 1 if lost or changed or left else 0


def capacity(arguments):
    """Three writers per instance fill the store with 1 MB values past its budget, for --seconds:
    the ZooKeeper nodes (256 MB heaps) must all survive, and the store's bytes must never exceed
    the budget, whichever instance wrote them."""
    token = login()
    run = f"capacity-{int(time.time())}"
    statuses = {}
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    samples = []

    def writer(instance, index):
        n = 0
        while not stop.is_set():
            n += 1
            path = f"{run}/i{instance}-w{index}-{n}"
            value = base64.b64encode(os.urandom(arguments.value_bytes)).decode()[: arguments.value_bytes]
            status, _ = request("PUT", f"{INSTANCES[instance]}/secrets/v1/secret/default/{path}", token,
                                {"value": value}, timeout=30)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 201:
                    acknowledged.append(path)
            if status != 201:
                time.sleep(0.05)

    def poller():
        while not stop.is_set():
            status, body = request("GET", f"{INSTANCES[0]}/secrets/v1/store/default", token)
            if status == 200:
                usage = json.loads(body)["capacity"]
                samples.append((usage["store_bytes"], usage["store_bytes_budget"], usage["allocated_bytes"]))
            time.sleep(0.25)

    threads = [threading.Thread(target=writer, args=(i, w)) for i in range(3) for w in range(arguments.writers)]
    threads.append(threading.Thread(target=poller))
    for thread in threads:
        thread.start()
    killed = None
    if arguments.kill_leader:
        time.sleep(arguments.seconds / 3)
        killed = leader()
        with open(os.path.join(CLUSTER, f"zk{killed}.pid")) as file:
            victim = int(file.read())
        os.kill(victim, signal.SIGKILL)
        wait_dead(victim)
        print(f"faults: killed the ZooKeeper leader, node {killed}, {arguments.seconds / 3:.0f} s in")
        time.sleep(arguments.seconds * 2 / 3)
    else:
        time.sleep(arguments.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    alive = [node for node in (1, 2, 3) if mode(node)]
    budget = samples[-1][1] if samples else 0
    most = max((stored for stored, _, _ in samples), default=0)
    # allocated_bytes: what is settled plus every instance's lease, so it covers what is stored.
    most_allocated = max((allocated for _, _, allocated in samples), default=0)
    over = [stored for stored, budget, allocated in samples if stored > budget or allocated > budget]
    counts = ", ".join(f"{count} × {status or 'no answer'}" for status, count in sorted(statuses.items()))
    print(f"faults: capacity, {arguments.seconds:.0f} s, {arguments.writers} writers on each of 3 instances, "
          f"{arguments.value_bytes}-byte values")
    print(f"  answers                   {counts}")
    print(f"  budget                    {budget} bytes")
    print(f"  most bytes stored seen    {most} ({len(samples)} samples; stored or allocated over the budget "
          f"{len(over)} times)")
    print(f"  most bytes allocated seen {most_allocated} (stored plus the instances' leases for writes in flight)")
    print(f"  secrets acknowledged      {len(acknowledged)} ({len(acknowledged) * arguments.value_bytes} bytes of values)")
    print(f"  ZooKeeper nodes alive     {len(alive)} of 3" + (f" (node {killed} was killed)" if killed else ""))
    for path in acknowledged:
        request("DELETE", f"{INSTANCES[0]}/secrets/v1/secret/default/{path}", token, timeout=30)
    return 1 if over or len(alive) < (2 if killed else 3) else 0


def session_expiry(arguments):
    """Instance 2 is stopped (SIGSTOP) for longer than its ZooKeeper session timeout while a writer
    on instance 1 PATCHes a secret instance 2 had cached, then continued: ZooKeeper has expired its
    session meanwhile. Measures how long instance 2 takes to serve again, and whether any read it
    answers afterwards is older than what was acknowledged before the read began."""
    token = login()
    run = f"expiry-{int(time.time())}"
    url = f"/secrets/v1/secret/default/{run}/probe"
    if request("PUT", INSTANCES[0] + url, token, {"value": "0"})[0] != 201:
        sys.exit("faults: cannot create the probe secret")
    for _ in range(5):  # instance 2 reads it, and caches it
        request("GET", INSTANCES[1] + url, token)
    acked = [(time.monotonic(), 0)]
    stop = threading.Event()
    lock = threading.Lock()

    thread = threading.Thread(target=counter_writer, args=(url, token, acked, lock, stop, 0.01))
    thread.start()
    time.sleep(1)
    with open(os.path.join(CLUSTER, "store2.pid")) as file:
        pid = int(file.read())
    log = os.path.join(CLUSTER, "store2.log")
    ended_before = open(log).read().count("ZooKeeper session ended")
    os.kill(pid, signal.SIGSTOP)
    print(f"faults: stopped instance 2 (pid {pid}) for {arguments.pause:.0f} s; its session times out after 10 s")
    time.sleep(arguments.pause)
    os.kill(pid, signal.SIGCONT)
    resumed = time.monotonic()
    reads = []
    refused = 0
    first_read = first_write = None
    n = 0
    while time.monotonic() - resumed < arguments.after:
        started = time.monotonic()
        status, body = request("GET", INSTANCES[1] + url, token)
        if status == 200:
            reads.append((started, int(json.loads(body)["value"])))
            first_read = first_read or time.monotonic() - resumed
        else:
            refused += 1
        n += 1
        if first_write is None:
            if request("PUT", f"{INSTANCES[1]}/secrets/v1/secret/default/{run}/after-{n}", token,
                       {"value": "x"})[0] == 201:
                first_write = time.monotonic() - resumed
        time.sleep(0.01)
    stop.set()
    thread.join()
    stale = []
    for started, value in reads:
        newest = max(v for t, v in acked if t <= started)
        if value < newest:
            stale.append(started - next(t for t, v in acked if v > value))
    ended = open(log).read().count("ZooKeeper session ended") - ended_before
    print(f"faults: session-expiry, instance 2 stopped {arguments.pause:.0f} s while instance 1 wrote")
    print(f"  instance 2's session ended while it was stopped: {'yes' if ended else 'no'} ({ended} in its log)")
    print(f"  first read answered after it continued     {first_read if first_read is None else round(first_read, 2)} s")
    print(f"  first write acknowledged after it continued {first_write if first_write is None else round(first_write, 2)} s")
    print(f"  reads after it continued                   {len(reads)} answered, {refused} refused, stale {len(stale)}"
          + (f", staleness at most {max(stale) * 1000:.0f} ms" if stale else ""))
    for path in [f"{run}/probe"] + [f"{run}/after-{i}" for i in range(1, n + 1)]:
        request("DELETE", f"{INSTANCES[0]}/secrets/v1/secret/default/{path}", token)
    return 1 if first_read is None or first_write is None else 0


def disk_full(arguments):
    """--nodes ZooKeeper nodes' data folders (the leader's first) on tmpfs mounts that are filled
    during a write loop from the three instances, then freed, and the nodes started again if they
    stopped. One node of three: the two others keep a quorum. Two: the quorum is lost while the
    disks are full. Needs root (mount). Reports what the store answered meanwhile and checks every
    acknowledged write."""
    import shutil
    first = leader()
    if first is None:
        sys.exit("faults: no ZooKeeper leader found")
    victims = [first] + [node for node in (1, 2, 3) if node != first][: arguments.nodes - 1]
    datas = {victim: os.path.join(CLUSTER, f"zk{victim}", "data") for victim in victims}
    mounted = []
    try:
        for victim, data in datas.items():
            with open(os.path.join(CLUSTER, f"zk{victim}.pid")) as file:
                pid = int(file.read())
            os.kill(pid, signal.SIGTERM)
            wait_dead(pid)
            saved = data + ".saved"
            shutil.rmtree(saved, ignore_errors=True)
            shutil.copytree(data, saved)
            used = sum(
                os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(saved) for name in names)
            size = used + 256 * 1048576
            subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", data], check=True)
            mounted.append(data)
            for name in os.listdir(saved):
                source = os.path.join(saved, name)
                (shutil.copytree if os.path.isdir(source) else shutil.copy2)(source, os.path.join(data, name))
        # Small log preallocations and frequent snapshots: a node asks for room every few hundred
        # writes, so a full disk shows at once instead of after 64 MB of transactions.
        os.environ["SECRET_STORE_CLUSTER_ZK_CFG"] = "preAllocSize=256;snapCount=2000"
        restart = subprocess.run([os.path.join(ROOT, "scripts/cluster.sh"), "start"], capture_output=True, text=True)
        if restart.returncode != 0:
            sys.exit(f"faults: scripts/cluster.sh start failed:\n{restart.stdout}{restart.stderr}")
        names = " and ".join(str(victim) for victim in victims)
        print(f"faults: node {names} started again with {'its' if len(victims) == 1 else 'their'} data on tmpfs")

        def fault(_node, _pid):
            # Fill each disk but for a few hundred KB, and keep them full for --full-for seconds.
            for data in datas.values():
                status = os.statvfs(data)
                room = status.f_bavail * status.f_frsize - 256 * 1024
                with open(os.path.join(data, "filler"), "wb") as file:
                    file.write(b"\0" * max(room, 0))
            print(f"faults: node {names}: disk full; {arguments.full_for:.0f} s later freed")
            time.sleep(arguments.full_for)
            for victim in victims:
                alive = four_letter_word(victim, "ruok")
                print(f"faults: node {victim} while its disk was full: {'answers ruok' if alive else 'gone or silent'}")
            for data in datas.values():
                os.remove(os.path.join(data, "filler"))
            subprocess.run([os.path.join(ROOT, "scripts/cluster.sh"), "start"], capture_output=True)
            freed = time.monotonic()
            for victim in victims:
                state = ""
                while time.monotonic() - freed < 30 and not state:
                    state = mode(victim)
                    time.sleep(0.2)
                print(f"faults: node {victim} after its disk was freed: {state or 'not serving'} "
                      f"({time.monotonic() - freed:.1f} s)")

        return write_loop(arguments, "disk-full", fault, victim=first)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts/cluster.sh"), "stop"], capture_output=True)
        # A stopped JVM may hold a mount for a moment; the folder under it is as it was.
        for data in mounted:
            for _ in range(100):
                if subprocess.run(["umount", data], capture_output=True).returncode == 0:
                    break
                time.sleep(0.1)
        for data in datas.values():
            shutil.rmtree(data + ".saved", ignore_errors=True)
        print("faults: the cluster is stopped and the tmpfs mounts removed")


def resident_kb(pid):
    with open(f"/proc/{pid}/status") as file:
        return next(int(line.split()[1]) for line in file if line.startswith("VmRSS:"))


def soak(arguments):
    """Mixed load on the three instances for --seconds: per instance a writer PATCHing its own 20
    secrets, readers GETting them, a lister and a resolver; the ZooKeeper follower of node
    --restart-node-ish is restarted halfway. Every value read must be one its writer wrote. Prints
    error rate and p99 for the first and last minute after warm-up, and each instance's resident
    memory then."""
    token = login()
    run = f"soak-{int(time.time())}"
    keys = 20
    written = {}  # (instance, key) -> set of values ever sent
    lock = threading.Lock()
    stop = threading.Event()
    events = []  # (time, operation, ok, seconds)
    wrong = [0]

    def record(operation, ok, seconds):
        with lock:
            events.append((time.monotonic(), operation, ok, seconds))

    def timed(operation, method, url, body=None):
        started = time.monotonic()
        status, data = request(method, url, token, body, timeout=30)
        record(operation, 200 <= status < 300, time.monotonic() - started)
        return status, data

    for instance in range(3):
        for key in range(keys):
            value = f"{instance}-{key}-0"
            written[(instance, key)] = {value}
            request("PUT", f"{INSTANCES[instance]}/secrets/v1/secret/default/{run}/i{instance}/k{key}", token,
                    {"value": value})

    def check(instance, key, value):
        with lock:
            known = value in written[(instance, key)]
        if not known:
            wrong[0] += 1

    def writer(instance):
        version = 0
        while not stop.is_set():
            version += 1
            key = version % keys
            value = f"{instance}-{key}-{version}"
            with lock:
                written[(instance, key)].add(value)
            timed("write", "PATCH", f"{INSTANCES[instance]}/secrets/v1/secret/default/{run}/i{instance}/k{key}",
                  {"value": value})

    def reader(instance, other):
        n = 0
        while not stop.is_set():
            n += 1
            key = n % keys
            # Read through another instance than the writer's, half of the time.
            through = INSTANCES[other if n % 2 else instance]
            status, data = timed("read", "GET", f"{through}/secrets/v1/secret/default/{run}/i{instance}/k{key}")
            if status == 200:
                check(instance, key, json.loads(data)["value"])

    def lister(instance):
        while not stop.is_set():
            status, data = timed("list", "GET", f"{INSTANCES[instance]}/secrets/v1/secret/default/{run}/i{instance}?list=true")
            if status == 200 and len(json.loads(data)["array"]) != keys:
                wrong[0] += 1
            time.sleep(0.05)

    def resolver(instance):
        body = {"space": f"/{run}/i{instance}", "secrets": [f"{run}/i{instance}/k{key}" for key in range(5)]}
        while not stop.is_set():
            status, data = timed("resolve", "POST", f"{INSTANCES[instance]}/secrets/v1/resolve/default", body)
            if status == 200:
                for delivered in json.loads(data)["secrets"]:
                    key = int(delivered["path"].rsplit("k", 1)[1])
                    value = delivered["value"]
                    if delivered.get("encoding") == "base64":
                        value = base64.b64decode(value).decode()
                    check(instance, key, value)
            time.sleep(0.05)

    threads = []
    for instance in range(3):
        threads.append(threading.Thread(target=writer, args=(instance,)))
        threads.append(threading.Thread(target=reader, args=(instance, (instance + 1) % 3)))
        threads.append(threading.Thread(target=lister, args=(instance,)))
        threads.append(threading.Thread(target=resolver, args=(instance,)))
    pids = []
    for node in (1, 2, 3):
        with open(os.path.join(CLUSTER, f"store{node}.pid")) as file:
            pids.append(int(file.read()))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(arguments.warm_up)
    rss_start = [resident_kb(pid) for pid in pids]
    measured = time.monotonic()
    time.sleep(arguments.seconds / 2)
    follower = next(node for node in (1, 2, 3) if node != leader())
    with open(os.path.join(CLUSTER, f"zk{follower}.pid")) as file:
        zk_pid = int(file.read())
    os.kill(zk_pid, signal.SIGTERM)
    wait_dead(zk_pid)
    restart_at = time.monotonic()
    time.sleep(10)
    subprocess.run([os.path.join(ROOT, "scripts/cluster.sh"), "start"], capture_output=True)
    print(f"faults: ZooKeeper node {follower} stopped at {restart_at - measured:.0f} s and started 10 s later")
    time.sleep(max(0.0, arguments.seconds - (time.monotonic() - measured)))
    rss_end = [resident_kb(pid) for pid in pids]
    ended = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join()

    def window(start, end):
        chosen = [e for e in events if start <= e[0] < end]
        failed = sum(1 for e in chosen if not e[2])
        latencies = sorted(e[3] for e in chosen)
        p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0
        return len(chosen), failed, p99

    print(f"faults: soak, {arguments.seconds:.0f} s after a {arguments.warm_up:.0f} s warm-up: per instance a writer,"
          " a reader, a lister and a resolver")
    for label, (start, end) in [("first minute", (measured, measured + 60)), ("last minute", (ended - 60, ended)),
                                ("whole run", (measured, ended))]:
        count, failed, p99 = window(start, end)
        print(f"  {label:13} {count} requests, {failed} failed ({failed / max(count, 1):.2%}), p99 {p99:.1f} ms")
    for node in range(3):
        growth = (rss_end[node] - rss_start[node]) / rss_start[node]
        print(f"  instance {node + 1} resident memory {rss_start[node] / 1024:.1f} MB after warm-up, "
              f"{rss_end[node] / 1024:.1f} MB at the end ({growth:+.1%})")
    print(f"  wrong values read         {wrong[0]}")
    for instance in range(3):
        for key in range(keys):
            request("DELETE", f"{INSTANCES[0]}/secrets/v1/secret/default/{run}/i{instance}/k{key}", token)
    return 1 if wrong[0] else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    kill = commands.add_parser("leader-kill")
    kill.add_argument("--seconds", type=float, default=15)
    kill.add_argument("--value-bytes", type=int, default=1024)
    kill.add_argument("--writers", type=int, default=1, help="concurrent writers on each instance")
    stop = commands.add_parser("pause")
    stop.add_argument("--seconds", type=float, default=45)
    stop.add_argument("--pause", type=float, default=30)
    stop.add_argument("--value-bytes", type=int, default=1024)
    stop.add_argument("--writers", type=int, default=1, help="concurrent writers on each instance")
    kills = commands.add_parser("server-kill")
    kills.add_argument("--rounds", type=int, default=50)
    kills.add_argument("--writers", type=int, default=2)
    kills.add_argument("--value-bytes", type=int, default=1_000_000)
    kills.add_argument("--grace", type=float, default=5, help="the instances' --orphan-grace")
    fill = commands.add_parser("capacity")
    fill.add_argument("--seconds", type=float, default=30)
    fill.add_argument("--writers", type=int, default=3)
    fill.add_argument("--value-bytes", type=int, default=1_000_000)
    fill.add_argument("--kill-leader", action="store_true", help="SIGKILL the ZooKeeper leader a third of the way in")
    expiry = commands.add_parser("session-expiry")
    expiry.add_argument("--pause", type=float, default=15)
    expiry.add_argument("--after", type=float, default=15)
    full = commands.add_parser("disk-full")
    full.add_argument("--seconds", type=float, default=40)
    full.add_argument("--full-for", type=float, default=20, help="seconds the disk stays full")
    full.add_argument("--value-bytes", type=int, default=1024)
    full.add_argument("--writers", type=int, default=1, help="concurrent writers on each instance")
    full.add_argument("--nodes", type=int, choices=(1, 2), default=1,
                      help="nodes whose disk fills: 1 keeps a quorum, 2 loses it")
    soaking = commands.add_parser("soak")
    soaking.add_argument("--seconds", type=float, default=600)
    soaking.add_argument("--warm-up", type=float, default=60)
    staleness = commands.add_parser("lag")
    staleness.add_argument("--seconds", type=float, default=20)
    arguments = parser.parse_args()
    sys.exit({"leader-kill": leader_kill, "pause": pause, "lag": lag, "server-kill": server_kill,
              "capacity": capacity, "session-expiry": session_expiry, "disk-full": disk_full,
              "soak": soak}[arguments.command](arguments))


if __name__ == "__main__":
    main()
