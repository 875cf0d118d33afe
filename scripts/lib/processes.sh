# Sourced by scripts/zookeeper.sh and scripts/cluster.sh: the ZooKeeper four-letter words and the
# pid-file check both use to find their own processes.

# four_letter_word PORT WORD: the reply of the ZooKeeper server on 127.0.0.1:PORT to WORD (ruok,
# srvr); fails when nothing listens. nc is not installed everywhere, so this uses bash's /dev/tcp.
four_letter_word() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1"
        printf '%s' "$2" >&3
        # A foreign server on the port might never close the connection.
        timeout 2 cat <&3
    ) 2>/dev/null
}

# pid_from_file FILE PATTERN: prints the pid in FILE if that process is alive and its command line
# matches PATTERN (a recycled pid does not); fails otherwise.
pid_from_file() {
    local pid state cmdline
    [[ -f "$1" ]] || return 1
    pid="$(<"$1")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    # A zombie still answers kill -0, so read its state; PID 1 here may be slow to reap orphans.
    state="$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z ]] || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *$2* ]] || return 1
    echo "$pid"
}
