import html
import re


def page_text(response) -> str:
    """The response body as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def visible_text(response) -> str:
    """Only the words: tags removed, white space folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_text(response))).replace(" :", " :")
