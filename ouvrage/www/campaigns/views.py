from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.models import Role
from ouvrage.accounts.permissions import EDITORS, PLANNERS, RATERS, STAFF, post_requires, requires
from ouvrage.actions.selectors import actions_between
from ouvrage.campaigns.grid_files import export_grids, read_grids
from ouvrage.campaigns.lifecycle import MOVES, Transition, ensure_editable, move_problem
from ouvrage.campaigns.open_data import export_open_data, open_data_row
from ouvrage.campaigns.sampling import propose_sample
from ouvrage.campaigns.selectors import (
    after_rating,
    campaign_for,
    campaigns_of,
    compare,
    element_in_grid,
    evaluated_frames,
    grid_for,
    grids_for,
    interview_for,
    life_of,
    lift_tables,
    people_of,
    progress_by_method,
    progress_for,
    results_for,
)
from ouvrage.campaigns.services import (
    TEXT_LIMIT,
    ImportRefused,
    apply_move,
    create_campaign,
    create_person,
    import_grid_changes,
    plan_interview,
    rate_element,
    update_campaign,
)
from ouvrage.campaigns.whatif import lift_options, try_ratings
from ouvrage.core.charts import labelled_radar, score_bar_columns
from ouvrage.core.formatting import counted, number, plural
from ouvrage.core.params import as_id
from ouvrage.core.problems import ProblemsFound
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE
from ouvrage.documents.models import ReportKind
from ouvrage.documents.selectors import annotated_results
from ouvrage.documents.services import request_document
from ouvrage.establishments.selectors import establishment_for
from ouvrage.evidence.selectors import cited_counts
from ouvrage.frames.scoring import Mark, Rounding
from ouvrage.frames.selectors import campaign_versions
from ouvrage.ownframe.selectors import own_frame_of, team_work_for
from ouvrage.surveys.selectors import voices_for
from ouvrage.www.campaigns.forms import CampaignDetailsForm, CampaignForm, InterviewForm, MoveForm, PersonForm
from ouvrage.www.effects.figures import effect_figures
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.registers import figures_by_code
from ouvrage.www.rendering import address_prefix, render_page_or_fragment
from ouvrage.www.sync import answer, is_sync, signed_in
from ouvrage.www.typing import AuthedHttpRequest

