from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ouvrage.actions.models import Action
from ouvrage.campaigns.grid_files import read_grids, safe
from ouvrage.campaigns.models import Rating
from ouvrage.campaigns.selectors import grid_for, results_for
from ouvrage.core.problems import ProblemsFound
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.campaigns.fixtures import closed, rated_campaign
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def workbook_of(response):
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def offline(director_client, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible", themes=["T2"], title="Traceur droits")
    response = director_client.get(reverse("campaigns:grids_xlsx", args=[campaign.pk]))
    return campaign, interview, workbook_of(response)


def upload(client, campaign, wb, name="grilles.xlsx"):
    buffer = io.BytesIO()
    wb.save(buffer)
    return client.post(
        reverse("campaigns:grids_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile(name, buffer.getvalue())},
    )


def test_grid_export_has_a_sheet_per_interview_with_validation(offline):
    _campaign, _interview, wb = offline
    ws = wb["1. Traceur droits"]
    assert [c.value for c in ws[1]] == [
        "id",
        "Critère",
        "E.E.",
        "Élément d'évaluation",
        "Cotation",
        "Commentaire",
        "Justification NC",
        "version",
    ]
    assert ws.column_dimensions["A"].hidden and ws.column_dimensions["H"].hidden
    assert ws.data_validations.dataValidation[0].formula1 == '"1,2,3,4,*,NC,RI"'
    assert {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)} == {
        f"2.2.{i}" for i in range(1, 8)
    }
    assert wb["_ouvrage"].sheet_state == "hidden"


def test_filled_grid_imports_all_or_nothing(director_client, offline):
    campaign, interview, wb = offline
    ws = wb["1. Traceur droits"]
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=5).value = "4"
    ws.cell(row=2, column=6).value = "Vu en réunion d'équipe"
    response = upload(director_client, campaign, wb)
    assert response.status_code == 302
    ratings = Rating.objects.filter(interview=interview)
    assert ratings.count() == ws.max_row - 1 and set(ratings.values_list("mark", flat=True)) == {"4"}
    assert ratings.filter(comment="Vu en réunion d'équipe").count() == 1
    # Same file again: nothing changes, nothing is refused.
    assert upload(director_client, campaign, wb).status_code == 302


def test_bad_cells_are_listed_with_sheet_and_cell_and_nothing_is_saved(director_client, offline):
    campaign, _interview, wb = offline
    ws = wb["1. Traceur droits"]
    ws.cell(row=2, column=5).value = "4"
    ws.cell(row=3, column=5).value = "5"
    ws.cell(row=4, column=5).value = "NC"  # impératif: NC impossible
    ws.cell(row=5, column=1).value = "999999"
    response = upload(director_client, campaign, wb)
    text = page_text(response)
    assert response.status_code == 400 and "rien n'a été enregistré" in text
    assert "feuille « 1. Traceur droits », cellule E3, champ « Cotation » : cotation « 5 » inconnue" in text
    assert "cellule E4 : « Non concerné » est impossible sur un critère impératif" in text
    assert "cellule A5 : identifiant d'élément modifié ou inconnu" in text
    assert not Rating.objects.exists()


def test_changed_since_export_is_a_conflict_not_an_overwrite(director_client, director, offline):
    campaign, interview, wb = offline
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    rate(interview, row.element, director, "2")  # saved in the application after the export
    ws = wb["1. Traceur droits"]
    ws.cell(row=2, column=5).value = "4"
    ws.cell(row=3, column=5).value = "3"
    text = page_text(upload(director_client, campaign, wb))
    assert "modifiée dans Ouvrage depuis l'export (« 2 »" in text and "le fichier dit « 4 »" in text
    assert list(Rating.objects.values_list("mark", flat=True)) == ["2"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"pas un classeur", "ce n'est pas un classeur Excel .xlsx lisible"), (b"", "ce n'est pas un classeur")],
)
def test_unreadable_files(director_client, ehpad, content, message):
    campaign = campaign_for(ehpad)
    response = director_client.post(
        reverse("campaigns:grids_import", args=[campaign.pk]), {"file": SimpleUploadedFile("x.xlsx", content)}
    )
    assert message in page_text(response)


