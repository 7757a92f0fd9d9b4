"""The `ouvrage` command: Django's management commands with Ouvrage's settings by default.

`ouvrage demo`, `ouvrage frames list|show|validate|import|import-xlsx`, `ouvrage summaries`, `ouvrage applicable`
are Ouvrage's own; every Django command (`migrate`, `createsuperuser`…) works too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
