from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ouvrage.campaigns.charts import radar
from ouvrage.campaigns.forms import CampaignForm, InterviewForm, PersonForm
from ouvrage.campaigns.sampling import ATTRIBUTE_LABELS, propose_sample
from ouvrage.campaigns.scoring import Mark, Rounding, criterion_score
from ouvrage.campaigns.selectors import (
    applicable_criteria,
    campaign_for,
    campaign_marks,
    campaigns_of,
    compare,
    covers,
    element_in_grid,
    grid_for,
    interview_for,
    people_of,
    progress_by_method,
    progress_for,
    results_for,
    results_page,
)
from ouvrage.campaigns.services import RATERS, create_campaign, create_person, plan_interview, rate_element
from ouvrage.campaigns.whatif import lift_options, try_ratings
from ouvrage.core.rendering import render_page_or_fragment
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.selectors import establishment_for
from ouvrage.frames.models import Element
from ouvrage.frames.selectors import current_has_version

# Short labels whose first character is what a keyboard user types: 1–4, *, N, R.
MARK_OPTIONS = [
    ("", "— non coté"),
    ("1", "1 – pas du tout satisfaisant"),
    ("2", "2 – plutôt pas satisfaisant"),
    ("3", "3 – plutôt satisfaisant"),
    ("4", "4 – tout à fait satisfaisant"),
    ("*", "* optimisé (★)"),
    ("NC", "NC – non concerné"),
    ("RI", "RI – réponse inadaptée"),
]


def _require_editor(request: AuthedHttpRequest) -> None:
    if not request.user.can_edit_establishments:
        raise PermissionDenied("Votre rôle ne permet pas de préparer une évaluation.")


def campaign_create(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    _require_editor(request)
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    version = current_has_version()
    if version is None:
        raise Http404("Référentiel HAS non chargé.")
    form = CampaignForm(request.POST or None, initial={"title": f"Auto-évaluation {establishment.name}"})
    if request.method == "POST" and form.is_valid():
        campaign = create_campaign(
            establishment=establishment, frame_version=version, actor=request.user, data=form.cleaned_data
        )
        messages.success(request, "L'évaluation est créée : planifiez ses entretiens.")
        return redirect("campaigns:detail", campaign_pk=campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "establishment": establishment})


@require_safe
def campaign_detail(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    progress, uncovered = progress_for(campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "uncovered": uncovered,
            "by_method": progress_by_method(progress),
            "rated": sum(p.rated for p in progress),
            "total": sum(p.total for p in progress),
        },
    )