def test_file_of_another_campaign_is_refused(director_client, ehpad, offline):
    _, _, wb = offline
    other = campaign_for(ehpad, title="Autre")
    assert "exporté pour une autre évaluation" in page_text(upload(director_client, other, wb))


cells = st.one_of(
    st.none(),
    st.integers(-10, 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, max_size=9), max_size=8), st.booleans())
def test_fuzzed_grid_files_never_crash_nor_write(offline, rows, keep_header):
    campaign, interview, wb = offline
    ws = wb["1. Traceur droits"]
    ws.delete_rows(1 if keep_header is False else 2, ws.max_row)
    for values in rows:
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    grids = {interview.pk: grid_for(interview)}
    try:
        result = read_grids("f.xlsx", buffer.getvalue(), campaign, grids)
    except ProblemsFound as exc:
        assert all(str(p).startswith("f.xlsx") for p in exc.problems)
    else:
        assert all(change.mark in {"", "1", "2", "3", "4", "*", "NC", "RI"} for change in result.changes)
    assert not Rating.objects.exists()


def test_open_data_layout(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    wb = workbook_of(director_client.get(reverse("campaigns:open_data_xlsx", args=[campaign.pk])))
    ws = wb["open_data_par_essms"]
    row = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    results = results_for(campaign).results
    assert row["finess_geo"] == ehpad.finess and row["nb_ci"] == 18
    assert row["cotation_chapitre_2"] == float(results.chapters["2"].display)
    assert row["cotation_critere_imperatif_2.2.1"] == float(results.criteria["2.2.1"].score)
    assert row["nb_ci_sup_3_5"] == results.quality.imperatives_at_threshold
    assert row["moy_objectifs_100"] == float(results.quality.mean_100_display)
    assert row["indice_qualite_estime"] == "non calculée (évaluation incomplète)"
    assert row["ouvrage_statut_resultats"].startswith("provisoires : ")
    assert "cotation_thematique_2.1" in row and "cotation_globale_thematique_0.9" in row
    assert "ESTIMATION" in wb["À lire"]["A2"].value
    closed(campaign, director)
    wb = workbook_of(director_client.get(reverse("campaigns:open_data_xlsx", args=[campaign.pk])))
    ws = wb["open_data_par_essms"]
    row = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert row["indice_qualite_estime"] == results.quality.letter
    assert row["ouvrage_statut_resultats"].startswith("clôturés incomplets : ")


def test_action_plan_export_neutralises_formulas(director_client, ehpad):
    Action.objects.create(
        establishment=ehpad, title="=CMD|' /C calc'!A0", description="+1+1", abandon_reason="@SUM(A1)"
    )
    wb = workbook_of(director_client.get(reverse("actions:plan_xlsx", args=[ehpad.pk])))
    ws = wb.active
    assert ws["A2"].value == "'=CMD|' /C calc'!A0" and ws["A2"].data_type == "s"
    assert ws["B2"].value == "'+1+1" and ws["H2"].value == "'@SUM(A1)"
    assert safe("-2") == "'-2" and safe(-2) == -2 and safe("normal") == "normal"


def test_huge_files_are_refused_before_reading(ehpad):
    campaign = campaign_for(ehpad)
    with pytest.raises(ProblemsFound, match="5 Mo au plus"):
        read_grids("gros.xlsx", b"0" * (5 * 1024 * 1024 + 1), campaign, {})


def test_exporting_the_grids_of_an_evaluation_without_interviews_says_so(director_client, ehpad):
    """It was a 500 (a workbook whose only sheet is hidden)."""
    campaign = campaign_for(ehpad)
    response = director_client.get(reverse("campaigns:grids_xlsx", args=[campaign.pk]), follow=True)
    assert response.status_code == 200 and "pas de grille à exporter" in page_text(response)
