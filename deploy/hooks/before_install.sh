#!/usr/bin/env bash
# Create the service account and the directories that outlive a deployment (data, config).
set -euo pipefail
id codeyard >/dev/null 2>&1 || useradd --system --home-dir /var/lib/codeyard --shell /usr/sbin/nologin codeyard
install -d -o codeyard -g codeyard -m 0750 /var/lib/codeyard /var/lib/codeyard/registry /var/lib/codeyard/reviewbot
install -d -m 0755 /etc/codeyard /opt/codeyard
# Environment files are written once by the operator (database URL, S3 bucket, secrets);
# deployments never overwrite them.
for f in registry reviewbot; do
  [ -f "/etc/codeyard/$f.env" ] || install -m 0640 -g codeyard /dev/null "/etc/codeyard/$f.env"
done
