from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.adapter import client_ip
from ouvrage.accounts.permissions import EDITORS, STAFF, post_requires, requires
from ouvrage.campaigns.selectors import evaluated_versions
from ouvrage.establishments.selectors import establishment_for
from ouvrage.surveys.models import ANSWERS, EasyReadSurvey
from ouvrage.surveys.selectors import answer_counts, flagged_responses, open_survey, surveys_of
from ouvrage.surveys.services import (
    AnswerRefused,
    create_survey,
    renew_link,
    set_aside,
    set_open,
    source_of,
    submit,
)
from ouvrage.www.errors import SaidNotFound
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.public_links import qr_svg
from ouvrage.www.surveys.forms import AnswerForm, SurveyForm
from ouvrage.www.typing import AuthedHttpRequest

# --- public pages: no account, reached only with the survey's token --------------------------------


class SurveyNotOpen(SaidNotFound):
    """A closed questionnaire, or a wrong link: said in the questionnaire's own easy-to-read page,
    which leads nowhere else in Ouvrage."""

    template = "surveys/public_closed.html"


def _open_survey(token: str) -> EasyReadSurvey:
    survey = open_survey(token)
    if survey is None:
        raise SurveyNotOpen("Ce questionnaire est fermé, ou ce lien n'est plus le bon.")
    return survey


def _key(survey: EasyReadSurvey) -> str:
    return f"survey-{survey.pk}"


# A device that answered keeps a signed mark (one answer per device and questionnaire); a tablet
# opened by staff in « tablette partagée » mode keeps another, for a working day.
ANSWERED_FOR = 366 * 24 * 3600
SHARED_FOR = 12 * 3600


def _answered(survey: EasyReadSurvey) -> str:
    return f"ouvrage_q{survey.pk}"


def _shared(survey: EasyReadSurvey) -> str:
    return f"ouvrage_q{survey.pk}_tablette"


def _is_shared(request: HttpRequest, survey: EasyReadSurvey) -> bool:
    return request.get_signed_cookie(_shared(survey), default="", salt="surveys", max_age=SHARED_FOR) == "1"


def _already_answered(request: HttpRequest, survey: EasyReadSurvey) -> bool:
    return not _is_shared(request, survey) and bool(
        request.get_signed_cookie(_answered(survey), default="", salt="surveys", max_age=ANSWERED_FOR)
    )


def _thanks(request: HttpRequest, survey: EasyReadSurvey, *, already: bool = False) -> HttpResponse:
    return render(
        request,
        "surveys/public_done.html",
        {"survey": survey, "already": already, "shared": _is_shared(request, survey)},
    )


@login_not_required
@require_safe
def start(request: HttpRequest, token: str) -> HttpResponse:
    survey = _open_survey(token)
    if _already_answered(request, survey):
        return _thanks(request, survey, already=True)
    request.session[_key(survey)] = {}
    return render(
        request,
        "surveys/public_start.html",
        {"survey": survey, "count": survey.questions.count(), "shared": _is_shared(request, survey)},
    )


@login_not_required
def question(request: HttpRequest, token: str, n: int) -> HttpResponse:
    """One question per screen; the answers wait in the session and are saved together, anonymously,
    after the last one."""
    survey = _open_survey(token)
    if _already_answered(request, survey):
        return _thanks(request, survey, already=True)
    questions = list(survey.questions.all())
    if not 1 <= n <= len(questions):
        raise Http404("Cette question n'existe pas.")
    current = questions[n - 1]
    answers = request.session.get(_key(survey), {})
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial={"value": answers.get(str(current.pk))}
    )
    if request.method == "POST" and form.is_valid():
        answers[str(current.pk)] = form.cleaned_data["value"]
        if n < len(questions):
            request.session[_key(survey)] = answers
            return redirect("surveys:question", token=token, n=n + 1)
        shared = _is_shared(request, survey)
        try:
            submit(
                survey=survey,
                answers={int(k): v for k, v in answers.items() if v in ANSWERS},
                source=source_of(client_ip(request)),
                shared_device=shared,
            )
        except AnswerRefused as refused:
            form.add_error(None, refused.message)
        else:
            request.session.pop(_key(survey), None)
            response = redirect("surveys:done", token=token)
            if not shared:
                response.set_signed_cookie(
                    _answered(survey),
                    "1",
                    salt="surveys",
                    max_age=ANSWERED_FOR,
                    httponly=True,
                    samesite="Lax",
                )
            return response
    return render(
        request,
        "surveys/public_question.html",
        {"survey": survey, "question": current, "n": n, "count": len(questions), "form": form},
    )


