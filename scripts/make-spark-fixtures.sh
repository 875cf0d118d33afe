#!/usr/bin/env bash
# Regenerates the Java key and trust stores of the launch example in Fixtures/spark (the README's
# "Launching a task with its secrets"): keystore.jks holds a self-signed key pair for spark.local,
# truststore.jks its certificate. Their passwords are example data, also in Fixtures/spark/passwords.
# Needs keytool (Java 17, installed with ZooKeeper by scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../Fixtures/spark"
# shellcheck source=/dev/null
source passwords
rm -f keystore.jks truststore.jks spark.crt
keytool -genkeypair -noprompt -storetype JKS -keystore keystore.jks -storepass "$KEYSTORE_PASSWORD" \
    -keypass "$KEY_PASSWORD" -alias spark -keyalg RSA -keysize 2048 -validity 3650 \
    -dname "CN=spark.local, O=SecretStore example" 2>/dev/null
keytool -exportcert -noprompt -storetype JKS -keystore keystore.jks -storepass "$KEYSTORE_PASSWORD" \
    -alias spark -file spark.crt 2>/dev/null
keytool -importcert -noprompt -storetype JKS -keystore truststore.jks -storepass "$TRUSTSTORE_PASSWORD" \
    -alias spark -file spark.crt 2>/dev/null
rm -f spark.crt
echo "make-spark-fixtures: wrote keystore.jks and truststore.jks"
