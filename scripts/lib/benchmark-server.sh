# Sourced by the shell benchmarks: their options, release secret-store servers and wrk runs that
# print throughput, p99 and the server's CPU time per request. start_server needs
# benchmark-zookeeper.sh's free_port, work and pids; wrk_run needs duration and server_pid.

# benchmark_options ARGS...: reads --server-binary PATH, --duration S, --connections N and --rounds N
# over the defaults the caller set, installs what the benchmark needs (wrk), and builds the release
# server unless a binary was given.
benchmark_options() {
    while (($#)); do
        case "$1" in
            --server-binary) server_binary=$2; shift 2 ;;
            --duration) duration=$2; shift 2 ;;
            --connections) connections=$2; shift 2 ;;
            --rounds) rounds=$2; shift 2 ;;
            *) echo "usage: $0 [--server-binary PATH] [--duration S] [--connections N] [--rounds N]" >&2; exit 2 ;;
        esac
    done
    scripts/install-deps.sh >/dev/null
    source scripts/lib/packages.sh
    ensure_command wrk wrk
    if [[ -z "$server_binary" ]]; then
        swift build -c release --product secret-store
        server_binary="$PWD/.build/release/secret-store"
    fi
}

# start_server NAME ARGS...: sets port, https_port and server_pid; the server logs to $work/NAME.log.
start_server() {
    local name=$1
    shift
    port=$(free_port)
    https_port=$(free_port)
    SECRET_STORE_BOOTSTRAP_PASSWORD=benchmark-password "$server_binary" --host 127.0.0.1 --port "$port" \
        --https-port "$https_port" --tls-dir "$work/$name-tls" --password-rounds 1000 --log-level warning \
        "$@" >"$work/$name.log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 300); do curl -sf "127.0.0.1:$port/ping" >/dev/null && return 0; sleep 0.2; done
    echo "$name did not start:" >&2
    cat "$work/$name.log" >&2
    return 1
}

# wait_healthy LOG [CURL OPTIONS...] BASE_URL: waits up to 5 minutes until the store at BASE_URL is
# initialised, unsealed and connected (health 200: answering /ping is not ready); if it does not
# get there, prints the server's LOG and fails.
wait_healthy() {
    local log=$1 base=${*: -1}
    local options=("${@:2:$#-2}")
    for _ in $(seq 1500); do
        curl -sf "${options[@]}" -o /dev/null "$base/secrets/v1/health" && return 0
        sleep 0.2
    done
    echo "the server at $base is not healthy after 5 minutes:" >&2
    cat "$log" >&2
    return 1
}

# login_token [CURL OPTIONS...] BASE_URL: the bootstrap superuser's token.
login_token() {
    local base=${*: -1}
    curl -sf "${@:1:$#-1}" -X POST -H 'Content-Type: application/json' "$base/acs/api/v1/auth/login" \
        -d '{"uid":"bootstrapuser","password":"benchmark-password"}' |
        python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])'
}

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk_run LABEL URL [wrk options...]: prints one line (throughput, p99, the server's CPU time per
# request, which the client's work on the same cores does not blur) and sets rate. Uses server_pid.
wrk_run() {
    local label=$1 url=$2 out before after requests p99 errors cpu
    shift 2
    before=$(cpu_ticks "$server_pid")
    out=$(wrk --latency --timeout 10s --duration "${duration}s" "$@" "$url")
    after=$(cpu_ticks "$server_pid")
    rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx or 3xx responses:/ {print "non-2xx: " $5}' <<<"$out")
    cpu=$(python3 -c "print(f'{($after - $before) * 1e6 / $(getconf CLK_TCK) / max($requests, 1):.0f}')")
    printf '  %-48s %8.0f/s   p99 %8s   server CPU %4s µs/request %s\n' "$label" "$rate" "$p99" "$cpu" "$errors"
}
