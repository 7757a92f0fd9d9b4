"""The `ouvrage` command: Django's management commands with Ouvrage's settings by default.

`ouvrage demo`, `ouvrage frames list|show|validate|import|import-xlsx`, `ouvrage summaries`, `ouvrage applicable`
are Ouvrage's own; every Django command (`migrate`, `createsuperuser`…) works too.
"""

import os
import sys


def settings_module(argv: list[str]) -> str:
    """`ouvrage demo` runs as production behaves (DEBUG off, config/settings/demo.py); every other
    command with the development settings, unless DJANGO_SETTINGS_MODULE says otherwise."""
    return "config.settings.demo" if argv[1:2] == ["demo"] else "config.settings.dev"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module(args))
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
