#!/usr/bin/env bash
# Installs the Debian packages SecretStore needs to build, test and run (C libraries, the ZooKeeper
# server, gnupg, Java) when any is missing, and checks that a Swift toolchain is on PATH.
# Idempotent: prints one line and changes nothing when everything is already there.
#
# Usage: scripts/install-deps.sh
set -euo pipefail

packages=(
    libgpgme-dev libzookeeper-mt-dev zookeeper libssl-dev libcrypt-dev
    gnupg xxd curl openssl default-jre-headless python3-venv spin gcc
)

missing=()
for package in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    echo "install-deps: installing ${missing[*]}"
    sudo_=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo_=(sudo)
        else
            echo "install-deps: not root and no sudo: install ${missing[*]} yourself" >&2
            exit 1
        fi
    fi
    "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "install-deps: 'swift' is not on PATH: install Swift 6.2 or later (https://swift.org/install)" >&2
    exit 1
fi

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} system packages present; $(command -v swift)"
else
    echo "install-deps: done"
fi
