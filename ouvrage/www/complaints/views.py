from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.adapter import client_ip
from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, STAFF, post_requires, requires
from ouvrage.actions.models import Action
from ouvrage.campaigns.selectors import criteria_by_code, evaluated_versions
from ouvrage.complaints import rules
from ouvrage.complaints.exports import export_register
from ouvrage.complaints.models import Complaint, State
from ouvrage.complaints.selectors import (
    across,
    complaint_for,
    complaints_of,
    dashboard_of,
    followed,
    link_of,
    open_link,
)
from ouvrage.complaints.services import (
    ComplaintRefused,
    acknowledge,
    answer,
    close,
    deadlines_of,
    file_complaint,
    link_action,
    new_action,
    qualify,
    record_complaint,
    set_deadlines,
    set_link,
)
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for, establishments_for
from ouvrage.surveys.services import source_of
from ouvrage.www.complaints.forms import (
    AcknowledgeForm,
    AnswerForm,
    CloseForm,
    ComplaintForm,
    DeadlinesForm,
    LinkActionForm,
    PublicComplaintForm,
    QualifyForm,
)
from ouvrage.www.errors import SaidNotFound
from ouvrage.www.once import TOKEN, created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.public_links import link_page
from ouvrage.www.typing import AuthedHttpRequest

TO_HANDLE = "de traiter les réclamations"

# --- public pages: no account, reached only with a secret token ------------------------------------


class LinkNotOpen(SaidNotFound):
    """A closed link, or a wrong one: said in the easy-to-read page, which leads nowhere else."""

    template = "complaints/public_closed.html"


@login_not_required
def public_form(request: HttpRequest, token: str) -> HttpResponse:
    """A person accompanied or a relative says what is wrong, without an account; they are given a
    follow-up link to see what came of it."""
    link = open_link(token[:60])
    if link is None:
        raise LinkNotOpen("Ce lien n'est pas ouvert, ou ce n'est plus le bon.")
    form = PublicComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        once = request.POST.get("once", "")
        try:
            complaint = file_complaint(
                link=link,
                from_whom=form.cleaned_data["from_whom"],
                description=form.cleaned_data["description"],
                submission=once if TOKEN.match(once) else "",
                source=source_of(client_ip(request)),
            )
        except ComplaintRefused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("complaints:follow", token=complaint.follow_token)
    return render(
        request,
        "complaints/public_form.html",
        {"establishment": link.establishment, "form": form},
    )


@login_not_required
@require_safe
def follow(request: HttpRequest, token: str) -> HttpResponse:
    """What came of one complaint: its state and the answer written for the person, nothing else."""
    complaint = followed(token[:60])
    if complaint is None:
        raise LinkNotOpen("Ce lien de suivi ne mène à aucun message.")
    return render(
        request,
        "complaints/public_follow.html",
        {
            "complaint": complaint,
            "establishment_name": complaint.establishment.name,
            "link": request.build_absolute_uri(reverse("complaints:follow", args=[complaint.follow_token])),
        },
    )


# --- staff pages ---------------------------------------------------------------------------------


