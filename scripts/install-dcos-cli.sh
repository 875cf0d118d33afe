#!/usr/bin/env bash
# Install the legacy Python DC/OS CLI (dcoscli 0.6.1 + dcos 0.6.1, 2018) into a
# virtualenv on Debian 12 / Python 3.11, patching what no longer works there.
#
#   usage: scripts/install-dcos-cli.sh VENV_DIR   (idempotent, non-interactive; scripts/test.sh
#          installs it into .build/dcos-cli for the end-to-end tests)
#
# Afterwards run it with a private config dir so ~/.dcos is never touched:
#   DCOS_DIR=/some/dir VENV_DIR/bin/dcos cluster setup https://host:port ...
# (dcos.config.get_config_dir_path() reads $DCOS_DIR, default ~/.dcos; clusters
#  live in $DCOS_DIR/clusters/<CLUSTER_ID>/dcos.toml.)
# Needs PyPI access (pip) only at install time; the CLI itself never downloads.
set -euo pipefail

VENV=${1:?usage: $0 VENV_DIR}
PY=${PYTHON:-/usr/bin/python3}   # Debian's python3 (3.11); override with PYTHON=

# 1. venv module (Debian splits it out into python3-venv).
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq python3-venv
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
"${PIP[@]}" install wheel   # build sdist-only deps (docopt, pager...) as wheels

# 2. The two packages without their deps: their pins cryptography==2.0.2 (no
#    py3.11 wheel, won't build against OpenSSL 3) and PyJWT==1.4.2 (uses
#    key.signer(), removed from modern cryptography) can't be satisfied.
"${PIP[@]}" install --no-deps dcoscli==0.6.1 dcos==0.6.1
# Their remaining deps, with the broken pins replaced:
#  - cryptography: modern; PyJWT 1.7.1: last 1.x (encode() still returns bytes,
#    which dcos.auth.servicecred_auth .decode()s; 2.x returns str and breaks).
#  - setuptools<81: dcos.config imports pkg_resources.
# (pip then prints a harmless "dcoscli requires cryptography==2.0.2" conflict.)
"${PIP[@]}" install 'cryptography>=41' 'PyJWT==1.7.1' 'setuptools<81' \
    'docopt>=0.6,<1.0' 'pkginfo==1.2.1' 'toml>=0.9,<1.0' 'virtualenv>=13,<16' \
    'sseclient==0.0.19' 'retrying==1.3.3' 'jsonschema>=2.5,<3.0' \
    'pager>=3.3,<4.0' 'prettytable>=0.7,<1.0' 'pygments>=2.0,<3.0' \
    'requests>=2.6,<3.0' 'six>=1.9,<2.0'

# 3. Source patch: collections.Mapping & co. moved to collections.abc (gone
#    from `collections` since 3.10). Rewrite the uses; idempotent.
"$VENV/bin/python" - <<'EOF'
import pathlib, re, sysconfig
site = pathlib.Path(sysconfig.get_paths(vars={"base": __import__("sys").prefix})["purelib"])
pat = re.compile(r"\bcollections\.(Mapping|MutableMapping|Sequence)\b")
for pkg in ("dcos", "dcoscli"):
    for f in (site / pkg).rglob("*.py"):
        src = f.read_text()
        new = pat.sub(r"collections.abc.\1", src)
        if new != src:
            new = re.sub(r"^import collections$", "import collections\nimport collections.abc",
                         new, count=1, flags=re.M)
            f.write_text(new)
            print("patched", f.relative_to(site))
EOF

# 4. Smoke test (with an empty private config dir: no cluster, no network).
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
DCOS_DIR=$tmp "$VENV/bin/dcos" --version
