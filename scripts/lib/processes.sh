# Sourced by scripts/zookeeper.sh and scripts/cluster.sh, after they set `tag` (the name their lines
# start with): their messages, the ZooKeeper class path and configuration they share, the
# four-letter words, and the pid-file check both use to find their own processes.

say() { echo "$tag: $*"; }
fail() {
    echo "$tag: $*" >&2
    exit 1
}

# Debian's zookeeper.jar names its dependencies (jute, netty, slf4j-api, metrics, ...) in its
# manifest's Class-Path; only a logging binding has to be added, or slf4j drops every line.
classpath="${SECRET_STORE_ZK_CLASSPATH:-/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar}"

# zookeeper_config DATA_DIR CLIENT_PORT: the zoo.cfg lines of a server on loopback that both scripts
# write; the caller adds its own (an ensemble's server.N lines).
zookeeper_config() {
    cat <<EOF
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$1
clientPort=$2
clientPortAddress=127.0.0.1
maxClientCnxns=100
minSessionTimeout=4000
maxSessionTimeout=60000
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat,mntr
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
EOF
}

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
