"""gunicorn settings read from /etc/avgm/avgm.env (deploy/systemd/avgm.service passes -c).

AVGM_GUNICORN is the same comma-separated list deploy/nginx.py balances across, so one value
serves both: `127.0.0.1:8001` for one address, `127.0.0.1:8001,127.0.0.1:8002` for two. A
command line cannot say that (gunicorn takes one address per --bind), a config file can.
"""

import os

bind = [d.strip() for d in os.environ["AVGM_GUNICORN"].split(",") if d.strip()]
workers = int(os.environ["AVGM_GUNICORN_WORKERS"])
