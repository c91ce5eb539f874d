import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")
application = get_wsgi_application()

from styr.production import refuse_unsafe_settings  # noqa: E402 — needs the settings configured above

refuse_unsafe_settings()