def interview_create(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    _require_editor(request)
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    form = InterviewForm(
        request.POST or None, campaign=campaign, initial={"method": request.GET.get("method", "")}
    )
    if request.method == "POST" and form.is_valid():
        interview = plan_interview(
            campaign=campaign,
            actor=request.user,
            data=form.interview_data(),
            person_code=form.cleaned_data.get("person_code", ""),
            person_attributes=form.person_attributes(),
        )
        messages.success(request, f"Entretien « {interview.title} » planifié.")
        return redirect("campaigns:grid", campaign_pk=campaign.pk, interview_pk=interview.pk)
    return render(request, "campaigns/interview_form.html", {"form": form, "campaign": campaign})


@require_safe
def grid(request: AuthedHttpRequest, campaign_pk: int, interview_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interview = interview_for(campaign=campaign, pk=interview_pk)
    return render(
        request,
        "campaigns/grid.html",
        {
            "campaign": campaign,
            "grid": grid_for(interview),
            "options": MARK_OPTIONS,
            "can_rate": request.user.role in RATERS
            and (request.user.role != "evaluator" or campaign.kind == "external"),
        },
    )


@require_POST
def rate(request: AuthedHttpRequest, campaign_pk: int, interview_pk: int, element_pk: int) -> HttpResponse:
    """HTMX: save one cotation, answer the row, the interview's progress and the criterion's score."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interview = interview_for(campaign=campaign, pk=interview_pk)
    element = element_in_grid(interview=interview, pk=element_pk)
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = -1
    outcome = rate_element(
        interview=interview,
        element=element,
        actor=request.user,
        mark=request.POST.get("mark", ""),
        comment=request.POST.get("comment", "")[:5000],
        justification=request.POST.get("justification", "")[:5000],
        expected_version=expected,
    )
    if not request.htmx:
        if outcome.problem:
            messages.error(request, f"{element.criterion.code} E.E. {element.rank} : {outcome.problem}")
        return redirect(f"{request.path.rsplit('elements/', 1)[0]}#row-{element.pk}")
    covered = [c for c in applicable_criteria(campaign) if covers(interview, c)]
    total = Element.objects.filter(criterion__in=covered).count()
    rated = interview.ratings.exclude(mark="").count()
    marks = campaign_marks(campaign, [element.criterion])
    shown = outcome.conflict or outcome.rating
    return render(
        request,
        "campaigns/_rate_response.html",
        {
            "campaign": campaign,
            "interview": interview,
            "row": {"element": element, "rating": shown, "version": shown.version},
            "outcome": outcome,
            "options": MARK_OPTIONS,
            "can_rate": True,
            "rated": rated,
            "total": total,
            "criterion": element.criterion,
            "score": criterion_score(marks.get(element.criterion_id, []), Rounding(campaign.rounding)),
        },
    )


@require_safe
def results(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    page = results_page(campaign)
    return render(
        request,
        "campaigns/results.html",
        {
            "campaign": campaign,
            "page": page,
            "r": page.data.results,
            "radar": radar([(row.theme.title, row.overall) for row in page.themes]),
            "scale": campaign.frame_version.scoring.get("quality_scale", {}),
        },
    )


def people(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """People accompanied (pseudonymous codes), and a proposed diverse sample of accompagnés traceurs."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = PersonForm(request.POST or None, establishment=establishment)
    if request.method == "POST":
        _require_editor(request)
        if form.is_valid():
            person = create_person(
                establishment=establishment,
                actor=request.user,
                code=form.cleaned_data["person_code"],
                attributes=form.person_attributes(),
            )
            messages.success(request, f"Personne {person.code} enregistrée.")
            return redirect("establishments:people", establishment_pk=establishment.pk)
    try:
        size = max(0, min(int(request.GET.get("taille", "")), 50))
    except ValueError:
        size = 0
    listed = people_of(establishment)
    return render(
        request,
        "campaigns/people.html",
        {
            "establishment": establishment,
            "form": form,
            "people": listed,
            "size": size,
            "sample": propose_sample([(p.code, p.attributes) for p in listed], size) if size else None,
            "labels": ATTRIBUTE_LABELS,
            "campaigns": campaigns_of(establishment),
        },
    )


SANDBOX_MARKS = [
    ("", "comme coté"),
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("3.5", "3,5 (moitié 3, moitié 4)"),
    ("4", "4"),
]


@require_safe
def simulation(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    """Sandbox: try criterion ratings and see the letter move. Read-only: a GET form, nothing saved."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    data = results_for(campaign)
    overrides: dict[str, tuple[Mark, ...]] = {}
    for code in data.criteria:
        value = request.GET.get(f"essai-{code}", "")
        if value in {"1", "2", "3", "4"}:
            overrides[code] = (Mark(value),)
        elif value == "3.5":
            overrides[code] = (Mark.THREE, Mark.FOUR)
    tried = try_ratings(data.inputs, overrides, rounding=Rounding(campaign.rounding), scale=data.scale)
    return render_page_or_fragment(
        request,
        "campaigns/simulation.html",
        "outcome",
        {
            "campaign": campaign,
            "data": data,
            "before": data.results.quality,
            "after": tried.quality,
            "lifts": lift_options(tried, data.scale),
            "rows": [
                (c, data.results.criteria[code], request.GET.get(f"essai-{code}", ""))
                for code, c in data.criteria.items()
            ],
            "marks": SANDBOX_MARKS,
            "changed": len(overrides),
        },
    )


@require_safe
def comparison(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """Two campaigns of one establishment side by side."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    campaigns = sorted(campaigns_of(establishment), key=lambda c: (c.starts_on, c.pk))
    by_id = {str(c.pk): c for c in campaigns}
    before = by_id.get(request.GET.get("avant", "")) or (campaigns[-2] if len(campaigns) > 1 else None)
    after = by_id.get(request.GET.get("apres", "")) or (campaigns[-1] if campaigns else None)
    result = compare(before, after) if before and after and before != after else None
    return render(
        request,
        "campaigns/comparison.html",
        {
            "establishment": establishment,
            "campaigns": campaigns,
            "before": before,
            "after": after,
            "c": result,
        },
    )
