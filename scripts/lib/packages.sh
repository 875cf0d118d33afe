# Sourced by the benchmark scripts: the tools they need beyond scripts/install-deps.sh.

# ensure_command COMMAND PACKAGE: installs Debian's PACKAGE (as root, or through sudo) unless
# COMMAND is already on PATH.
ensure_command() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "installing $2 (for $1)"
    local sudo_=()
    if ((EUID != 0)); then sudo_=(sudo); fi
    "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
