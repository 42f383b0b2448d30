# Sourced by every hook. Each path and tool comes from the environment, defaulting to the
# real host's, so a rehearsal can redirect the whole deployment into a scratch directory
# (tests/functional/deploy/test_codedeploy_rehearsal.py does).
#   CODEYARD_ROOT       prefix for every path below ("" on a real host)
#   CODEYARD_SYSTEMCTL  the service manager (systemctl)
#   CODEYARD_USERADD    creates the service account (useradd)
#   CODEYARD_USER       the service account (codeyard)
#   CODEYARD_PYTHON     the interpreter each release's venv is made from (python3)
#   CODEYARD_PIP_OPTIONS  extra installer options (e.g. --index-url of your registry)
#   CODEYARD_INSTALL_SPEC what AfterInstall installs: the bundle's sources (default), or a
#                       promoted release such as codeyard==1.2.0 from CODEYARD_PIP_OPTIONS's index
#   CODEYARD_REGISTRY_URL / CODEYARD_REVIEWBOT_URL  where ValidateService asks
#   CODEYARD_HEALTH_WAIT  seconds ValidateService waits for each service (30)
# The supply-chain pipeline (deploy/pipeline/) deploys the release it promoted: its bundle
# carries deploy/release.env (CODEYARD_INSTALL_SPEC=codeyard==X.Y.Z) and the host keeps the
# index with its read token in /etc/codeyard/deploy.env
# (CODEYARD_PIP_OPTIONS="--index-url https://__token__:…@packages.internal/release/simple/").
for env_file in "${CODEYARD_ROOT:-}/etc/codeyard/deploy.env" \
                "$(dirname "${BASH_SOURCE[0]}")/../release.env"; do
  if [ -f "$env_file" ]; then set -a; source "$env_file"; set +a; fi
done
root="${CODEYARD_ROOT:-}"
systemctl_cmd="${CODEYARD_SYSTEMCTL:-systemctl}"
useradd_cmd="${CODEYARD_USERADD:-useradd}"
service_user="${CODEYARD_USER:-codeyard}"
python_cmd="${CODEYARD_PYTHON:-python3}"
pip_options="${CODEYARD_PIP_OPTIONS:-}"
install_spec="${CODEYARD_INSTALL_SPEC:-}"
registry_url="${CODEYARD_REGISTRY_URL:-http://127.0.0.1:8080}"
reviewbot_url="${CODEYARD_REVIEWBOT_URL:-http://127.0.0.1:8090}"

opt="$root/opt/codeyard"
etc="$root/etc/codeyard"
var="$root/var/lib/codeyard"
units="$root/etc/systemd/system"
src="$opt/src"
services=(codeyard-registry codeyard-reviewbot)

svc() { $systemctl_cmd "$@"; }
