#!/usr/bin/env bash
# Install the new revision into a fresh venv, then switch the 'current' symlink atomically
# so a failed install never leaves a half-upgraded service behind. The release it replaces is
# remembered as 'previous': ValidateService switches back to it when the new one fails.
set -euo pipefail
source "$(dirname "$0")/common.sh"
release="$opt/releases/$(date +%Y%m%d%H%M%S)-$$"
"$python_cmd" -m venv "$release"
# The bundle's sources, or the promoted release (CODEYARD_INSTALL_SPEC, see common.sh)
spec="${install_spec:-$src}"
# shellcheck disable=SC2086  # pip_options holds several words on purpose
if command -v uv >/dev/null 2>&1; then
  uv pip install --quiet --python "$release/bin/python" $pip_options "$spec"
else
  "$release/bin/pip" install --quiet --upgrade pip
  "$release/bin/pip" install --quiet $pip_options "$spec"
fi
if [ -L "$opt/current" ]; then
  ln -sfn "$(readlink "$opt/current")" "$opt/previous.new"
  mv -T "$opt/previous.new" "$opt/previous"
fi
ln -sfn "$release" "$opt/current.new"
mv -T "$opt/current.new" "$opt/current"
install -m 0644 "$src/deploy/systemd/codeyard-registry.service" "$units/"
install -m 0644 "$src/deploy/systemd/codeyard-reviewbot.service" "$units/"
install -m 0644 "$src/deploy/systemd/codeyard-reviewbot-retrain.service" "$units/"
install -m 0644 "$src/deploy/systemd/codeyard-reviewbot-retrain.timer" "$units/"
install -m 0644 "$src/deploy/gunicorn.conf.py" "$etc/gunicorn.conf.py"
svc daemon-reload
# Keep the three newest releases (and the one 'previous' names) for a quick rollback.
keep=$(readlink -f "$opt/previous" 2>/dev/null || true)
ls -1dt "$opt"/releases/* | tail -n +4 | while read -r old; do
  [ "$old" = "$keep" ] || rm -rf "$old"
done
