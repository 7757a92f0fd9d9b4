import html


def page_text(response) -> str:
    """The response body as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())
