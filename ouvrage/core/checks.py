"""Start-up checks (`manage.py check`, every command and server start): the XML parser that reads
uploaded office files must not be one that nested entities bring down."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

SAFE_EXPAT = (2, 7, 0)


def xml_is_safe(expat_version: tuple[int, int, int], defused: bool) -> bool:
    """Safe when openpyxl reads through defusedxml (it refuses entity declarations), or when the
    interpreter's expat bounds entity expansion itself (2.7.0 and later)."""
    return defused or expat_version >= SAFE_EXPAT


@register()
def check_xml_parser(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    import pyexpat

    from openpyxl.xml import DEFUSEDXML

    if xml_is_safe(pyexpat.version_info, bool(DEFUSEDXML)):
        return []
    return [
        Error(
            f"Le lecteur XML de ce Python (expat {pyexpat.EXPAT_VERSION}) peut être mis à terre par un classeur "
            "piégé, et defusedxml n'est pas installé.",
            hint="Installez les dépendances du projet (defusedxml) ou un Python dont expat est ≥ 2.7.0.",
            id="ouvrage.E001",
        )
    ]
