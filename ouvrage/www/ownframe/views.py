from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, STAFF, post_requires, requires
from ouvrage.campaigns.selectors import campaign_for, evaluated_versions
from ouvrage.campaigns.services import evaluate_also
from ouvrage.core.params import as_id
from ouvrage.establishments.selectors import establishment_for
from ouvrage.evidence.selectors import evidence_of
from ouvrage.frames.models import Criterion
from ouvrage.ownframe.models import CollectiveSession, CrosswalkLink, Mission, Need, Value
from ouvrage.ownframe.selectors import dimensions_of, own_evaluation, own_frame_in, own_frame_of
from ouvrage.ownframe.services import (
    add_item,
    adopt_starter,
    answer_question,
    record_session,
    save_question,
    session_to_action,
    set_crosswalk,
)
from ouvrage.www.once import created_once
from ouvrage.www.ownframe.forms import AnswerForm, MissionForm, NeedForm, QuestionForm, SessionForm, ValueForm
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.registers import figures_by_code
from ouvrage.www.typing import AuthedHttpRequest

ITEM_FORMS: dict[str, tuple[type[forms.ModelForm], type[Mission] | type[Need] | type[Value]]] = {
    "mission": (MissionForm, Mission),
    "need": (NeedForm, Need),
    "value": (ValueForm, Value),
}


def _item_form(kind: str, establishment: Any, data: Any = None) -> Any:
    form_class, _ = ITEM_FORMS[kind]
    if form_class is NeedForm:
        return NeedForm(data, prefix=kind, establishment=establishment)
    return form_class(data, prefix=kind)


TO_EDIT = "de modifier le cadre propre de l'établissement"


