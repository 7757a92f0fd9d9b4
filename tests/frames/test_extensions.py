"""Field extension packs: same format, new criteria for a field, rewordings linked to official ones."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.urls import reverse

from ouvrage.core.problems import ProblemsFound
from ouvrage.frames.loader import load_frame
from ouvrage.frames.models import Criterion, Frame, FrameVersion
from ouvrage.frames.services import import_frame_version
from tests.factories import EstablishmentFactory
from tests.helpers import visible_text

EXAMPLE = settings.FRAMES_DATA_DIR / "exemple-extension-protection-enfance" / "0.1"


def test_the_example_pack_validates_and_says_it_is_an_example():
    spec = load_frame(EXAMPLE)
    assert spec.extends == "has-essms" and spec.name.startswith("EXEMPLE")
    assert {c.code: c.rewords for c in spec.criteria if c.rewords} == {"PE.1.1": "1.10.1", "PE.1.2": "1.11.1"}
    assert all(c.scope.publics_label == "PE-PJJ" for c in spec.criteria)


@pytest.mark.django_db
def test_applied_to_a_child_protection_establishment_only(director_client, organisation, ehpad, has_version):
    import_frame_version(spec=load_frame(EXAMPLE))
    version = FrameVersion.objects.get(frame__slug="exemple-extension-protection-enfance")
    assert Criterion.objects.get(version=version, code="PE.1.1").rewords.code == "1.10.1"
    mecs = EstablishmentFactory(
        organisation=organisation, name="MECS", finess_category="177", sector="social", publics=["PE-PJJ"]
    )
    official = has_version.criteria.get(code="1.10.1")
    mecs_page = visible_text(
        director_client.get(reverse("frames:criterion", args=[mecs.pk, has_version.pk, official.pk]))
    )
    assert (
        "Formulation pour le champ de l'établissement" in mecs_page
        and "projet pour l'enfant (PPE)" in mecs_page
    )
    ehpad_page = visible_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, official.pk]))
    )
    assert "Formulation pour le champ" not in ehpad_page
    detail = visible_text(director_client.get(reverse("establishments:detail", args=[mecs.pk])))
    assert "EXEMPLE – Extension protection de l'enfance (4 critères applicables)" in detail
    referentiel = director_client.get(reverse("frames:referentiel", args=[mecs.pk, version.pk])).context[
        "page"
    ]
    assert len(referentiel.result.applicable) == 4


@pytest.mark.django_db
def test_a_rewording_of_an_unknown_criterion_refuses_the_whole_pack(tmp_path, has_version):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    path = pack / "criteria.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1.11.1,", ",9.9.9,"), encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        import_frame_version(spec=load_frame(pack))
    assert str(exc.value.problems[0]) == (
        "criteria.csv, critère PE.1.2, champ « rewords » : critère officiel « 9.9.9 » introuvable dans has-essms@1.1"
    )
    assert not Frame.objects.filter(slug="exemple-extension-protection-enfance").exists()


def test_rewording_outside_an_extension_is_refused(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    toml = pack / "frame.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('extends = "has-essms"\n', ""), encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        load_frame(pack)
    assert any("une reformulation n'a de sens que dans une extension" in str(p) for p in exc.value.problems)


@pytest.mark.django_db
def test_an_extension_of_a_frame_not_loaded_is_refused(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    toml = pack / "frame.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('extends = "has-essms"', 'extends = "autre-cadre"'),
        encoding="utf-8",
    )
    with pytest.raises(
        ProblemsFound, match="le cadre « autre-cadre » que complète cette extension n'est pas chargé"
    ):
        import_frame_version(spec=load_frame(pack))