def _complaint(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> Complaint:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    complaint = complaint_for(establishment, complaint_pk)
    if complaint is None:
        raise Http404("Cette réclamation n'existe pas.")
    return complaint


def _warn_names(request: HttpRequest, complaint: Complaint) -> None:
    names = complaint.name_warnings
    if names:
        messages.warning(
            request,
            "Le texte semble contenir un nom ("
            + ", ".join(f"« {n} »" for n in names)
            + ") : s'il s'agit d'une personne accompagnée ou d'un professionnel, remplacez-le par un code "
            "ou une fonction.",
        )


@post_requires(CONTRIBUTORS, to="d'enregistrer une réclamation")
@created_once
def register(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = ComplaintForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            complaint = record_complaint(establishment=establishment, actor=request.user, **form.cleaned_data)
        except ComplaintRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, f"Réclamation {complaint.reference} enregistrée.")
            _warn_names(request, complaint)
            return redirect("complaints:detail", establishment_pk=establishment.pk, complaint_pk=complaint.pk)
    return _register_page(request, establishment, form=form)


def _register_page(
    request: AuthedHttpRequest,
    establishment: Establishment,
    *,
    form: ComplaintForm | None = None,
    deadlines_form: DeadlinesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    state = request.GET.get("etat", "")
    if state not in {"", "open", *State.values}:
        state = ""
    shown = complaints_of(establishment, state=state)
    ack_days, answer_days = deadlines_of(establishment.organisation)
    return render(
        request,
        "complaints/register.html",
        {
            "establishment": establishment,
            "form": form or ComplaintForm(initial={"received_on": today}),
            "rows": [(c, rules.late_now(c.facts, today)) for c in shown],
            "board": dashboard_of(establishment, today),
            "state": state,
            "states": State.choices,
            "ack_days": ack_days,
            "answer_days": answer_days,
            "deadlines_form": deadlines_form
            or DeadlinesForm(initial={"acknowledge_days": ack_days, "answer_days": answer_days}),
            "can_record": request.user.role in CONTRIBUTORS,
            "can_handle": request.user.role in EDITORS,
            "link": link_of(establishment),
        },
        status=status,
    )


def _detail_page(
    request: AuthedHttpRequest, complaint: Complaint, *, status: int = 200, **forms: object
) -> HttpResponse:
    today = timezone.localdate()
    establishment = complaint.establishment
    actions = Action.objects.filter(establishment=establishment).order_by("title")
    context = {
        "establishment": establishment,
        "complaint": complaint,
        "late": rules.late_now(complaint.facts, today),
        "ack_late": rules.acknowledgement_late(complaint.facts, today),
        "answer_late": rules.answer_late(complaint.facts, today),
        "linked": list(complaint.actions.all()),
        "follow_link": request.build_absolute_uri(
            reverse("complaints:follow", args=[complaint.follow_token])
        ),
        "can_handle": request.user.role in EDITORS,
        "acknowledge_form": AcknowledgeForm(initial={"on": today}),
        "answer_form": AnswerForm(
            initial={
                "on": complaint.answered_on or today,
                "text": complaint.answer,
                "for_person": complaint.answer_for_person,
                "what_changed": complaint.what_changed,
            }
        ),
        "close_form": CloseForm(initial={"on": today}),
        "qualify_form": QualifyForm(
            initial={
                "kind": complaint.kind,
                "theme": complaint.theme,
                "person_code": complaint.person_code,
                "subject": complaint.subject,
            }
        ),
        "action_form": LinkActionForm(actions=actions),
    }
    context.update(forms)
    return render(request, "complaints/detail.html", context, status=status)


@require_safe
def detail(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> HttpResponse:
    return _detail_page(request, _complaint(request, establishment_pk, complaint_pk))


def _back(complaint: Complaint) -> HttpResponse:
    return redirect(
        "complaints:detail", establishment_pk=complaint.establishment_id, complaint_pk=complaint.pk
    )


@require_POST
@requires(EDITORS, to=TO_HANDLE)
def qualify_view(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> HttpResponse:
    complaint = _complaint(request, establishment_pk, complaint_pk)
    form = QualifyForm(request.POST)
    if form.is_valid():
        try:
            qualified = qualify(complaint=complaint, actor=request.user, **form.cleaned_data)
        except ComplaintRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, "C'est enregistré.")
            _warn_names(request, qualified)
            return _back(complaint)
    return _detail_page(request, complaint, status=400, qualify_form=form)


@require_POST
@requires(EDITORS, to=TO_HANDLE)
def acknowledge_view(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> HttpResponse:
    complaint = _complaint(request, establishment_pk, complaint_pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            acknowledge(complaint=complaint, actor=request.user, on=form.cleaned_data["on"])
        except ComplaintRefused as refused:
            form.add_error("on", refused.message)
        else:
            messages.success(request, "Accusé de réception noté.")
            return _back(complaint)
    return _detail_page(request, complaint, status=400, acknowledge_form=form)


@require_POST
@requires(EDITORS, to=TO_HANDLE)
def answer_view(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> HttpResponse:
    complaint = _complaint(request, establishment_pk, complaint_pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = answer(complaint=complaint, actor=request.user, **form.cleaned_data)
        except ComplaintRefused as refused:
            form.add_error("on" if refused.field == "on" else None, refused.message)
        else:
            messages.success(request, "Réponse enregistrée : la personne la voit avec son lien de suivi.")
            _warn_names(request, answered)
            return _back(complaint)
    return _detail_page(request, complaint, status=400, answer_form=form)


@require_POST
@requires(EDITORS, to=TO_HANDLE)
def close_view(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> HttpResponse:
    complaint = _complaint(request, establishment_pk, complaint_pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        close(complaint=complaint, actor=request.user, on=form.cleaned_data["on"])
        messages.success(request, "Réclamation close.")
        return _back(complaint)
    return _detail_page(request, complaint, status=400, close_form=form)


@require_POST
@requires(EDITORS, to=TO_HANDLE)
@created_once
def action_view(request: AuthedHttpRequest, establishment_pk: int, complaint_pk: int) -> HttpResponse:
    """Link an action of the plan to the complaint, or create one from it."""
    complaint = _complaint(request, establishment_pk, complaint_pk)
    form = LinkActionForm(request.POST, actions=Action.objects.filter(establishment=complaint.establishment))
    if form.is_valid():
        chosen = form.cleaned_data["action"]
        if chosen is not None:
            link_action(complaint=complaint, actor=request.user, action=chosen)
            messages.success(request, "Action liée à la réclamation.")
        else:
            codes = rules.criteria_codes()
            criteria = list(
                criteria_by_code(evaluated_versions(complaint.establishment), list(codes[:1])).values()
            )
            new_action(
                complaint=complaint,
                actor=request.user,
                title=form.cleaned_data["title"].strip(),
                criteria=criteria,
            )
            messages.success(request, "Action créée dans le plan et liée à la réclamation.")
        return _back(complaint)
    return _detail_page(request, complaint, status=400, action_form=form)


@require_safe
@requires(STAFF, to=TO_STAFF)
def export(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    today = timezone.localdate()
    content = export_register(complaints_of(establishment, limit=None), today)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="reclamations-{establishment.pk}-{today:%Y%m%d}.xlsx"'
    )
    return response


@post_requires(EDITORS, to="de changer le lien public des réclamations")
def public_link(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The establishment's public link and its QR code, to print and put up; editors open, close or
    renew it."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return link_page(
        request,
        establishment,
        link=link_of(establishment),
        set_link=set_link,
        here="complaints:link",
        public="complaints:public",
        template="complaints/link.html",
        qr_title=f"Code QR des réclamations de {establishment.name}",
    )


@require_POST
@requires(EDITORS, to="de changer les délais des réclamations")
def deadlines(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = DeadlinesForm(request.POST)
    if not form.is_valid():
        return _register_page(request, establishment, deadlines_form=form, status=400)
    set_deadlines(organisation=establishment.organisation, actor=request.user, **form.cleaned_data)
    messages.success(
        request, "Délais enregistrés : ils valent pour les réclamations reçues à partir de maintenant."
    )
    return redirect("complaints:register", establishment_pk=establishment.pk)


@require_safe
@requires(STAFF, to=TO_STAFF)
def organisation(request: AuthedHttpRequest) -> HttpResponse:
    """The establishments of the person's scope side by side."""
    rows = across(establishments_for(user=request.user), timezone.localdate())
    return render(request, "complaints/organisation.html", {"rows": rows})
