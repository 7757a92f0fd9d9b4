"""The `ouvrage` command line: frames list/show/validate/import, applicable, demo."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ouvrage.accounts.models import User
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion, FrameVersion
from tests.conftest import HAS_DIR

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_list_and_show():
    assert "has-essms@1.1" in run("frames", "list")
    shown = run("frames", "show", "has-essms@1.1")
    assert "3 chapitres, 9 thématiques, 42 objectifs, 157 critères dont 18 impératifs" in shown
    # Issue 16: nothing incomplete in the HAS frame.
    assert "Libellé incomplet (0) : aucun" in shown and "Objectifs sans intitulé (0) : aucun" in shown
    assert "Éléments d'évaluation non connus (0) : aucun" in shown
    assert "340 éléments d'évaluation : professionnels 191, gouvernance 88, personne 61" in shown


def test_show_unknown_version():
    with pytest.raises(CommandError, match="Version de cadre « nimporte@9 » introuvable"):
        run("frames", "show", "nimporte@9")


def test_validate_default_folders():
    assert "valide (has-essms@1.1" in run("frames", "validate")


def test_import_is_repeatable_and_refuses_a_broken_folder_whole(tmp_path):
    assert "déjà à jour" in run("frames", "import", str(HAS_DIR))
    broken = tmp_path / "has"
    shutil.copytree(HAS_DIR, broken)
    text = (broken / "criteria.csv").read_text(encoding="utf-8")
    # One good change (a wording) and one bad value further down: nothing must be loaded.
    text = text.replace("La personne accompagnée exprime sa perception", "WORDING CHANGED", 1)
    text = text.replace("Tous ESSMS | Établissement", "Tous ESSMS | Établissement", 1)
    lines = text.splitlines(keepends=True)
    lines[-1] = lines[-1].replace(",non,", ",bof,", 1)
    (broken / "criteria.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run("frames", "import", str(broken))
    assert "rien n'a été enregistré" in str(exc.value)
    assert "criteria.csv, ligne 158, champ « imperative » : valeur « bof » inconnue" in str(exc.value)
    assert not Criterion.objects.filter(title__startswith="WORDING").exists()


def test_import_updates_in_place_when_files_change(tmp_path):
    changed = tmp_path / "has"
    shutil.copytree(HAS_DIR, changed)
    path = changed / "criteria.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("exprime sa perception", "EXPRIME sa perception", 1),
        encoding="utf-8",
    )
    version = FrameVersion.objects.get(frame__slug="has-essms")
    ids = set(version.criteria.values_list("pk", flat=True))
    assert "mise à jour" in run("frames", "import", str(changed))
    assert Criterion.objects.get(version=version, code="1.1.1").title.startswith(
        "La personne accompagnée EXPRIME"
    )
    assert (
        set(version.criteria.values_list("pk", flat=True)) == ids
    )  # rows kept, so later ratings keep their links


def test_applicable_for_a_profile():
    out = run("applicable", "--finess-category", "460", "--sector", "social", "--excluded")
    assert "Profil : Social · Service (sans hébergement) · PA, PHA" in out
    out = run(
        "applicable", "--sector", "social", "--kind", "service", "--publics", "PA,PHA,PHE", "--excluded"
    )
    assert "137 critères applicables sur 157, dont 16 impératifs" in out
    assert "2.2.1\tréservé aux établissements ; c'est un service" in out


def test_applicable_refuses_an_incomplete_profile():
    with pytest.raises(CommandError, match="Profil incomplet : précisez --sector"):
        run("applicable", "--finess-category", "177")
    with pytest.raises(CommandError, match="Public inconnu"):
        run("applicable", "--sector", "social", "--kind", "service", "--publics", "PA,XX")


def test_demo_is_idempotent():
    first = run("demo", "--no-server")
    assert "Ouvrez http://127.0.0.1:8000/" in first and "direction@tilleuls.example.org" in first
    run("demo", "--no-server")
    assert Establishment.objects.filter(organisation__name="Association Les Tilleuls").count() == 5
    assert User.objects.filter(email__endswith="example.org", organisation__isnull=False).count() >= 5
    kinds = set(Establishment.objects.values_list("finess_category", flat=True))
    assert {"500", "183", "177", "214", "460"} <= kinds
    # Two demo campaigns for the EHPAD: one complete, one in progress.
    from ouvrage.campaigns.models import Campaign
    from ouvrage.campaigns.selectors import progress_for

    done = {
        c.title: sum(p.rated for p in progress_for(c)[0]) / sum(p.total for p in progress_for(c)[0])
        for c in Campaign.objects.filter(kind="self")
    }
    assert done["Auto-évaluation 2025"] == 1 and 0 < done["Auto-évaluation 2026"] < 1
    # The external evaluation, prepared with its evaluator, and a pending invitation.
    external = Campaign.objects.get(kind="external")
    assert external.assessors.get().email == "evaluatrice@qualeval.example.org"
    from ouvrage.accounts.models import Invitation

    assert Invitation.objects.pending().count() == 1
    from ouvrage.realwork.models import WorkGap
    from ouvrage.reporting_burden.models import ReportingDuty

    assert ReportingDuty.objects.count() == 5 and WorkGap.objects.filter(author__isnull=True).count() == 2
    from ouvrage.ownframe.models import CrosswalkLink, EvaluativeAnswer

    assert EvaluativeAnswer.objects.count() == 3 and CrosswalkLink.objects.count() >= 5
    from ouvrage.surveys.models import SurveyResponse

    assert SurveyResponse.objects.count() == 3
    from ouvrage.projet.models import Projet

    assert Projet.objects.count() == 6 and Projet.objects.filter(adopted_on__isnull=True).count() == 3
