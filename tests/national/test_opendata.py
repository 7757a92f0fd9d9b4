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

HEADER = [
    "finess_geo",
    "essms_categ_finess_code",
    "region_libelle",
    "eval_date_fin",
    "moy_objectifs_100",
    "taux_ci_sup_3_5",
    "indice_qualite",
    "cotation_chapitre_1",
    "cotation_chapitre_2",
    "cotation_chapitre_3",
]


def rows(n=12, region="Auvergne-Rhône-Alpes"):
    return [
        [
            f"69{i:07d}",
            "500",
            region,
            f"2025-03-0{1 + i % 9}",
            50 + 4 * i,
            100 - 5 * i,
            "ABCD"[i % 4],
            3.1,
            3.2,
            2.9,
        ]
        for i in range(n)
    ]


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


@pytest.mark.django_db
def test_import_xlsx_and_csv(tmp_path):
    out = run(xlsx(tmp_path / "open_data_par_essms.xlsx", rows()))
    assert "12 résultats importés" in out and "[##############################] 100% 12/12" in out
    assert NationalResult.objects.count() == 12
    first = NationalResult.objects.get(finess_geo="690000000")
    assert (str(first.mean_100), first.letter, first.chapters["1"]) == ("50.00", "A", 3.1)
    csv_path = tmp_path / "open_data_par_essms.csv"
    csv_path.write_text(
        ";".join(HEADER) + "\n" + "\n".join(";".join(str(v).replace(".", ",") for v in r) for r in rows(5)),
        encoding="utf-8",
    )
    assert "5 résultats importés" in run(csv_path)
    assert NationalResult.objects.count() == 5  # replaced, not added


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data, header: (data, header[1:]), "colonnes manquantes : finess_geo"),
        (
            lambda data, header: ([*data[:3], [*data[3][:6], "E", *data[3][7:]]], header),
            "ligne 5, champ « indice_qualite » : lettre « E » inconnue",
        ),
        (
            lambda data, header: ([*data[:2], [*data[2][:4], "beaucoup", *data[2][5:]]], header),
            "ligne 4 : valeur illisible",
        ),
        (
            lambda data, header: ([*data[:1], [*data[1][:4], 140, *data[1][5:]]], header),
            "ligne 3, champ « moy_objectifs_100 » : moyenne 140 hors de 0–100",
        ),
    ],
)
def test_bad_files_are_refused_whole(tmp_path, change, message):
    run(xlsx(tmp_path / "bon.xlsx", rows(3)))
    data, header = change(rows(6), HEADER)
    with pytest.raises(CommandError) as exc:
        run(xlsx(tmp_path / "mauvais.xlsx", data, header))
    assert message in str(exc.value) and "rien n'a été enregistré" in str(exc.value)
    assert NationalResult.objects.count() == 3  # the previous import is untouched


def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "faux.xlsx"
    path.write_text("ceci n'est pas un classeur")
    with pytest.raises(CommandError, match=r"ce n'est pas un classeur \.xlsx lisible"):
        run(path)


@pytest.mark.django_db
def test_establishment_beside_its_category(director_client, director, ehpad, tmp_path):
    run(xlsx(tmp_path / "o.xlsx", rows(12)))
    campaign = rated_campaign(ehpad, director)
    page = visible_text(director_client.get(reverse("establishments:detail", args=[ehpad.pk])))
    assert "Comparaison avec les résultats publiés" in page
    assert "Catégorie 500, toute la France 12" in page and "3 / 3 / 3 / 3" in page
    assert "aucune évaluation clôturée" in page  # an evaluation under way is not compared
    closed(campaign, director)
    page = visible_text(director_client.get(reverse("establishments:detail", args=[ehpad.pk])))
    mean = str(results_for(campaign).results.quality.mean_100_display).replace(".", ",")
    assert f"dernière évaluation clôturée dans Ouvrage (« {campaign.title} ») : {mean} / 100" in page


@pytest.mark.django_db
def test_import_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = rows(7)
    table = pa.table({name: [str(r[i]) for r in data] for i, name in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "open_data_par_essms.parquet")
    out = run(tmp_path / "open_data_par_essms.parquet")
    assert "7 résultats importés" in out and "7/7" in out
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
    header = [
        "finess_geo",
        "essms_categ_finess_code",
        "eval_date_fin",
        "moy_objectifs_100",
        "nb_ci",
        "nb_ci_atteints",
    ]
    data = [
        ["690000001", "500", "2024-11-20", 41.34, 17, 10],
        ["690000002", "500", "2025-06-02", 39.48, 16, 7],
    ]
    run(xlsx(tmp_path / "compte.xlsx", data, header))
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
    table = pa.table({name: pa.array([first[i]] * count) for i, name in enumerate(HEADER)})
    path = tmp_path / "open_data.parquet"
    pq.write_table(table, path, row_group_size=20_000)
    read = []
    original = opendata._rows

    def counted(*args, **kwargs):
        for item in original(*args, **kwargs):
            read.append(1)
            yield item

    monkeypatch.setattr(opendata, "_rows", counted)
    with pytest.raises(ProblemsFound) as found:
        opendata.read_results(path)
    assert "plus de 5000 lignes" in str(found.value)
    assert len(read) <= 5_001
