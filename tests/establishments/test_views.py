from __future__ import annotations

import pytest
from django.urls import reverse

from ouvrage.audit.models import AuditEvent
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def establishment_events():
    return AuditEvent.objects.filter(target_type="establishments.Establishment")


VALID = {
    "name": "Foyer de vie Les Pins",
    "finess": with_check_digit("69012345"),
    "finess_category": "382",
    "sector": "social",
    "kind": "etablissement",
    "publics": ["PHA"],
    "capacity": "32",
    "authorisation_date": "2016-03-01",
    "last_evaluation_date": "",
}


def test_list_shows_only_own_organisation_with_counts(director_client, ehpad, saad, other_organisation):
    EstablishmentFactory(organisation=other_organisation, name="Hors organisme")
    response = director_client.get(reverse("establishments:list"))
    content = response.content.decode()
    assert "EHPAD A" in content and "SAAD A" in content
    assert "Hors organisme" not in content
    rows = {e.name: c for e, c in response.context["rows"]}
    assert rows["EHPAD A"][1] == 18 and rows["SAAD A"] == (137, 16)


def test_create_records_who_and_what(director_client, director):
    response = director_client.post(reverse("establishments:create"), VALID)
    establishment = Establishment.objects.get(name="Foyer de vie Les Pins")
    assert response.status_code == 302
    assert establishment.organisation == director.organisation
    assert establishment.publics == ["PHA"]
    event = establishment_events().get(target_id=str(establishment.pk))
    assert event.actor == director and event.action == "establishment.created"
    assert event.changes["finess"] == [None, VALID["finess"]]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("finess", "123", "Le numéro FINESS doit compter 9 caractères"),
        ("finess", "620018151", "La clé de contrôle du numéro FINESS « 620018151 » est fausse"),
        ("publics", [], "Cochez au moins un public accompagné."),
        ("capacity", "beaucoup", "La capacité est un nombre entier"),
        ("authorisation_date", "32/13/2020", "Date d'autorisation invalide"),
        ("sector", "autre", "Sélectionnez un choix valide"),
        ("name", "", "Indiquez le nom de l'établissement"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_saved(director_client, field, value, message):
    data = {**VALID, field: value}
    response = director_client.post(reverse("establishments:create"), data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Establishment.objects.filter(name=VALID["name"]).exists()
    assert not establishment_events().exists()


def test_duplicate_finess_in_organisation(director_client, ehpad):
    response = director_client.post(reverse("establishments:create"), {**VALID, "finess": ehpad.finess})
    assert f"Un établissement de votre organisme porte déjà le numéro FINESS {ehpad.finess}" in page_text(
        response
    )


def test_edit_records_the_difference(director_client, director, ehpad):
    data = {
        **VALID,
        "name": "EHPAD A renommé",
        "finess": ehpad.finess,
        "finess_category": "500",
        "sector": "medico_social",
        "publics": ["PA", "PHA"],
    }
    response = director_client.post(reverse("establishments:edit", args=[ehpad.pk]), data)
    assert response.status_code == 302
    ehpad.refresh_from_db()
    assert ehpad.name == "EHPAD A renommé" and ehpad.publics == ["PA", "PHA"]
    event = AuditEvent.objects.get(action="establishment.updated")
    assert event.changes["name"] == ["EHPAD A", "EHPAD A renommé"]
    assert event.changes["publics"] == [["PA"], ["PA", "PHA"]]
    page = director_client.get(reverse("establishments:detail", args=[ehpad.pk])).content.decode()
    assert "EHPAD A → EHPAD A renommé" in page


@pytest.mark.parametrize("role", ["professional", "read_only"])
def test_roles_without_edit_rights_are_refused(client, organisation, ehpad, role):
    client.force_login(UserFactory(organisation=organisation, role=role))
    assert client.get(reverse("establishments:create")).status_code == 403
    assert client.post(reverse("establishments:edit", args=[ehpad.pk]), VALID).status_code == 403
    assert client.get(reverse("establishments:detail", args=[ehpad.pk])).status_code == 200


def test_user_attached_to_some_establishments_sees_only_them(client, organisation, ehpad, saad):
    user = UserFactory(organisation=organisation, role="quality", all_establishments=False)
    user.establishments.add(ehpad)
    client.force_login(user)
    names = [e.name for e, _ in client.get(reverse("establishments:list")).context["rows"]]
    assert names == ["EHPAD A"]
    assert client.get(reverse("establishments:detail", args=[saad.pk])).status_code == 404
    # Its last establishment removed, the person sees none (never all of them)…
    user.establishments.remove(ehpad)
    page = client.get(reverse("establishments:list"))
    assert page.context["rows"] == [] and "EHPAD A" not in page.content.decode()
    # …and, restricted, cannot create one outside any scope.
    created = client.post(reverse("establishments:create"), {"name": "Nouveau"})
    assert created.status_code == 403 and not Establishment.objects.filter(name="Nouveau").exists()


def test_finess_category_prefills_profile_fragment(director_client):
    response = director_client.get(
        reverse("establishments:profile_from_category"), {"finess_category": "500"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content
    assert 'value="medico_social"' in content and 'value="PA"' in content
    checked = [
        part.split('value="')[1].split('"')[0] for part in content.split("<input")[1:] if "checked" in part
    ]
    assert checked == ["medico_social", "etablissement", "PA"]
