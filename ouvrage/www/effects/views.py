"""The effects lanes: the establishment's effects page (every lane, the stories, the markers, the
criteria of work well done), and one lane per HAS objective or own question: its expected effects,
its observed effects and the forms to add them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ouvrage.accounts.permissions import CONTRIBUTORS, STAFF, post_requires, requires
from ouvrage.core.params import as_id
from ouvrage.effects.markers import add_marker, marker_counts, partners_of
from ouvrage.effects.models import (
    ChangeStory,
    ExpectedEffect,
    QualityCriterion,
    StorySelection,
)
from ouvrage.effects.selectors import lane_summary, lanes_of
from ouvrage.effects.services import add_expected, add_observed
from ouvrage.effects.stories import story_counts
from ouvrage.establishments.selectors import establishment_for
from ouvrage.frames.models import Criterion, FrameVersion, Objective
from ouvrage.frames.selectors import mandatory_versions
from ouvrage.ownframe.selectors import own_frame_of
from ouvrage.www.effects.figures import lane_text, lane_url
from ouvrage.www.effects.forms import ExpectedForm, ObservedForm
from ouvrage.www.effects.markers_forms import MarkerForm
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.steps import form_errors
from ouvrage.www.typing import AuthedHttpRequest

TO_RECORD = "de consigner des effets"


@require_safe
@requires(STAFF, to=TO_STAFF)
def home(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    chosen = as_id(request.GET.get("objective"))
    if chosen:
        return redirect("effects:objective_lane", establishment_pk=establishment.pk, objective_pk=chosen)
    lanes = [(s, lane_text(s), lane_url(establishment.pk, s)) for s in lanes_of(establishment)]
    versions = mandatory_versions()
    objectives = Objective.objects.filter(version__in=versions).order_by("version_id", "position")
    own = own_frame_of(establishment)
    questions = own.version.criteria.order_by("position") if own else Criterion.objects.none()
    return render(
        request,
        "effects/home.html",
        {
            "establishment": establishment,
            "lanes": lanes,
            "objectives": objectives,
            "questions": questions,
            "parts": _parts(establishment),
        },
    )


def _parts(establishment: Any) -> dict[str, int]:
    """How much the stories, the markers and the criteria of work well done hold (four queries), as
    their own pages count them."""
    return {
        "stories": sum(story_counts(establishment).values()),
        "selected": StorySelection.objects.filter(story__establishment=establishment).count(),
        "markers": marker_counts(establishment)[0],
        "quality": QualityCriterion.objects.filter(establishment=establishment).count(),
    }


def _objective(establishment: Any, objective_pk: int) -> Objective:
    objective = (
        Objective.objects.filter(
            version__in=FrameVersion.objects.for_organisation(establishment.organisation)
        )
        .filter(version__frame__organisation__isnull=True)
        .select_related("chapter", "version")
        .filter(pk=objective_pk)
        .first()
    )
    if objective is None:
        raise Http404("Cet objectif n'existe pas dans le référentiel.")
    return objective


def _question(establishment: Any, question_pk: int) -> Criterion:
    own = own_frame_of(establishment)
    question = own.version.criteria.filter(pk=question_pk).first() if own else None
    if question is None:
        raise Http404("Cette question n'existe pas dans le cadre propre de l'établissement.")
    return question


@post_requires(CONTRIBUTORS, to=TO_RECORD)
@requires(STAFF, to=TO_STAFF)
@created_once
def objective_lane(request: AuthedHttpRequest, establishment_pk: int, objective_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    objective = _objective(establishment, objective_pk)
    return _lane(request, establishment, objective=objective)


@post_requires(CONTRIBUTORS, to=TO_RECORD)
@requires(STAFF, to=TO_STAFF)
@created_once
def question_lane(request: AuthedHttpRequest, establishment_pk: int, question_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    question = _question(establishment, question_pk)
    return _lane(request, establishment, question=question)


def _lane(
    request: AuthedHttpRequest, establishment: Any, *, objective: Any = None, question: Any = None
) -> HttpResponse:
    summary = lane_summary(establishment, objective=objective, question=question)
    expected = ExpectedEffect.objects.filter(lane=summary.lane) if summary else ExpectedEffect.objects.none()
    kind = request.POST.get("kind") if request.method == "POST" else None
    expected_form = ExpectedForm(
        request.POST if kind == "expected" else None, establishment=establishment, prefix="expected"
    )
    observed_form = ObservedForm(
        request.POST if kind == "observed" else None,
        establishment=establishment,
        expected=expected,
        prefix="observed",
    )
    marker_form = MarkerForm(
        request.POST if kind == "marker" else None, prefix="marker", initial={"level": "expect"}
    )
    target = {"objective": objective, "question": question}
    form = {"expected": expected_form, "observed": observed_form, "marker": marker_form}.get(kind or "")
    if form is not None and form.is_valid():
        try:
            if form is expected_form:
                add_expected(establishment=establishment, actor=request.user, **target, **form.cleaned_data)
                messages.success(request, "Effet attendu ajouté.")
            elif form is marker_form:
                add_marker(establishment=establishment, actor=request.user, **target, **form.cleaned_data)
                messages.success(request, "Marqueur de progrès ajouté à ce couloir.")
            else:
                add_observed(establishment=establishment, actor=request.user, **target, **form.cleaned_data)
                messages.success(request, "Effet observé consigné.")
        except ValidationError as error:
            form_errors(form, error)
        else:
            anchor = {"expected": "#attendus", "observed": "#observes", "marker": "#marqueurs"}[kind or ""]
            return redirect(request.path + anchor)
    if objective is not None:
        title = f"Objectif {objective.code} – {objective.title}"
    else:
        title = f"Question {question.code} – {question.title}"
    return render(
        request,
        "effects/lane.html",
        {
            "establishment": establishment,
            "title": title,
            "objective": objective,
            "question": question,
            "summary": summary,
            "expected_form": expected_form,
            "observed_form": observed_form,
            "marker_form": marker_form,
            "stories": list(ChangeStory.objects.filter(lane=summary.lane).order_by("-told_on", "-id"))
            if summary
            else [],
            "partners": partners_of(establishment),
            "can_record": request.user.role in CONTRIBUTORS,
        },
    )
