from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from html import escape

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from ouvrage.accounts.permissions import STAFF, requires
from ouvrage.core.formatting import number
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE, export_rows
from ouvrage.establishments.finess import categories
from ouvrage.establishments.models import SECTOR_CHOICES
from ouvrage.establishments.profile import Public
from ouvrage.www.organisations.overview import organisation_view
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.typing import AuthedHttpRequest


def heat_class(value: float | None, threshold: float) -> str:
    """The colour of a heat map cell (charts.css, with the legend): below 2, below 3, below the
    impératifs' threshold, at or above it; none for an objective not rated."""
    if value is None:
        return "hm-none"
    return "hm-1" if value < 2 else "hm-2" if value < 3 else "hm-3" if value < threshold else "hm-4"


@lru_cache(maxsize=4096)
def _figure(value: str) -> str:
    """« 3.25 » as French writes it, « 3,25 » (a few hundred distinct values for thousands of cells)."""
    return escape(number(Decimal(value)))


def heat_cells(objectives: dict[str, str], codes: list[str], threshold: float = 3.5) -> str:
    """One row of the heat map, built here rather than in the template: 500 establishments × 42
    objectives are 21,000 cells (docs/performance.md). Each cell says its figure in French (« 3,25 »);
    its colour doubles it."""
    cells = []
    for code in codes:
        value = objectives.get(code)
        if value:
            text = _figure(value)
            cells.append(f'<td class="{heat_class(float(value), threshold)}">{text}</td>')
        else:
            cells.append('<td class="hm-none">—</td>')
    return mark_safe("".join(cells))  # noqa: S308 (classes are ours, values escaped)


def _filters(request: AuthedHttpRequest) -> dict[str, str]:
    return {
        "sector": request.GET.get("secteur", "")[:20],
        "public": request.GET.get("public", "")[:10],
        "category": request.GET.get("categorie", "")[:4],
    }


@require_safe
@requires(STAFF, to=TO_STAFF)
def overview(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = _filters(request)
    view = organisation_view(request.user, today, **filters)
    threshold = float(view.threshold)
    heat = [(row, heat_cells(row.objectives, view.objective_codes, threshold)) for row in view.rows]
    return render(
        request,
        "organisations/overview.html",
        {
            "view": view,
            "heat": heat,
            "filters": filters,
            "sectors": SECTOR_CHOICES,
            "publics": [p.value for p in Public],
            "categories": sorted(categories().values(), key=lambda c: c.code),
            "organisation": request.user.organisation,
            "today": today,
            "threshold": view.threshold,
        },
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def overview_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    view = organisation_view(request.user, timezone.localdate(), **_filters(request))
    header = [
        "Établissement",
        "FINESS",
        "Catégorie",
        "Dernière évaluation clôturée",
        "Lettre estimée",
        "Moyenne /100",
        f"Impératifs ≥ {str(view.threshold).replace('.', ',')}",
        "Impératifs non pleinement atteints",
        "Actions en retard",
        "Évaluation en cours",
        "Cotations données / attendues (en cours)",
        *view.objective_codes,
    ]
    rows = [
        [
            r.establishment.name,
            r.establishment.finess,
            r.establishment.finess_category,
            r.campaign.title if r.campaign else "",
            r.quality.letter if r.quality else "",
            float(r.quality.mean_100_display)
            if r.quality and r.quality.mean_100_display is not None
            else None,
            f"{r.quality.imperatives_at_threshold}/{r.quality.applicable_imperatives}" if r.quality else "",
            ", ".join(r.unmet),
            r.late_actions,
            r.current.title if r.current else "",
            f"{r.completeness.rated}/{r.completeness.expected}" if r.completeness else "",
            *[float(v) if (v := r.objectives.get(c)) is not None else None for c in view.objective_codes],
        ]
        for r in view.rows
    ]
    response = HttpResponse(
        export_rows("Organisme", header, rows),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="vue-organisme.xlsx"'
    return response
