"""Devices said the way a person recognises them (a pure rule)."""

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.accounts.devices import device_label

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0"


def test_common_devices():
    assert device_label(FIREFOX_WINDOWS) == "Firefox sur Windows"
    assert device_label(CHROME_ANDROID) == "Chrome sur Android"
    assert device_label(SAFARI_IPHONE) == "Safari sur iPhone"
    assert device_label(EDGE_WINDOWS) == "Edge sur Windows"
    assert device_label("") == "Appareil inconnu"
    assert device_label("Téléphone") == "Appareil inconnu"


@given(st.text(max_size=300))
def test_any_string_gives_a_short_label(text):
    label = device_label(text)
    assert label and len(label) <= 30
