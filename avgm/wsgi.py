"""WSGI entry point (gunicorn avgm.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avgm.settings")
application = get_wsgi_application()
