#!/usr/bin/env bash
# Install the new revision into a fresh venv, then switch the 'current' symlink atomically
# so a failed install never leaves a half-upgraded service behind.
set -euo pipefail
src=/opt/codeyard/src
release="/opt/codeyard/releases/$(date +%Y%m%d%H%M%S)"
python3 -m venv "$release"
"$release/bin/pip" install --quiet --upgrade pip
"$release/bin/pip" install --quiet "$src"
ln -sfn "$release" /opt/codeyard/current.new
mv -T /opt/codeyard/current.new /opt/codeyard/current
install -m 0644 "$src/deploy/systemd/codeyard-registry.service" /etc/systemd/system/
install -m 0644 "$src/deploy/systemd/codeyard-reviewbot.service" /etc/systemd/system/
install -m 0644 "$src/deploy/gunicorn.conf.py" /etc/codeyard/gunicorn.conf.py
systemctl daemon-reload
# Keep the three newest releases for a quick manual rollback.
ls -1dt /opt/codeyard/releases/* | tail -n +4 | xargs -r rm -rf
