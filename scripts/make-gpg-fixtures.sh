#!/usr/bin/env bash
# Regenerates Fixtures/gpg with the real gpg command line: two test-only 4096-bit RSA keypairs
# ("operator" and "stranger": no passphrase, no expiry, an encryption subkey each), the operator's
# public key in the pgp_keys form of the wire contract, and a message the gpg CLI encrypted to the
# operator key (binary and armoured), and a signing-only public key. Everything happens in a temporary GNUPGHOME whose gpg-agent is stopped at the end.
#
# Usage: scripts/make-gpg-fixtures.sh   (needs gnupg 2.2 or later; takes a few seconds per key)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/Fixtures/gpg"

# A short path: gpg-agent's socket lives in the home and a Unix socket path must fit in 108 bytes.
home="$(mktemp -d /tmp/ssg-fx-XXXXXX)"
chmod 700 "$home"
cleanup() {
    gpgconf --homedir "$home" --kill all >/dev/null 2>&1 || true
    rm -rf "$home"
}
trap cleanup EXIT

gpg_() {
    gpg --homedir "$home" --batch --no-tty --quiet --pinentry-mode loopback "$@"
}

mkdir -p "$out"

for name in operator stranger; do
    # Unattended generation: an RSA-4096 certify+sign primary key and an RSA-4096 encryption
    # subkey, the layout `gpg --full-generate-key` gives; %no-protection means no passphrase.
    gpg_ --generate-key <<EOF
%no-protection
Key-Type: RSA
Key-Length: 4096
Key-Usage: cert,sign
Subkey-Type: RSA
Subkey-Length: 4096
Subkey-Usage: encrypt
Name-Real: SecretStore test $name
Name-Email: $name@secretstore.invalid
Name-Comment: test only, never use
Expire-Date: 0
%commit
EOF
    fpr="$(gpg_ --with-colons --list-secret-keys "$name@secretstore.invalid" | awk -F: '$1 == "fpr" { print $10; exit }')"
    echo "$fpr" >"$out/$name.fpr"
    gpg_ --armor --export "$fpr" >"$out/$name.pub.asc"
    gpg_ --armor --export-secret-keys "$fpr" >"$out/$name.sec.asc"
done

operator="$(cat "$out/operator.fpr")"

# A key that can sign but not encrypt (ed25519, quick to make): unusable as a pgp_keys entry.
gpg_ --passphrase '' --quick-generate-key "SecretStore test signing-only <signing-only@secretstore.invalid>" \
    ed25519 sign never
gpg_ --armor --export "signing-only@secretstore.invalid" >"$out/signing-only.pub.asc"

# The wire contract's pgp_keys form: base64 of the binary public key, one line.
gpg_ --export "$operator" | base64 -w 0 >"$out/operator.pub.b64"

# What an unseal share looks like to an operator: lowercase hex, no newline.
printf '%s' "3f9a1c7e5b2d4068a1e3c5f7092b4d6e8f0a1b2c3d4e5f60718293a4b5c6d7e8" >"$out/message-for-operator.txt"
rm -f "$out/message-for-operator.gpg" "$out/message-for-operator.asc"
gpg_ --trust-model always --recipient "$operator" --output "$out/message-for-operator.gpg" \
    --encrypt "$out/message-for-operator.txt"
# The same plaintext once more, ASCII-armoured, for the armoured-input path.
gpg_ --trust-model always --recipient "$operator" --armor --output "$out/message-for-operator.asc" \
    --encrypt "$out/message-for-operator.txt"

echo "Fixtures written to $out"
