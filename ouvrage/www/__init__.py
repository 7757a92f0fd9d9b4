"""The web layer: one area per folder (see README.md)."""

# Every area, in the order config/urls.py includes them.
AREAS = (
    "home",
    "accounts",
    "audit",
    "organisations",
    "establishments",
    "frames",
    "campaigns",
    "evidence",
    "actions",
    "documents",
    "ownframe",
    "effects",
    "realwork",
    "incidents",
    "reporting_burden",
    "surveys",
    "complaints",
    "safeguarding",
    "qualitydocs",
    "projet",
    "calendar",
    "national",
)
