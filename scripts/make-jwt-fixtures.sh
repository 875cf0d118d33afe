#!/usr/bin/env bash
# Regenerates the RSA key pairs in Fixtures/jwt that tests use for service accounts:
# service-account.* (the account's own key) and stranger.* (a key nobody registered).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../Fixtures/jwt"
for name in service-account stranger; do
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key.pem" 2>/dev/null
    openssl pkey -in "$name.key.pem" -pubout -out "$name.pub.pem"
done
echo "make-jwt-fixtures: wrote $(ls | tr '\n' ' ')"
