# Sourced by every hook. Each path and tool comes from the environment, defaulting to the
# real host's, so a rehearsal can redirect the whole deployment into a scratch directory
# (tests/functional/deploy/test_codedeploy_rehearsal.py does).
#   CODEYARD_ROOT       prefix for every path below ("" on a real host)
#   CODEYARD_SYSTEMCTL  the service manager (systemctl)
#   CODEYARD_USERADD    creates the service account (useradd)
#   CODEYARD_USER       the service account (codeyard)
#   CODEYARD_PYTHON     the interpreter each release's venv is made from (python3)
#   CODEYARD_PIP_OPTIONS  extra installer options (e.g. --index-url of your registry)
#   CODEYARD_REGISTRY_URL / CODEYARD_REVIEWBOT_URL  where ValidateService asks
#   CODEYARD_HEALTH_WAIT  seconds ValidateService waits for each service (30)
root="${CODEYARD_ROOT:-}"
systemctl_cmd="${CODEYARD_SYSTEMCTL:-systemctl}"
useradd_cmd="${CODEYARD_USERADD:-useradd}"
service_user="${CODEYARD_USER:-codeyard}"
python_cmd="${CODEYARD_PYTHON:-python3}"
pip_options="${CODEYARD_PIP_OPTIONS:-}"
registry_url="${CODEYARD_REGISTRY_URL:-http://127.0.0.1:8080}"
reviewbot_url="${CODEYARD_REVIEWBOT_URL:-http://127.0.0.1:8090}"

opt="$root/opt/codeyard"
etc="$root/etc/codeyard"
var="$root/var/lib/codeyard"
units="$root/etc/systemd/system"
src="$opt/src"
services=(codeyard-registry codeyard-reviewbot)

svc() { $systemctl_cmd "$@"; }
