"""Production gunicorn settings of the review bot service (the registry runs under
`registry serve`, which sets its own).

The systemd unit passes the bind address and the app; everything tunable is an env var so
one file serves every host size.
"""

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threads let one worker stream a large download while it accepts an upload; enough of them
# that slow clients (each body read bounded by REGISTRY_READ_TIMEOUT) cannot take them all.
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
# Uploads of 100 MiB over a slow link need longer than gunicorn's 30 s default.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
keepalive = 5
# Behind nginx on the same host: trust its X-Forwarded-* so URLs and audit addresses are real.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files on tmpfs: a slow disk must not make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn 27 opens a control socket at one path per user; two services under one account
# would fight over it, and neither needs it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
