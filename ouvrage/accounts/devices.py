"""A device said the way a person recognises it (« Firefox sur Windows »), from the browser's
user-agent string. Pure rule: no Django."""

from __future__ import annotations

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android says "Linux".
_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("HeadlessChrome", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """« Chrome sur Android », « Firefox », « Appareil inconnu »."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} sur {system}"
    return browser or system or "Appareil inconnu"