@login_not_required
@require_safe
def done(request: HttpRequest, token: str) -> HttpResponse:
    return _thanks(request, _open_survey(token))


# --- staff pages ---------------------------------------------------------------------------------


@post_requires(EDITORS, to="de créer un questionnaire")
@created_once
def surveys(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = SurveyForm(request.POST or None, versions=evaluated_versions(establishment))
    if request.method == "POST" and form.is_valid():
        survey = create_survey(
            establishment=establishment,
            actor=request.user,
            title=form.cleaned_data["title"],
            intro=form.cleaned_data["intro"],
            questions=form.cleaned_data["questions"],
        )
        messages.success(request, "Questionnaire créé : diffusez son lien ou son code QR.")
        return redirect("surveys:results", establishment_pk=establishment.pk, survey_pk=survey.pk)
    return render(
        request,
        "surveys/list.html",
        {"establishment": establishment, "form": form, "surveys": surveys_of(establishment)},
    )


@require_POST
@requires(STAFF, to=TO_STAFF)
def shared_tablet(request: AuthedHttpRequest, establishment_pk: int, survey_pk: int) -> HttpResponse:
    """Open the questionnaire on this device in « tablette partagée » mode: several people answer in
    turn (the thank-you page offers « Une autre personne »), for a working day."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    survey = get_object_or_404(EasyReadSurvey.objects.filter(establishment=establishment), pk=survey_pk)
    response = redirect("surveys:start", token=survey.token)
    response.set_signed_cookie(
        _shared(survey), "1", salt="surveys", max_age=SHARED_FOR, httponly=True, samesite="Lax"
    )
    response.delete_cookie(_answered(survey))
    return response


@require_POST
@requires(EDITORS, to="de trier les réponses")
def response_aside(
    request: AuthedHttpRequest, establishment_pk: int, survey_pk: int, response_pk: int
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    survey = get_object_or_404(EasyReadSurvey.objects.filter(establishment=establishment), pk=survey_pk)
    answer = get_object_or_404(survey.responses.all(), pk=response_pk)
    aside = request.POST.get("aside") == "1"
    set_aside(response=answer, actor=request.user, aside=aside)
    messages.success(
        request, "Réponse mise de côté : elle n'est plus comptée." if aside else "Réponse de nouveau comptée."
    )
    return redirect("surveys:results", establishment_pk=establishment.pk, survey_pk=survey.pk)


@post_requires(EDITORS, to="de modifier ce questionnaire")
def survey_results(request: AuthedHttpRequest, establishment_pk: int, survey_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    survey = get_object_or_404(EasyReadSurvey.objects.filter(establishment=establishment), pk=survey_pk)
    if request.method == "POST":
        if request.POST.get("renew") == "1":
            renew_link(survey=survey, actor=request.user)
            messages.success(
                request, "Nouveau lien et nouveau code QR : l'ancien lien ne mène plus nulle part."
            )
        else:
            set_open(survey=survey, actor=request.user, is_open=request.POST.get("open") == "1")
        return redirect("surveys:results", establishment_pk=establishment.pk, survey_pk=survey.pk)
    link = request.build_absolute_uri(reverse("surveys:start", args=[survey.token]))
    counts = answer_counts(survey.pk)
    rows = [
        (q, [(a, counts.get(q.pk, {}).get(a, 0)) for a in ANSWERS])
        for q in survey.questions.select_related("criterion")
    ]
    return render(
        request,
        "surveys/results.html",
        {
            "establishment": establishment,
            "survey": survey,
            "link": link,
            "qr": qr_svg(link, f"Code QR du questionnaire {survey.title}"),
            "rows": rows,
            "responses": survey.responses.filter(set_aside=False).count(),
            "flagged": flagged_responses(survey),
            "answers": ANSWERS,
        },
    )
