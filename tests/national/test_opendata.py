"""Importing the HAS open-data results (files made by the tests, with the published columns)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from ouvrage.campaigns.selectors import results_for
from ouvrage.national.models import NationalResult
from ouvrage.national.published import read_imperatives
from tests.campaigns.fixtures import closed, rated_campaign
from tests.helpers import visible_text
from tests.national.files import COLUMNS, WRITERS, write_csv, write_parquet
from tests.national.files import row as full_row
from tests.national.files import rows as full_rows

HEADER = COLUMNS


def rows(n=12, region="Auvergne-Rhône-Alpes"):
    """Lists in the order of HEADER (the 173 columns), scores varied."""
    return [[r[c] for c in HEADER] for r in full_rows(n, region=region)]


def xlsx(path, data, header=HEADER):
    wb = Workbook()
    wb.active.append(header)
    for row in data:
        wb.active.append(row)
    wb.save(path)
    return path


def run(path):
    out = StringIO()
    call_command("opendata", "import", str(path), stdout=out)
    return out.getvalue()


def _set(data, line, column, value):
    """Change one cell: `line` as a spreadsheet numbers it (the header is line 1)."""
    data = [list(r) for r in data]
    data[line - 2][HEADER.index(column)] = value
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet"])
def test_the_173_columns_import_in_every_format(tmp_path, kind):
    data = full_rows(30)
    path = WRITERS[kind](tmp_path / f"open_data_par_essms.{kind}", data)
    out = run(path)
    assert "30 résultats importés" in out and ("30/30" in out or kind == "xlsx")  # no dimension written
    first = NationalResult.objects.get(finess_geo="690000000")
    source = data[0]
    assert first.letter == "A" and first.category == "500" and first.region == "Auvergne-Rhône-Alpes"
    assert first.chapters["1"] == source["cotation_chapitre_1"]
    assert len(first.themes) == 22 and first.themes["3.8"] == source["cotation_thematique_3.8"]
    assert (
        len(first.global_themes) == 9
        and first.global_themes["0.9"] == source["cotation_globale_thematique_0.9"]
    )
    assert len(first.objectives) == 42 and first.objectives["3.15"] == source["cotation_objectif_3.15"]
    assert (
        len(first.imperatives) == 18
        and first.imperatives["3.14.2"] == source["cotation_critere_imperatif_3.14.2"]
    )
    assert first.objective_criteria["1.1"] == source["nb_criteres_evalues_objectif_1.1"]
    assert (first.sector, first.structure_kind, first.publics) == ("medico_social", "etablissement", ["PA"])
    assert (first.evaluating_body, first.accreditation, first.category_label[:14]) == (
        "Cabinet Évaluation",
        "3-1234",
        "Etablissement ",
    )
    assert (first.imperatives_at_threshold, first.applicable_imperatives, str(first.imperative_rate)) == (
        10,
        18,
        "55.55",
    )


@pytest.mark.django_db
def test_header_in_any_order_and_case_with_extra_columns(tmp_path):
    data = full_rows(5)
    columns = [c.upper() if i % 2 else f"  {c} " for i, c in enumerate(reversed(HEADER))]
    renamed = [{columns[HEADER[::-1].index(c)]: v for c, v in r.items()} | {"Autre": "x"} for r in data]
    write_csv(tmp_path / "desordre.csv", renamed, [*columns, "Autre"])
    assert "5 résultats importés" in run(tmp_path / "desordre.csv")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet"])
def test_missing_required_columns_are_named_and_nothing_changes(tmp_path, kind):
    run(xlsx(tmp_path / "bon.xlsx", rows(3)))
    kept = [c for c in HEADER if c not in {"finess_geo", "cotation_objectif_2.3", "cotation_thematique_3.8"}]
    path = WRITERS[kind](tmp_path / f"mauvais.{kind}", full_rows(4), kept)
    with pytest.raises(CommandError) as exc:
        run(path)
    text = str(exc.value)
    assert "3 colonnes manquantes : finess_geo, cotation_thematique_3.8, cotation_objectif_2.3" in text
    assert "rien n'a été enregistré" in text
    assert NationalResult.objects.count() == 3  # the previous import is untouched


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (5, "indice_qualite", "E", "ligne 5, champ « indice_qualite » : lettre « E » inconnue"),
        (4, "moy_objectifs_100", "beaucoup", "ligne 4, champ « moy_objectifs_100 » : valeur illisible"),
        (
            3,
            "moy_objectifs_100",
            140,
            "ligne 3, champ « moy_objectifs_100 » : valeur illisible : moyenne 140 hors de 0–100",
        ),
        (
            6,
            "cotation_objectif_2.3",
            5.2,
            "ligne 6, champ « cotation_objectif_2.3 » : valeur illisible : cotation 5.2 hors de 1–4",
        ),
        (
            2,
            "cotation_critere_imperatif_3.12.1",
            "trois",
            "ligne 2, champ « cotation_critere_imperatif_3.12.1 »",
        ),
        (
            7,
            "essms_PHA",
            "peut-être",
            "ligne 7, champ « essms_PHA » : valeur illisible : « peut-être » n'est ni oui ni non",
        ),
        (3, "eval_date_fin", "hier", "ligne 3, champ « eval_date_fin »"),
        (4, "nb_criteres_evalues_objectif_1.4", "-2", "ligne 4, champ « nb_criteres_evalues_objectif_1.4 »"),
    ],
)
def test_bad_cells_are_named_by_line_and_column(tmp_path, line, column, value, message):
    run(xlsx(tmp_path / "bon.xlsx", rows(3)))
    with pytest.raises(CommandError) as exc:
        run(xlsx(tmp_path / "mauvais.xlsx", _set(rows(8), line, column, value)))
    assert message in str(exc.value) and "rien n'a été enregistré" in str(exc.value)
    assert NationalResult.objects.count() == 3


def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "faux.xlsx"
    path.write_text("ceci n'est pas un classeur")
    with pytest.raises(CommandError, match=r"ce n'est pas un classeur \.xlsx lisible"):
        run(path)


@pytest.mark.django_db
def test_establishment_page_summary_and_link(director_client, director, ehpad, tmp_path):
    run(xlsx(tmp_path / "o.xlsx", rows(12)))
    campaign = rated_campaign(ehpad, director)
    page = visible_text(director_client.get(reverse("establishments:detail", args=[ehpad.pk])))
    assert "Comparaison avec les résultats publiés" in page
    assert "12 évaluations publiées par la HAS pour la catégorie 500 en France" in page
    assert "Aucune évaluation clôturée dans Ouvrage à comparer" in page  # an evaluation under way
    closed(campaign, director)
    page = visible_text(director_client.get(reverse("establishments:detail", args=[ehpad.pk])))
    mean = str(results_for(campaign).results.quality.mean_100_display).replace(".", ",")
    assert f"(« {campaign.title} ») : {mean} / 100 (estimation), " in page
    assert "Comparer chapitre par chapitre" in page


@pytest.mark.django_db
def test_broken_parquet(tmp_path):
    run(write_parquet(tmp_path / "bon.parquet", full_rows(7)))
    assert NationalResult.objects.get(finess_geo="690000006").letter == "C"
    broken = tmp_path / "faux.parquet"
    broken.write_bytes(b"PAR1 pas un fichier parquet")
    with pytest.raises(CommandError, match="fichier parquet illisible"):
        run(broken)
    assert NationalResult.objects.count() == 7


@pytest.mark.parametrize(
    ("row", "at_threshold", "at_four", "rate"),
    [
        # Before March 2025, nb_ci_atteints counted impératifs ≥ 3.5: it gives the rate.
        ({"nb_ci": 17, "nb_ci_atteints": 10, "eval_end": "2024-11-20"}, 10, None, "58.82"),
        # From April 2025, it counts impératifs at 4: never the rate.
        ({"nb_ci": 16, "nb_ci_atteints": 7, "eval_end": "2025-06-02"}, None, 7, None),
        ({"nb_ci": 16, "nb_ci_sup_3_5": 9, "nb_ci_atteints": 7, "eval_end": "2025-06-02"}, 9, 7, "56.25"),
        # March 2025 itself: the meaning cannot be told, the column is left unread.
        ({"nb_ci": 18, "nb_ci_atteints": 12, "eval_end": "2025-03-15"}, None, None, None),
        # The published rate wins over any count.
        (
            {"nb_ci": 18, "taux_ci_sup_3_5": "61.11", "nb_ci_atteints": 12, "eval_end": "2025-09-01"},
            None,
            12,
            "61.11",
        ),
    ],
)
def test_the_meaning_of_nb_ci_atteints_depends_on_the_date(row, at_threshold, at_four, rate):
    from datetime import date
    from decimal import Decimal

    found = read_imperatives(
        nb_ci=row["nb_ci"],
        nb_ci_sup_3_5=row.get("nb_ci_sup_3_5"),
        taux_ci_sup_3_5=Decimal(row["taux_ci_sup_3_5"]) if "taux_ci_sup_3_5" in row else None,
        nb_ci_atteints=row["nb_ci_atteints"],
        eval_end=date.fromisoformat(row["eval_end"]),
    )
    assert (found.at_threshold, found.at_four) == (at_threshold, at_four)
    assert found.rate == (Decimal(rate) if rate else None)


@pytest.mark.django_db
def test_import_reads_the_impératif_counts_in_their_meaning(tmp_path):
    common = {"taux_ci_sup_3_5": "", "nb_ci_sup_3_5": ""}
    data = [
        full_row(
            1, eval_date_fin="2024-11-20", moy_objectifs_100=41.34, nb_ci=17, nb_ci_atteints=10, **common
        ),
        full_row(
            2, eval_date_fin="2025-06-02", moy_objectifs_100=39.48, nb_ci=16, nb_ci_atteints=7, **common
        ),
    ]
    run(write_csv(tmp_path / "compte.csv", data))
    before, after = NationalResult.objects.order_by("finess_geo")
    assert (before.imperatives_at_threshold, before.imperatives_at_four, str(before.imperative_rate)) == (
        10,
        None,
        "58.82",
    )
    assert (after.imperatives_at_threshold, after.imperatives_at_four, after.imperative_rate) == (
        None,
        7,
        None,
    )


def _parquet(path, data, header=HEADER, **types):
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {}
    for i, name in enumerate(header):
        values = [r[i] for r in data]
        columns[name] = pa.array(values, type=types.get(name, pa.string()))
    pq.write_table(pa.table(columns), path)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("moy_objectifs_100", "NaN", "n'est pas un nombre fini"),
        ("moy_objectifs_100", "Infinity", "n'est pas un nombre fini"),
        ("region_libelle", "x" * 200_000, "plus de 500 caractères"),
    ],
)
def test_odd_values_are_named_by_line_not_tracebacks(tmp_path, column, value, message):
    from ouvrage.core.problems import ProblemsFound
    from ouvrage.national.opendata import read_results

    data = [[str(v) for v in r] for r in rows(3)]
    data[1][HEADER.index(column)] = value
    path = tmp_path / "open_data.parquet"
    _parquet(path, data)
    with pytest.raises(ProblemsFound) as found:
        read_results(path)
    text = str(found.value)
    assert message in text and "ligne 3" in text


def test_binary_bytes_are_refused_by_line(tmp_path):
    import pyarrow as pa

    from ouvrage.core.problems import ProblemsFound
    from ouvrage.national.opendata import read_results

    data = [[str(v).encode() for v in r] for r in rows(2)]
    path = tmp_path / "open_data.parquet"
    _parquet(path, data, **{"region_libelle": pa.binary()})
    with pytest.raises(ProblemsFound) as found:
        read_results(path)
    assert "valeur binaire" in str(found.value) and "region_libelle" in str(found.value)


def test_millions_of_rows_are_refused_while_read(tmp_path, monkeypatch):
    """Read in batches: the file is refused past the limit, never loaded whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ouvrage.core.problems import ProblemsFound
    from ouvrage.national import opendata

    monkeypatch.setattr(opendata, "MAX_ROWS", 5_000)
    first = [str(v) for v in rows(1)[0]]
    count = 300_000
    table = pa.table({name: pa.repeat(first[i], count) for i, name in enumerate(HEADER)})
    path = tmp_path / "open_data.parquet"
    pq.write_table(table, path, row_group_size=20_000)
    read = []
    original = opendata._Source.rows

    def counted(*args, **kwargs):
        for item in original(*args, **kwargs):
            read.append(1)
            yield item

    monkeypatch.setattr(opendata._Source, "rows", counted)
    with pytest.raises(ProblemsFound) as found:
        opendata.read_results(path)
    assert "plus de 5000 lignes" in str(found.value)
    assert len(read) <= 5_001
