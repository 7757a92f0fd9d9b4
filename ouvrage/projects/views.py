from __future__ import annotations

import difflib
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ouvrage.actions.models import Action
from ouvrage.core.params import as_ids
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.selectors import establishment_for
from ouvrage.frames.models import Criterion
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.projects.contents import KEYS, PARTS, checklist
from ouvrage.projects.documents import projet_docx, projet_pdf
from ouvrage.projects.models import Projet
from ouvrage.projects.services import add_objective, new_version, save_life, save_sections, start_projet


def _date(value: str, label: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{label} : date invalide (JJ/MM/AAAA).")
        return None


def projet_page(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    versions = list(
        Projet.objects.filter(establishment=establishment).prefetch_related(
            "objectives__criteria", "objectives__actions", "sessions"
        )
    )
    try:
        wanted = int(request.GET.get("version", "0"))
    except ValueError:
        wanted = 0
    projet = next((p for p in versions if p.version == wanted), versions[0] if versions else None)
    problems: list[str] = []
    if request.method == "POST":
        if not request.user.can_edit_establishments:
            raise PermissionDenied("Votre rôle ne permet pas de modifier le projet d'établissement.")
        kind = request.POST.get("form", "")
        if kind == "start" and projet is None:
            start_projet(establishment=establishment, actor=request.user)
            return redirect("establishments:projet", establishment_pk=establishment.pk)
        if projet is not None:
            if kind == "sections":
                save_sections(
                    projet=projet,
                    actor=request.user,
                    texts={k: str(request.POST.get(k, ""))[:20000] for k in KEYS},
                )
                messages.success(request, "Contenu enregistré.")
                return redirect(f"{request.path}?version={projet.version}")
            if kind == "life":
                data = {
                    "cvs_consulted_on": _date(
                        request.POST.get("cvs_consulted_on", ""), "Consultation du CVS", problems
                    ),
                    "cvs_opinion": request.POST.get("cvs_opinion", "")[:5000],
                    "adopted_on": _date(request.POST.get("adopted_on", ""), "Adoption", problems),
                    "adopted_by": request.POST.get("adopted_by", "")[:200],
                    "sent_on": _date(request.POST.get("sent_on", ""), "Transmission", problems),
                }
                if data["adopted_on"] and not data["cvs_consulted_on"]:
                    problems.append(
                        "Adoption : le projet est adopté après consultation du conseil de la vie sociale ; indiquez sa date."
                    )
                if not problems:
                    sessions = list(
                        CollectiveSession.objects.filter(
                            establishment=establishment, pk__in=as_ids(request.POST.getlist("sessions"))
                        )
                    )
                    save_life(projet=projet, actor=request.user, data=data, sessions=sessions)
                    messages.success(request, "Étapes enregistrées.")
                    return redirect(f"{request.path}?version={projet.version}")
            if kind == "objective":
                text = request.POST.get("text", "").strip()
                codes = [c.strip() for c in request.POST.get("codes", "").split(",") if c.strip()]
                criteria = list(
                    Criterion.objects.filter(code__in=codes, version__in=_visible_versions(establishment))
                )
                unknown = sorted(set(codes) - {c.code for c in criteria})
                if not text:
                    problems.append("Objectif : écrivez l'objectif.")
                if unknown:
                    problems.append(
                        f"Objectif : critère(s) ou question(s) inconnu(s) : {', '.join(unknown)}."
                    )
                if not problems:
                    actions = list(
                        Action.objects.filter(
                            establishment=establishment, pk__in=as_ids(request.POST.getlist("actions"))
                        )
                    )
                    add_objective(
                        projet=projet,
                        actor=request.user,
                        text=text[:2000],
                        criteria=criteria,
                        actions=actions,
                    )
                    return redirect(f"{request.path}?version={projet.version}")
            if kind == "new_version":
                following = new_version(projet=projet, actor=request.user)
                messages.success(
                    request, f"Version {following.version} commencée à partir de la version {projet.version}."
                )
                return redirect(f"{request.path}?version={following.version}")
    today = timezone.localdate()
    return render(
        request,
        "projects/page.html",
        {
            "establishment": establishment,
            "projet": projet,
            "versions": versions,
            "problems": problems,
            "checks": checklist(projet.sections) if projet else [],
            "parts": PARTS,
            "today": today,
            "expired": bool(projet and projet.valid_until and projet.valid_until < today),
            "sessions": CollectiveSession.objects.filter(establishment=establishment),
            "actions": Action.objects.filter(establishment=establishment),
            "objectives": [
                (o, [a for a in o.actions.all() if a.status != "abandoned"]) for o in projet.objectives.all()
            ]
            if projet
            else [],
        },
    )


def _visible_versions(establishment: Any) -> Any:
    from ouvrage.frames.models import FrameVersion

    return FrameVersion.objects.for_organisation(establishment.organisation)


@require_safe
def projet_compare(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    versions = {p.version: p for p in Projet.objects.filter(establishment=establishment)}

    def pick(name: str, default: int) -> Projet | None:
        try:
            return versions.get(int(request.GET.get(name, default)))
        except ValueError:
            return None

    ordered = sorted(versions)
    a = pick("a", ordered[-2] if len(ordered) > 1 else 0)
    b = pick("b", ordered[-1] if ordered else 0)
    changes = []
    if a and b:
        for part in PARTS:
            for item in part.items:
                before, after = a.sections.get(item.key, ""), b.sections.get(item.key, "")
                if before != after:
                    lines = list(
                        difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
                    )[2:]
                    changes.append((item.label, before, after, lines))
    return render(
        request,
        "projects/compare.html",
        {"establishment": establishment, "a": a, "b": b, "versions": sorted(versions), "changes": changes},
    )


@require_safe
def projet_export(request: AuthedHttpRequest, establishment_pk: int, fmt: str) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    projet = Projet.objects.filter(establishment=establishment).order_by("-version").first()
    if projet is None or fmt not in {"pdf", "docx"}:
        from django.http import Http404

        raise Http404("Pas de projet d'établissement.")
    if fmt == "pdf":
        response = HttpResponse(projet_pdf(projet), content_type="application/pdf")
    else:
        response = HttpResponse(
            projet_docx(projet),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="projet-{establishment.pk}-v{projet.version}.{fmt}"'
    )
    return response