@post_requires(EDITORS, to=TO_EDIT)
def own_frame(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    own = own_frame_of(establishment)
    forms = {key: _item_form(key, establishment) for key in ITEM_FORMS}
    dimensions = dimensions_of(own) if own else []
    question_form = QuestionForm(
        prefix="question",
        dimensions=[(d.code, d.title) for d in dimensions],
        versions=evaluated_versions(establishment),
    )
    if request.method == "POST":
        kind = request.POST.get("form", "")
        if kind == "adopt":
            adopt_starter(establishment=establishment, actor=request.user)
            messages.success(
                request,
                "Les questions de départ sont copiées dans votre cadre : réécrivez-les avec l'équipe.",
            )
            return redirect("ownframe:page", establishment_pk=establishment.pk)
        if kind in ITEM_FORMS:
            _, model = ITEM_FORMS[kind]
            forms[kind] = _item_form(kind, establishment, request.POST)
            if forms[kind].is_valid():
                data = dict(forms[kind].cleaned_data)
                evidence = data.pop("evidence", [])
                add_item(
                    model=model, establishment=establishment, actor=request.user, data=data, evidence=evidence
                )
                messages.success(request, "Ajouté.")
                return redirect("ownframe:page", establishment_pk=establishment.pk)
        if kind == "question" and own:
            question_form = QuestionForm(
                request.POST,
                prefix="question",
                dimensions=[(d.code, d.title) for d in dimensions],
                versions=evaluated_versions(establishment),
            )
            if question_form.is_valid():
                question = save_question(
                    own=own,
                    actor=request.user,
                    dimension=question_form.cleaned_data["dimension"],
                    text=question_form.cleaned_data["text"],
                )
                set_crosswalk(
                    question=question,
                    actor=request.user,
                    organisation=establishment.organisation,
                    criteria=question_form.cleaned_data["crosswalk"],
                )
                messages.success(request, f"Question {question.code} ajoutée.")
                return redirect("ownframe:page", establishment_pk=establishment.pk)
    return render(
        request,
        "ownframe/page.html",
        {
            "establishment": establishment,
            "own": own,
            "dimensions": dimensions,
            "forms": forms,
            "question_form": question_form,
            "missions": Mission.objects.filter(establishment=establishment),
            "needs": Need.objects.filter(establishment=establishment),
            "values": Value.objects.filter(establishment=establishment),
        },
    )


@post_requires(EDITORS, to=TO_EDIT)
def question_edit(request: AuthedHttpRequest, establishment_pk: int, question_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    own = own_frame_of(establishment)
    if own is None:
        raise Http404("Pas de cadre propre.")
    question = get_object_or_404(own.version.criteria.select_related("objective__chapter"), pk=question_pk)
    dimensions = [(ch.code, ch.title) for ch in own.version.chapters.all()]
    initial = {
        "dimension": question.objective.chapter.code,
        "text": question.title,
        "crosswalk": ", ".join(
            link.criterion.code
            for link in CrosswalkLink.objects.filter(question=question).select_related("criterion")
        ),
    }
    form = QuestionForm(
        request.POST or None,
        dimensions=dimensions,
        versions=evaluated_versions(establishment),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        save_question(
            own=own,
            actor=request.user,
            dimension=form.cleaned_data["dimension"],
            text=form.cleaned_data["text"],
            question=question,
        )
        set_crosswalk(
            question=question,
            actor=request.user,
            organisation=establishment.organisation,
            criteria=form.cleaned_data["crosswalk"],
        )
        messages.success(request, "Question mise à jour.")
        return redirect("ownframe:page", establishment_pk=establishment.pk)
    return render(
        request,
        "ownframe/question.html",
        {"establishment": establishment, "question": question, "form": form},
    )


@post_requires(CONTRIBUTORS, to="de répondre")
@requires(STAFF, to=TO_STAFF)
def campaign_own_evaluation(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    """The team answers its own questions in a campaign, beside the HAS criteria they are linked to."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    own = own_frame_in(campaign)
    if own is None:
        return render(
            request,
            "ownframe/evaluation.html",
            {
                "campaign": campaign,
                "own": None,
                "available": own_frame_of(campaign.establishment),
                "rows": [],
            },
        )
    scale = list(own.version.rules.judgement_scale)
    evidence = evidence_of(campaign.establishment)
    error = ""
    if request.method == "POST":
        question = get_object_or_404(own.version.criteria, pk=as_id(request.POST.get("question")))
        form = AnswerForm(request.POST, scale=scale, evidence=evidence, prefix=f"q{question.pk}")
        if form.is_valid():
            chosen = next((e for e in evidence if str(e.pk) == form.cleaned_data["evidence"]), None)
            try:
                answer_question(
                    campaign=campaign,
                    question=question,
                    actor=request.user,
                    evidence=chosen,
                    judgement=form.cleaned_data["judgement"],
                    analysis=form.cleaned_data["analysis"],
                    participants=form.cleaned_data["participants"],
                )
            except ValidationError as exc:
                error = f"{question.code} : {' '.join(exc.messages)}"
            else:
                messages.success(request, f"Réponse à la question {question.code} enregistrée.")
                return redirect(f"{request.path}#q-{question.pk}")
        else:
            error = f"{question.code} : " + " ".join(str(e) for errs in form.errors.values() for e in errs)
    rows = own_evaluation(campaign, own)
    # What the registers say about the HAS criteria each question is linked to (the own questions cite
    # the registers through the crosswalk), each figure once per question.
    linked_codes = {c.code for row in rows for c, _, _ in row.linked}
    figures = (
        figures_by_code(campaign.establishment, timezone.localdate(), linked_codes) if linked_codes else {}
    )
    return render(
        request,
        "ownframe/evaluation.html",
        {
            "campaign": campaign,
            "own": own,
            "error": error,
            "can_answer": campaign.editable and request.user.role in CONTRIBUTORS,
            "rows": [
                (
                    row,
                    AnswerForm(
                        scale=scale,
                        evidence=evidence,
                        prefix=f"q{row.question.pk}",
                        initial={
                            "judgement": row.answer.judgement if row.answer else "",
                            "analysis": row.answer.analysis if row.answer else "",
                            "participants": row.answer.participants if row.answer else "",
                        },
                    ),
                    list(
                        {
                            (f.register, f.text): f for c, _, _ in row.linked for f in figures.get(c.code, [])
                        }.values()
                    ),
                )
                for row in rows
            ],
        },
    )


@post_requires(EDITORS, to=TO_EDIT)
@created_once
def sessions(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    own = own_frame_of(establishment)
    questions = own.version.criteria.order_by("position") if own else Criterion.objects.none()
    form = SessionForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("questions", []))
        record_session(establishment=establishment, actor=request.user, data=data, questions=chosen)
        messages.success(request, "Séance enregistrée.")
        return redirect("ownframe:sessions", establishment_pk=establishment.pk)
    listed = CollectiveSession.objects.filter(establishment=establishment).prefetch_related("questions")
    return render(
        request, "ownframe/sessions.html", {"establishment": establishment, "form": form, "sessions": listed}
    )


@require_POST
@requires(EDITORS, to="de modifier le plan d'action")
def session_action(request: AuthedHttpRequest, establishment_pk: int, session_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    session = get_object_or_404(CollectiveSession.objects.filter(establishment=establishment), pk=session_pk)
    action = session_to_action(session=session, actor=request.user)
    messages.success(request, "La décision est devenue une action du plan.")
    return redirect("actions:detail", action_pk=action.pk)


@require_POST
@requires(EDITORS, to="de modifier cette évaluation")
def evaluate_own_frame(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    """The campaign evaluates the establishment's own frame too."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    own = own_frame_of(campaign.establishment)
    if own is None:
        raise Http404("L'établissement n'a pas de cadre propre.")
    evaluate_also(campaign=campaign, version=own.version, actor=request.user)
    messages.success(request, "Cette évaluation évalue aussi le cadre propre : répondez à vos questions.")
    return redirect("ownframe:evaluation", campaign_pk=campaign.pk)
