"""The stories of change: the staff's list and form, a story's page, the public link and its QR code;
the easy-to-read page where a person accompanied or a relative tells a story without an account, and
their own link, where they see what came of it and may withdraw it; the choice a collective session
makes of the most significant story of each domain."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.adapter import client_ip
from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, post_requires, requires
from ouvrage.effects.models import ChangeStory, Lane
from ouvrage.effects.rules import vocabulary
from ouvrage.effects.stories import (
    TO_LINK,
    TO_SELECT,
    TO_TELL,
    TO_WITHDRAW,
    StoryRefused,
    candidates_for,
    link_of,
    name_warnings,
    open_link,
    record_story,
    select_story,
    selections_by_domain,
    session_for,
    set_story_link,
    stories_with_selections,
    story_counts,
    story_for,
    tell_story,
    told,
    withdraw_story,
)
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for
from ouvrage.surveys.services import source_of
from ouvrage.www.effects.stories_forms import (
    PublicStoryForm,
    SelectionForm,
    StaffWithdrawForm,
    StoryForm,
    WithdrawForm,
)
from ouvrage.www.errors import SaidNotFound
from ouvrage.www.once import TOKEN, created_once
from ouvrage.www.public_links import link_page
from ouvrage.www.typing import AuthedHttpRequest


class StoryLinkNotOpen(SaidNotFound):
    """A closed link, a wrong one, or a story withdrawn: said in the easy-to-read page."""

    template = "effects/stories/closed.html"


def _teller(code: str) -> str:
    return vocabulary().label("perspectives", code)


def _domain(code: str) -> str:
    return vocabulary().label("domains", code)


def _warn_names(request: HttpRequest, story: ChangeStory) -> None:
    names = name_warnings(story)
    if names:
        messages.warning(
            request,
            "Le récit semble contenir un nom ("
            + ", ".join(f"« {n} »" for n in names)
            + ") : s'il s'agit d'une personne accompagnée ou d'un professionnel, un code ou une fonction "
            "suffit. Le récit est gardé ; s'il faut l'effacer, retirez-le depuis sa page.",
        )


# --- public pages: no account, reached only with a secret token ------------------------------------


@login_not_required
def tell(request: HttpRequest, token: str) -> HttpResponse:
    """A person accompanied or a relative tells what changed, for whom, why it matters, without an
    account; they are given their own link to see what came of it and to withdraw it."""
    link = open_link(token[:60])
    if link is None:
        raise StoryLinkNotOpen("Ce lien n'est pas ouvert, ou ce n'est plus le bon.")
    form = PublicStoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        once = request.POST.get("once", "")
        try:
            story = tell_story(
                link=link,
                submission=once if TOKEN.match(once) else "",
                source=source_of(client_ip(request)),
                **form.cleaned_data,
            )
        except StoryRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            return redirect("effects:my_story", token=story.token)
    return render(
        request,
        "effects/stories/tell.html",
        {"establishment": link.establishment, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_not_required
def my_story(request: HttpRequest, token: str) -> HttpResponse:
    """The teller's own page: their story, what the team made of it, and a way to withdraw it."""
    story = told(token[:60])
    if story is None:
        raise StoryLinkNotOpen("Ce lien ne mène à aucun récit : il a peut-être été retiré.")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        name = story.establishment.name
        withdraw_story(story=story, actor=None)
        return render(request, "effects/stories/withdrawn.html", {"establishment_name": name})
    return render(
        request,
        "effects/stories/mine.html",
        {
            "story": story,
            "establishment_name": story.establishment.name,
            "selections": [(selection, _domain(selection.domain)) for selection in story.selections.all()],
            "link": request.build_absolute_uri(reverse("effects:my_story", args=[story.token])),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


# --- staff pages ---------------------------------------------------------------------------------


@post_requires(CONTRIBUTORS, to=TO_TELL)
@created_once
def stories(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The establishment's stories of change, by domain, and the form to write one down."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = StoryForm(
        request.POST or None,
        initial={"told_on": timezone.localdate()},
        lanes=Lane.objects.filter(establishment=establishment).select_related("objective", "question"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            story = record_story(establishment=establishment, actor=request.user, **form.cleaned_data)
        except StoryRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, "Récit enregistré.")
            _warn_names(request, story)
            return redirect("effects:story", establishment_pk=establishment.pk, story_pk=story.pk)
    domain = request.GET.get("domaine", "")
    words = vocabulary()
    if domain not in dict(words.choices("domains")):
        domain = ""
    counts = story_counts(establishment)
    rows = [
        (story, _teller(story.told_by), _domain(story.domain), list(story.selections.all()))
        for story in stories_with_selections(establishment, domain=domain)
    ]
    return render(
        request,
        "effects/stories/list.html",
        {
            "establishment": establishment,
            "form": form,
            "rows": rows,
            "domain": domain,
            "domains": [(code, label, counts.get(code, 0)) for code, label in words.choices("domains")],
            "total": sum(counts.values()),
            "can_record": request.user.role in CONTRIBUTORS,
        },
        status=400 if form.is_bound else 200,
    )


def _story_page(
    request: AuthedHttpRequest, establishment: Establishment, story: ChangeStory, *, form: Any = None
) -> HttpResponse:
    return render(
        request,
        "effects/stories/detail.html",
        {
            "establishment": establishment,
            "story": story,
            "teller": _teller(story.told_by),
            "domain": _domain(story.domain),
            "names": name_warnings(story),
            "selections": list(story.selections.all()),
            "link": request.build_absolute_uri(reverse("effects:my_story", args=[story.token])),
            "can_withdraw": request.user.role in EDITORS,
            "form": form or StaffWithdrawForm(),
        },
        status=400 if form is not None else 200,
    )


def _story(
    request: AuthedHttpRequest, establishment_pk: int, story_pk: int
) -> tuple[Establishment, ChangeStory]:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    story = story_for(establishment, story_pk)
    if story is None:
        raise SaidNotFound("Ce récit n'existe pas, ou il a été retiré.")
    return establishment, story


@require_safe
def story(request: AuthedHttpRequest, establishment_pk: int, story_pk: int) -> HttpResponse:
    establishment, found = _story(request, establishment_pk, story_pk)
    return _story_page(request, establishment, found)


@require_POST
@requires(EDITORS, to=TO_WITHDRAW)
def story_withdraw(request: AuthedHttpRequest, establishment_pk: int, story_pk: int) -> HttpResponse:
    """The teller asked the team to withdraw their story."""
    establishment, found = _story(request, establishment_pk, story_pk)
    form = StaffWithdrawForm(request.POST)
    if not form.is_valid():
        return _story_page(request, establishment, found, form=form)
    withdraw_story(story=found, actor=request.user)
    messages.success(request, "Récit retiré : il est effacé, avec les choix des séances qui le citaient.")
    return redirect("effects:stories", establishment_pk=establishment.pk)


@post_requires(EDITORS, to=TO_LINK)
def story_link(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The public link for stories and its QR code, to print and put up; editors open, close or
    renew it."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return link_page(
        request,
        establishment,
        link=link_of(establishment),
        set_link=set_story_link,
        here="effects:story_link",
        public="effects:tell",
        template="effects/stories/link.html",
        qr_title=f"Code QR des récits de {establishment.name}",
    )


@post_requires(EDITORS, to=TO_SELECT)
def selection(request: AuthedHttpRequest, establishment_pk: int, session_pk: int) -> HttpResponse:
    """A collective session reads the stories of each domain and chooses the most significant, with
    its reasons and what is said back to the teller."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    session = session_for(establishment, session_pk)
    if session is None:
        raise SaidNotFound("Cette séance n'existe pas.")
    candidates = candidates_for(session)
    chosen = selections_by_domain(session)
    sent: SelectionForm | None = None
    sent_domain = request.POST.get("domain", "") if request.method == "POST" else ""
    if request.method == "POST":
        if sent_domain in candidates:
            sent = SelectionForm(request.POST, prefix=sent_domain, stories=candidates[sent_domain])
            if sent.is_valid():
                picked = next(s for s in candidates[sent_domain] if s.pk == sent.cleaned_data["story"])
                try:
                    select_story(
                        session=session,
                        story=picked,
                        actor=request.user,
                        reasons=sent.cleaned_data["reasons"],
                        feedback=sent.cleaned_data["feedback"],
                    )
                except StoryRefused as refused:
                    sent.add_error(refused.field if refused.field in sent.fields else None, refused.message)
                else:
                    messages.success(request, f"Choix enregistré pour « {_domain(sent_domain)} ».")
                    return redirect(
                        "effects:selection", establishment_pk=establishment.pk, session_pk=session.pk
                    )
        else:
            messages.error(request, "Ce domaine n'a pas de récit que la séance puisse choisir.")
    sections = []
    for code, found in candidates.items():
        current = chosen.get(code)
        form = (
            sent
            if sent is not None and code == sent_domain
            else SelectionForm(
                prefix=code,
                stories=found,
                initial={"story": current.story_id, "reasons": current.reasons, "feedback": current.feedback}
                if current
                else None,
            )
        )
        sections.append(
            {
                "code": code,
                "label": _domain(code),
                "stories": [(story, _teller(story.told_by)) for story in found],
                "form": form,
                "current": current,
            }
        )
    return render(
        request,
        "effects/stories/selection.html",
        {
            "establishment": establishment,
            "session": session,
            "sections": sections,
            "chosen": [(selection, _domain(selection.domain)) for selection in chosen.values()],
            "can_select": request.user.role in EDITORS,
        },
        status=400 if request.method == "POST" else 200,
    )
