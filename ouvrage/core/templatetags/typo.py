"""French typography for documents: narrow no-break spaces before ; : ! ? and inside « »."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NNBSP = "\u202f"


def french(text: str) -> str:
    text = re.sub(r"\s+([;:!?»])", NNBSP + r"\1", text)
    text = re.sub(r"«\s+", "«" + NNBSP, text)
    return text


@register.filter
def typo(value: object) -> SafeString:
    return mark_safe(french(str(conditional_escape(str(value)))))  # noqa: S308 (escaped first)
