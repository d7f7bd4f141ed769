"""WSGI entry point: gunicorn berakhlak.site.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
application = get_wsgi_application()