TO_PREPARE = "de préparer une évaluation"

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


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(EDITORS, to=TO_PREPARE)
@created_once
def campaign_create(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    versions = campaign_versions(establishment.organisation)
    if not versions:
        raise Http404("Aucun référentiel chargé : lancez « ouvrage frames import ».")
    own = own_frame_of(establishment)
    form = CampaignForm(request.POST or None, versions=versions, evaluative=[own.version] if own else [])
    if request.method == "POST" and form.is_valid():
        try:
            campaign = create_campaign(
                establishment=establishment,
                frame_version=form.cleaned_data["frame_version"],
                actor=request.user,
                data=form.campaign_data(),
                also=list(form.cleaned_data["also"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'évaluation est créée : planifiez ses entretiens.")
            return redirect("campaigns:detail", campaign_pk=campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "establishment": establishment})


@requires(EDITORS, to="de modifier une évaluation")
def campaign_edit(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    """Title, dates and, for an external evaluation, the evaluating body and the visit days."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
    form = CampaignDetailsForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            update_campaign(campaign=campaign, actor=request.user, data=form.campaign_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'évaluation est modifiée.")
            return redirect("campaigns:detail", campaign_pk=campaign.pk)
    return render(request, "campaigns/edit.html", {"form": form, "campaign": campaign})


MOVE_DONE = {
    Transition.START: "L'évaluation est commencée : ce qui s'applique est fixé.",
    Transition.CLOSE: "L'évaluation est clôturée : elle ne change plus.",
    Transition.REOPEN: "L'évaluation est rouverte : la raison est gardée dans le journal.",
    Transition.ARCHIVE: "L'évaluation est archivée.",
    Transition.ABANDON: "L'évaluation est abandonnée : elle reste lisible, avec la raison.",
    Transition.DELETE: "L'évaluation est supprimée.",
}
MOVE_PAGES = {
    Transition.START: ("Commencer l'évaluation", "Commencer"),
    Transition.CLOSE: ("Clôturer l'évaluation", "Clôturer"),
    Transition.REOPEN: ("Rouvrir l'évaluation", "Rouvrir"),
    Transition.ARCHIVE: ("Archiver l'évaluation", "Archiver"),
    Transition.ABANDON: ("Abandonner l'évaluation", "Abandonner"),
    Transition.DELETE: ("Supprimer l'évaluation", "Supprimer définitivement"),
}


@requires(EDITORS, to="de faire avancer une évaluation")
def campaign_move(request: AuthedHttpRequest, campaign_pk: int, transition: str) -> HttpResponse:
    """One step of an evaluation's life: a page that says what the step does (and, to close, how
    complete the evaluation is), then the step itself. Sent twice, the second is a no-op."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    move = Transition(transition)
    form = MoveForm(request.POST if request.method == "POST" else None, transition=move)
    life = life_of(campaign)
    problem = move_problem(move, life.state, grades=life.grades, reason="donnée dans le formulaire")
    if request.method == "POST":
        if MOVES[move][1] is campaign.lifecycle:  # a double click: already done
            return redirect("campaigns:detail", campaign_pk=campaign.pk)
        if form.is_valid():
            try:
                apply_move(
                    campaign=campaign, actor=request.user, transition=move, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.add_error("text" if "text" in form.fields else None, exc)
            else:
                messages.success(request, MOVE_DONE[move])
                if move is Transition.DELETE:
                    return redirect("establishments:detail", pk=campaign.establishment_id)
                return redirect("campaigns:detail", campaign_pk=campaign.pk)
    title, button = MOVE_PAGES[move]
    return render(
        request,
        "campaigns/move.html",
        {
            "campaign": campaign,
            "move": move,
            "form": form,
            "title": title,
            "button": button,
            "problem": problem,
            "life": life,
        },
        status=400 if form.errors else 200,
    )


@require_safe
def campaign_detail(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    progress, uncovered = progress_for(campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "life": life_of(campaign, progress=progress, uncovered=uncovered),
            "can_plan": campaign.editable and request.user.role in PLANNERS,
            "frames": evaluated_frames(campaign),
            "progress": progress,
            "uncovered": uncovered,
            "by_method": progress_by_method(progress),
        },
    )


@requires(PLANNERS, to=TO_PREPARE)
@created_once
def interview_create(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    form = InterviewForm(
        request.POST or None, campaign=campaign, initial={"method": request.GET.get("method", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            interview = plan_interview(
                campaign=campaign,
                actor=request.user,
                data=form.interview_data(),
                person_code=form.cleaned_data.get("person_code", ""),
                person_attributes=form.person_attributes(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Entretien « {interview.title} » planifié.")
            return redirect("campaigns:grid", campaign_pk=campaign.pk, interview_pk=interview.pk)
    return render(request, "campaigns/interview_form.html", {"form": form, "campaign": campaign})


def _can_rate(request: AuthedHttpRequest, campaign) -> bool:
    return (
        campaign.editable
        and request.user.role in RATERS
        and (request.user.role != Role.EVALUATOR or campaign.kind == "external")
    )


@require_safe
def grid(request: AuthedHttpRequest, campaign_pk: int, interview_pk: int) -> HttpResponse:
    """An interview's grid, with what people answered in questionnaires and what the team's own
    questions say about each criterion."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interview = interview_for(campaign=campaign, pk=interview_pk)
    page = grid_for(interview)
    criteria = [gc.criterion for gc in page.criteria]
    staff = request.user.role in STAFF
    page.annotate(
        voices=voices_for(campaign.establishment, criteria),
        team=team_work_for(criteria, campaign) if staff else {},
        evidence=cited_counts(campaign),
        registers=figures_by_code(campaign.establishment, timezone.localdate(), (c.code for c in criteria))
        if staff
        else {},
        effects=effect_figures(campaign.establishment, criteria) if staff else {},
    )
    # Each row's addresses, built once for the page (a reversal per row and per link cost a third of
    # the grid's rendering): the element's id is appended.
    elements = address_prefix("campaigns:rate", campaign.pk, interview.pk)
    return render(
        request,
        "campaigns/grid.html",
        {
            "campaign": campaign,
            "grid": page,
            "options": MARK_OPTIONS,
            "can_rate": _can_rate(request, campaign),
            "text_limit": TEXT_LIMIT,
            "elements_url": elements,
        },
    )


def interview_guide(request: AuthedHttpRequest, campaign_pk: int, interview_pk: int) -> HttpResponse:
    """The interview's questions on paper, element by element, with room to write and tick: for the
    interviews where no device is welcome. Produced by the worker: asked by a button (POST); an old
    link (GET) leads back to the grid and its button."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interview = interview_for(campaign=campaign, pk=interview_pk)
    if request.method != "POST":
        messages.info(
            request, "Le guide se produit en arrière-plan : cliquez sur « Guide d'entretien sur papier »."
        )
        return redirect("campaigns:grid", campaign_pk=campaign.pk, interview_pk=interview.pk)
    try:
        job = request_document(
            kind=ReportKind.INTERVIEW_GUIDE, actor=request.user, campaign=campaign, interview=interview
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("campaigns:grid", campaign_pk=campaign.pk, interview_pk=interview.pk)
    return redirect("documents:job", campaign_pk=campaign.pk, job_pk=job.pk)


def _rating_data(rating) -> dict:
    return {
        "mark": rating.mark,
        "comment": rating.comment,
        "justification": rating.justification,
        "version": rating.version,
        "by": str(rating.updated_by) if rating.updated_by_id else "",
        "at": timezone.localtime(rating.updated_at).strftime("%H:%M") if rating.updated_at else "",
    }


@signed_in
@require_POST
def rate(request: AuthedHttpRequest, campaign_pk: int, interview_pk: int, element_pk: int) -> HttpResponse:
    """Save one cotation. The grid's script sends it with `X-Ouvrage-Sync: 1` (kept on the device
    until it is acknowledged) and reads a JSON answer; without the script, the form posts and the
    page comes back."""
    sync = is_sync(request)
    try:
        campaign = campaign_for(user=request.user, pk=campaign_pk)
        interview = interview_for(campaign=campaign, pk=interview_pk)
        element = element_in_grid(interview=interview, pk=element_pk)
    except Http404:
        if sync:
            return answer("gone", 404, problem="Cet élément n'est plus dans cette grille.")
        raise
    if sync and str(request.user.pk) != request.POST.get("user", str(request.user.pk)):
        return answer(
            "wrong_user",
            409,
            name=str(request.user),
            problem="Une autre personne est connectée sur cet appareil.",
        )
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = -1
    try:
        key = uuid.UUID(request.POST["key"]) if request.POST.get("key") else None
    except ValueError:
        key = None
    try:
        outcome = rate_element(
            interview=interview,
            element=element,
            actor=request.user,
            mark=request.POST.get("mark", ""),
            comment=request.POST.get("comment", ""),
            justification=request.POST.get("justification", ""),
            expected_version=expected,
            key=key,
        )
    except PermissionDenied as exc:
        if sync:
            return answer("forbidden", 403, problem=str(exc))
        raise
    if sync:
        if outcome.problem:
            return answer("refused", 422, problem=outcome.problem)
        if outcome.conflict is not None:
            return answer("conflict", 409, theirs=_rating_data(outcome.conflict))
        after = after_rating(interview, element)
        score = number(after.score) if after.score is not None else None
        return answer(
            "saved",
            rating=_rating_data(outcome.rating),
            rated=after.rated,
            total=after.total,
            criterion=element.criterion_id,
            score=score,
        )
    if outcome.problem:
        messages.error(request, f"{element.criterion.code} E.E. {element.rank} : {outcome.problem}")
    elif outcome.conflict is not None:
        messages.error(
            request,
            f"{element.criterion.code} E.E. {element.rank} : modifié entre-temps par "
            f"{outcome.conflict.updated_by or 'une autre personne'} ; votre cotation n'est pas enregistrée.",
        )
    return redirect(f"{request.path.rsplit('elements/', 1)[0]}#row-{element.pk}")


@require_safe
def results(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    staff = request.user.role in STAFF
    # What the registers and the effects lanes say about a criterion is read when the criterion is
    # opened (`results_context`): all of them for every criterion cost the page fifteen queries.
    page = annotated_results(campaign, team=staff)
    themes = [(row.theme.title, row.overall) for row in page.themes]
    objectives = [(o.objective.code, o.aggregate.display) for o in page.objectives]
    return render(
        request,
        "campaigns/results.html",
        {
            "campaign": campaign,
            "page": page,
            "r": page.data.results,
            "radar": labelled_radar(themes),
            "radar_numbered": labelled_radar(themes, numbered=True),
            "objective_bars": score_bar_columns(objectives),
            "objective_words": objective_words(objectives),
            "scale": page.data.scale,
            "context_url": address_prefix("campaigns:results_context", campaign.pk) if staff else "",
        },
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def results_context(request: AuthedHttpRequest, campaign_pk: int, criterion_pk: int) -> HttpResponse:
    """What the registers and the effects lanes say about one criterion of the campaign, live: the
    fragment the results page reads when the criterion is opened; without script, the criterion's
    page in the référentiel, which shows the same."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    criterion = campaign.frame_version.criteria.filter(pk=criterion_pk).first()
    if criterion is None:
        raise Http404("Ce critère n'est pas dans le cadre de cette évaluation.")
    establishment = campaign.establishment
    if not request.headers.get("HX-Request"):
        return redirect(
            "frames:criterion",
            establishment_pk=establishment.pk,
            version_pk=campaign.frame_version_id,
            criterion_pk=criterion.pk,
        )
    registers = figures_by_code(establishment, timezone.localdate(), [criterion.code])
    return render(
        request,
        "campaigns/_criterion_context.html",
        {
            "registers": registers.get(criterion.code, []),
            "effects": effect_figures(establishment, [criterion]).get(criterion.pk, []),
        },
    )


def objective_words(objectives: list[tuple[str, Decimal | None]]) -> str:
    """The objective bars in words, for screen readers: how many, the weakest and the strongest."""
    rated = [(code, score) for code, score in objectives if score is not None]
    if not rated:
        return "Aucun objectif n'est coté."
    (weakest, low), (strongest, high) = rated[0], rated[-1]
    words = (
        f"Note de {counted(len(rated), 'objectif')} sur l'échelle de 1 à 4, du plus faible, "
        f"l'objectif {weakest} à {number(low)}, au plus fort, l'objectif {strongest} à {number(high)}"
    )
    unrated = len(objectives) - len(rated)
    if unrated:
        words += f"\u202f; {unrated} non {plural(unrated, 'coté')}"
    return words + ". Les chiffres de chacun sont dans la liste qui suit."


@post_requires(EDITORS, to="d'enregistrer une personne accompagnée")
@created_once
def people(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """People accompanied (pseudonymous codes), and a proposed diverse sample of accompagnés traceurs."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = PersonForm(request.POST or None, establishment=establishment)
    if request.method == "POST" and form.is_valid():
        try:
            person = create_person(
                establishment=establishment,
                actor=request.user,
                code=form.cleaned_data["person_code"],
                attributes=form.person_attributes(),
            )
        except ValidationError as exc:
            form.add_error("person_code", exc)
        else:
            messages.success(request, f"Personne {person.code} enregistrée.")
            return redirect("campaigns:people", establishment_pk=establishment.pk)
    size = min(as_id(request.GET.get("taille", "")), 50)
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
    """Sandbox: try criterion ratings and see the letter move. Read-only: a GET form, nothing saved;
    the scenario lives in the address, so it can be bookmarked or sent to a colleague."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    data = results_for(campaign)
    overrides: dict[str, tuple[Mark, ...]] = {}
    tried_values: dict[str, str] = {}
    for code in data.criteria:
        value = request.GET.get(f"essai-{code}", "")
        if value in {"1", "2", "3", "4"}:
            overrides[code] = (Mark(value),)
        elif value == "3.5":
            overrides[code] = (Mark.THREE, Mark.FOUR)
        if code in overrides:
            tried_values[code] = value
    tried = try_ratings(data.inputs, overrides, rounding=Rounding(campaign.rounding), scale=data.scale)
    only_imperatives = request.GET.get("imperatifs") == "1"
    lifts = lift_options(tried, data.scale)
    return render_page_or_fragment(
        request,
        "campaigns/simulation.html",
        "outcome",
        {
            "campaign": campaign,
            "data": data,
            "before": data.results.quality,
            "after": tried.quality,
            "tables": lift_tables(lifts, data, list(campaign.interviews.all())),
            "rows": [
                (c, data.results.criteria[code], tried_values.get(code, ""))
                for code, c in data.criteria.items()
                if c.imperative or not only_imperatives
            ],
            "hidden": [
                (code, value)
                for code, value in tried_values.items()
                if only_imperatives and not data.criteria[code].imperative
            ],
            "only_imperatives": only_imperatives,
            "marks": SANDBOX_MARKS,
            "changed": len(overrides),
        },
    )


@require_safe
def comparison(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """Two campaigns of one establishment side by side, with the actions decided in between."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    campaigns = sorted(campaigns_of(establishment), key=lambda c: (c.starts_on, c.pk))
    by_id = {str(c.pk): c for c in campaigns}
    before = by_id.get(request.GET.get("avant", "")) or (campaigns[-2] if len(campaigns) > 1 else None)
    after = by_id.get(request.GET.get("apres", "")) or (campaigns[-1] if campaigns else None)
    context = {
        "establishment": establishment,
        "campaigns": campaigns,
        "before": before,
        "after": after,
        "c": None,
        "actions": [],
    }
    if before is not None and after is not None and before != after:
        context["c"] = compare(before, after)
        context["actions"] = actions_between(establishment, before.starts_on, after.ends_on)
    return render(request, "campaigns/comparison.html", context)


@require_safe
def grids_xlsx(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interviews = list(campaign.interviews.select_related("person"))
    if not interviews:
        messages.info(request, "Aucun entretien n'est encore planifié : il n'y a pas de grille à exporter.")
        return redirect("campaigns:detail", campaign_pk=campaign.pk)
    grids = grids_for(campaign, interviews)
    return _xlsx(export_grids(campaign, grids), f"grilles-evaluation-{campaign.pk}.xlsx")


@post_requires(RATERS, to="de coter")
def grids_import(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    context: dict = {"campaign": campaign}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["problems"] = ["Choisissez le fichier .xlsx rempli."]
        else:
            grids = {
                g.interview.pk: g
                for g in grids_for(campaign, list(campaign.interviews.select_related("person")))
            }
            try:
                checked = read_grids(
                    upload.name or "fichier.xlsx", upload.read(5 * 1024 * 1024 + 1), campaign, grids
                )
            except ProblemsFound as exc:
                context["problems"] = [str(p) for p in exc.problems]
            else:
                if checked.conflicts:
                    context["conflicts"] = checked.conflicts
                else:
                    try:
                        count = import_grid_changes(
                            campaign=campaign, actor=request.user, changes=checked.changes
                        )
                    except ImportRefused as exc:
                        context["conflicts"] = exc.messages
                    else:
                        messages.success(
                            request,
                            f"Import terminé : {counted(count, 'cotation enregistrée', 'cotations enregistrées')}, "
                            f"{checked.unchanged} {plural(checked.unchanged, 'inchangée')}.",
                        )
                        return redirect("campaigns:detail", campaign_pk=campaign.pk)
        context["refused"] = True
    return render(
        request, "campaigns/grids_import.html", context, status=400 if context.get("refused") else 200
    )


@require_safe
def open_data_xlsx(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    row = open_data_row(results_for(campaign))
    return _xlsx(export_open_data([row]), f"resultats-format-open-data-{campaign.pk}.xlsx")
