"""The logo printed on the covers: any PNG or JPEG is re-drawn as a small PNG; anything else is
refused with a French sentence naming the file, and nothing is saved."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ouvrage.audit.models import AuditEvent
from ouvrage.establishments.logo import LogoRefused, normalised_logo
from ouvrage.establishments.selectors import logo_data_uri
from tests.helpers import visible_text


def picture(fmt: str = "PNG", size=(1200, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (31, 78, 140)).save(out, format=fmt)
    return out.getvalue()


def test_a_logo_is_redrawn_small_and_anything_else_refused():
    png = normalised_logo(picture("JPEG"), "logo.jpg")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width <= 600 and image.height <= 240
    for data, message in (
        (b"%PDF-1.4 pas une image", "n'est pas une image PNG ou JPEG lisible"),
        (picture("GIF"), "n'est pas une image PNG ou JPEG"),
        (picture(size=(5000, 5000)), "trop grande"),
        (b"\0" * (3 * 1024 * 1024), "plus de 2 Mo"),
    ):
        with pytest.raises(LogoRefused, match=message):
            normalised_logo(data, "logo.png")


@pytest.mark.django_db
def test_upload_replace_and_remove_the_logo(director_client, ehpad):
    url = reverse("establishments:logo", args=[ehpad.pk])
    refused = director_client.post(url, {"logo": SimpleUploadedFile("faux.png", b"<svg/>")})
    assert refused.status_code == 400 and "« faux.png » n'est pas une image" in visible_text(refused)
    ehpad.refresh_from_db()
    assert not ehpad.logo
    assert director_client.post(url, {"logo": SimpleUploadedFile("logo.png", picture())}).status_code == 302
    ehpad.refresh_from_db()
    assert logo_data_uri(ehpad).startswith("data:image/png;base64,")
    assert 'alt="Logo actuel' in director_client.get(url).content.decode()
    director_client.post(url, {"remove": "1"})
    ehpad.refresh_from_db()
    assert not ehpad.logo and logo_data_uri(ehpad) == ""
    assert AuditEvent.objects.filter(action="establishment.logo_changed").count() == 2
