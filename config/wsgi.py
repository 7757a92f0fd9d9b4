import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

# Everything loaded at start-up (Django, the apps, the models) lives as long as the process: moved out
# of the garbage collector's reach, so that its full collections walk only what requests create
# (about one page in five paid 30–40 ms for them; docs/performance.md).
gc.collect()
gc.freeze()
