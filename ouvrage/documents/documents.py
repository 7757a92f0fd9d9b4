"""Rendering the documents: HTML from the templates, then PDF."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from ouvrage.campaigns.selectors import Grid
from ouvrage.core.charts import bars
from ouvrage.core.pdf import html_to_pdf
from ouvrage.documents.models import ReportKind
from ouvrage.documents.selectors import corrective_plan_for, effects_for, own_report_for, report_for
from ouvrage.establishments.selectors import logo_data_uri
from ouvrage.ownframe.selectors import own_evaluation, own_frame_in


def document_context(campaign: Any, kind: str, *, printable: bool) -> dict[str, Any]:
    if kind == ReportKind.CORRECTIVE_PLAN:
        return {"doc": corrective_plan_for(campaign), "printable": printable}
    if kind == ReportKind.OWN_EVALUATION:
        return {"doc": own_report_for(campaign), "printable": printable}
    report = report_for(campaign)
    chart, height = bars([(o.objective.code, o.aggregate) for o in report.page.objectives])
    own = own_frame_in(campaign)
    own_rows = [row for row in own_evaluation(campaign, own) if row.answer] if own else []
    return {
        "report": report,
        "bars": chart,
        "bars_height": height,
        "printable": printable,
        "own_rows": own_rows,
        "effects": effects_for(campaign.establishment),
    }


TEMPLATES = {
    ReportKind.SELF_EVALUATION: "documents/self_evaluation.html",
    ReportKind.CORRECTIVE_PLAN: "documents/corrective_plan.html",
    ReportKind.OWN_EVALUATION: "documents/own_evaluation.html",
}


def render_document_html(campaign: Any, kind: str, *, printable: bool, request: Any = None) -> str:
    return render_to_string(
        TEMPLATES[ReportKind(kind)], document_context(campaign, kind, printable=printable), request=request
    )


def interview_guide_pdf(grid: Grid) -> bytes:
    """An interview's grid on paper: each element with its cotation boxes and room to write."""
    logo = logo_data_uri(grid.interview.campaign.establishment)
    return html_to_pdf(
        render_to_string("documents/interview_guide.html", {"grid": grid, "printable": True, "logo": logo})
    )
