"""`{{ ratings|cotations }}`: an element's cotations as the results page writes them, « 4 » (Entretien)
; … — built in Python, since a page of a full evaluation writes about a thousand of them and the
template engine's loop cost most of its time (issue 17). Loaded in every template (settings: builtins)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst

from ouvrage.core.numbers import truncated
from ouvrage.core.templatetags.figures import thousands
from ouvrage.www.rendering import address_prefix

register = template.Library()


@register.filter
def cotations(ratings: Sequence[Any]) -> SafeString:
    """« mark » (interview)[ : justification], separated by « ; »; « pas de cotation » for none.
    A cotation without a mark (a comment only) writes nothing."""
    if not ratings:
        return mark_safe("pas de cotation")
    last = len(ratings) - 1
    parts = []
    for i, rating in enumerate(ratings):
        if not rating.mark:
            continue
        text = f"« {escape(rating.mark)} » ({escape(rating.interview.title)})"
        if rating.justification:
            text += f" : {escape(rating.justification)}"
        parts.append(text + (" ; " if i < last else ""))
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


ROW = (
    '<div class="grid-item" id="row-{pk}" data-element="{pk}" data-criterion="{criterion}" '
    'data-version="{version}" data-url="{url}{pk}/" data-label="{code} E.E. {rank}">\n'
    '  <form class="grid-row" method="post" action="{url}{pk}/">\n'
    "    {csrf}\n"
    '    <input type="hidden" name="version" value="{version}">\n'
    '    <label class="element-text" for="mark-{pk}">E.E. {rank}. {text}{placeholder}</label>\n'
    '    <div class="row-inputs">\n'
    '      <select id="mark-{pk}" name="mark" class="mark" data-grid-mark{disabled}>\n'
    "        {options}\n"
    "      </select>\n"
    '      <label for="comment-{pk}" class="visually-hidden">Commentaire sur E.E. {rank}</label>\n'
    '      <input id="comment-{pk}" name="comment" type="text" value="{comment}" placeholder="Commentaire" '
    'data-grid-text aria-describedby="count-{pk}" {disabled_attr}>\n'
    '      <label for="just-{pk}" class="{hidden}" data-just-label>Justification du « non concerné »</label>\n'
    '      <input id="just-{pk}" name="justification" type="text" value="{justification}" class="{hidden}" '
    "data-grid-text {disabled_attr}>\n"
    '      <span id="count-{pk}" class="counter" aria-live="polite"></span>\n'
    '      <noscript><button type="submit" class="button secondary">Enregistrer</button></noscript>\n'
    "    </div>\n"
    '    <p id="msg-{pk}" class="row-status" role="status">{rated_by}</p>\n'
    "  </form>\n"
    '  <details class="row-evidence" hx-get="{url}{pk}/preuves/" hx-trigger="toggle once" '
    'hx-target="find .evidence-body" hx-swap="outerHTML">\n'
    "    <summary>Preuves{evidence}</summary>\n"
    '    <div class="evidence-body"><p class="help">Chargement…</p></div>\n'
    "  </details>\n"
    "</div>\n"
)


@register.simple_tag(takes_context=True)
def grid_row(context: Any, row: Any) -> SafeString:
    """One element of an interview's grid: its cotation form and its evidence (campaigns/_row.html
    wrote the same bytes; a grid of 130 elements spent two thirds of its time in that template)."""
    element, rating = row.element, row.rating
    mark = rating.mark if rating is not None else None  # no cotation yet: no option is selected
    disabled = not context.get("can_rate")
    # The options of a grid are the same for every row: written once per page and selected mark.
    cache = context.render_context.setdefault("grid_options", {})
    options = cache.get(mark)
    if options is None:
        options = cache[mark] = "".join(
            f'<option value="{escape(value)}"{" selected" if mark == value else ""}>{escape(label)}</option>'
            for value, label in context.get("options", ())
        )
    csrf = context.get("csrf_token")
    html = ROW.format(
        pk=element.pk,
        criterion=element.criterion_id,
        version=row.version,
        url=escape(context.get("elements_url", "")),
        code=escape(element.criterion.code),
        rank=element.rank,
        csrf=f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">' if csrf else "",
        text=escape(element.text),
        placeholder=' <span class="badge badge-incomplete">provisoire</span>' if element.placeholder else "",
        disabled=" disabled" if disabled else "",
        disabled_attr="disabled" if disabled else "",
        options=options,
        comment=escape(rating.comment or "") if rating is not None else "",
        justification=escape(rating.justification or "") if rating is not None else "",
        hidden="" if mark == "NC" else "visually-hidden",
        rated_by=f'<span class="muted">Coté par {escape(rating.updated_by)}</span>'
        if rating is not None and rating.updated_by
        else "",
        evidence=f" ({row.evidence})" if row.evidence else "",
    )
    return mark_safe(html)  # noqa: S308 — every value above is escaped or a number


@register.simple_tag(takes_context=True)
def element_lines(context: Any, elements: Sequence[Any]) -> SafeString:
    """The elements of a criterion on the results page, each with its cotations and the evidence cited
    (`<li>` per element): written in Python for the same reason as `cotations`."""
    download = context.render_context.get("evidence_download")
    if download is None:  # once per page, not once per criterion
        download = context.render_context["evidence_download"] = address_prefix("evidence:download")
    lines = []
    for element, ratings, evidence in elements:
        line = f"<li>E.E. {element.rank}. {escape(element.text)} — {cotations(ratings)}"
        if evidence:
            cited = ", ".join(
                f'<a href="{download}{e.pk}/">{escape(e.title)}</a>' if e.file else escape(e.title)
                for e in evidence
            )
            line += f'<br><span class="muted">Preuves : {cited}</span>'
        lines.append(line + "</li>")
    return mark_safe("".join(lines))  # noqa: S308 — every value above is escaped or a number


_LOCAL: dict[tuple[type, str], str] = {}


def _local(value: Any) -> str:
    """A number as the template language writes it (`{{ value }}`, French), each value localised once
    per process (a comparison page writes about a thousand of them, from a few hundred values)."""
    key = (type(value), str(value))
    found = _LOCAL.get(key)
    if found is None:
        if len(_LOCAL) > 10_000:
            _LOCAL.clear()
        found = _LOCAL[key] = str(escape(formats.localize(value)))
    return found


STRIP_HEAD = (
    '<svg class="strip" viewBox="0 0 260 64" width="260" height="64" role="img" aria-label="{label}">\n  '
)


def _strip(chart: Any) -> str:
    """The SVG of a published distribution (national comparison): bars of the published values on the
    scale's lines, the axis, the first to third quartile as a band under it crossed by the median, the
    scale's figures, and the establishment's line with « vous : 3,12 » (www/national/charts.py)."""
    parts = [STRIP_HEAD.format(label=escape(chart.label))]
    parts += [f'<line x1="{x}" y1="17" x2="{x}" y2="42" stroke="#dfe2e6"/>' for x, _ in chart.ticks]
    parts.append("\n  ")
    parts += [
        f'<rect x="{x}" y="{y}" width="{chart.bar_width}" height="{height}" fill="#5b7db1"/>'
        for x, y, height in chart.bars
    ]
    parts.append('\n  <line x1="13" y1="42" x2="247" y2="42" stroke="#4a4a4f"/>\n  ')
    if chart.band:
        x, width = chart.band
        parts.append(f'<rect x="{x}" y="44" width="{width}" height="5" fill="#1f4e8c"/>')
    if chart.median:
        parts.append(
            f'<line x1="{chart.median}" y1="42" x2="{chart.median}" y2="51" stroke="#1d1d1f" stroke-width="2.5"/>'
        )
    parts.append("\n  ")
    parts += [f'<circle cx="{x}" cy="34" r="3.5" fill="#1f4e8c" fill-opacity="0.7"/>' for x in chart.dots]
    parts.append("\n  ")
    parts += [
        f'<text x="{x}" y="60" text-anchor="middle" font-size="12" fill="#4a4a4f">{label}</text>'
        for x, label in chart.ticks
    ]
    parts.append("\n  ")
    if chart.ours:
        parts.append(
            f'<line x1="{chart.ours}" y1="15" x2="{chart.ours}" y2="42" stroke="#fff" stroke-width="4"/>'
            f'<line x1="{chart.ours}" y1="15" x2="{chart.ours}" y2="42" stroke="#9b1c1c" stroke-width="2"/>'
            f'<text x="{chart.ours_text_x}" y="12" font-size="12" font-weight="bold" fill="#9b1c1c">'
            f"{escape(chart.ours_text)}</text>"
        )
    parts.append("\n</svg>\n")
    return "".join(parts)


@register.simple_tag
def figure_rows(figures: Sequence[Any]) -> SafeString:
    """The national comparison's rows (`<tbody>` per figure, a row per scope, each with its strip):
    about two hundred strips a page, written in Python for the same reason as `grid_row`."""
    out = []
    for f in figures:
        out.append("\n      <tbody>\n        ")
        span = len(f.scopes)
        for i, s in enumerate(f.scopes):
            spread = s.spread
            out.append("\n          <tr>\n            ")
            if i == 0:
                ours = f"<strong>{_local(truncated(f.ours))}</strong>" if f.ours is not None else "—"
                out.append(
                    f'<th scope="rowgroup" rowspan="{span}">{escape(f.label)}</th>'
                    f'<td class="num" rowspan="{span}">{ours}</td>'
                )
            median = _local(spread.median) if spread.median is not None else "—"
            out.append(
                f"\n            <td>{escape(capfirst(s.scope))}</td>"
                f'\n            <td class="num">{thousands(spread.count)}</td>'
                f'\n            <td class="num">{median}</td>\n            '
            )
            if spread.count == 0:
                out.append('<td colspan="2" class="muted">aucun résultat publié</td>\n            ')
            elif not spread.enough:
                out.append('<td colspan="2" class="muted">trop peu de résultats publiés</td>\n            ')
            else:
                q1, q3 = spread.quartiles
                out.append(f"<td>{_local(q1)} à {_local(q3)}</td>\n              <td>")
                if spread.percentile is not None:
                    out.append(f"{_local(spread.percentile)}&#8239;% en dessous")
                    if spread.band:
                        out.append(f'<br><span class="muted">{escape(spread.band)}</span>')
                else:
                    out.append("—")
                out.append("</td>")
            out.append(f"\n            <td>{_strip(s.chart)}</td>\n          </tr>\n        ")
        out.append("\n      </tbody>\n    ")
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped or a number


def _plural(count: int) -> str:
    """French: singular for 0 and 1 (« 0 cotation comptée »)."""
    return "s" if count > 1 else ""


def _team(team: Sequence[Any]) -> str:
    """What the team's own questions linked to a criterion say (results page)."""
    items = []
    for t in team:
        item = f"<li>{escape(t.question.code)} {escape(t.question.title)}"
        if t.answer:
            judgement = t.answer.judgement or "sans appréciation"
            analysis = Truncator(t.answer.analysis).chars(300)
            item += f" — <em>{escape(judgement)}</em> : {escape(analysis)}"
        if t.evidence:
            titles = ", ".join(str(escape(e.title)) for e in t.evidence)
            item += f' <span class="muted">(preuves : {titles})</span>'
        items.append(item + "</li>")
    return (
        '<div class="team-work"><p><strong>Ce que dit le travail de l\'équipe :</strong></p><ul>'
        + "".join(items)
        + "</ul></div>"
    )


def _registers(
    figures: Sequence[Any],
    heading: str = "Ce que disent les registres :",
    link: str = "voir le registre",
    css: str = "register-figures",
) -> str:
    """What the establishment's registers say about a criterion (www/registers.py), live; with
    another heading, what the team's effects lanes say (www/effects/figures.py)."""
    items = "".join(
        f"<li>{escape(f.register)} : {escape(f.text)}"
        + (f' <a href="{escape(f.url)}">{link}</a>' if f.url else "")
        + "</li>"
        for f in figures
    )
    return f'<div class="{css}"><p><strong>{heading}</strong></p><ul>{items}</ul></div>'


EFFECTS = ("Effets consignés par l'équipe :", "voir le couloir des effets", "effect-figures")
LATER = "Ce que disent les registres et le couloir des effets"


def _later(prefix: str, pk: int) -> str:
    """Where the results page reads, when a criterion is opened, what the registers and the effects
    lanes say about it (`context_blocks` from `campaigns:results_context`); without script, a link."""
    url = f"{escape(prefix)}{pk}/"
    return (
        f'\n              <div class="criterion-context" hx-get="{url}" '
        f'hx-trigger="toggle from:closest details once" hx-swap="outerHTML"><a href="{url}">{LATER}</a></div>'
    )


@register.simple_tag
def context_blocks(registers: Sequence[Any], effects: Sequence[Any]) -> SafeString:
    """What the registers and the effects lanes say about one criterion (the results page's
    fragment): the same blocks as the criterion's lines, or a sentence when none speaks to it."""
    if not registers and not effects:
        return mark_safe(
            '<div class="criterion-context"><p class="muted">Aucun registre ni couloir des effets ne '
            "parle de ce critère.</p></div>"
        )
    blocks = (_registers(registers) if registers else "") + (_registers(effects, *EFFECTS) if effects else "")
    return mark_safe(f'<div class="criterion-context">{blocks}</div>')  # noqa: S308 — escaped in _registers


@register.simple_tag(takes_context=True)
def criterion_details(context: Any, rows: Sequence[Any]) -> SafeString:
    """The criteria of an objective on the results page, each opened down to its elements (a page of a
    full evaluation writes about 150 of them; the template loop was half of the page's time)."""
    out = []
    context_url = context.get("context_url", "")
    for row in rows:
        criterion, result = row.criterion, row.result
        code = escape(criterion.code)
        score = _local(result.score) if result.score else "non coté"
        badge = ' <span class="badge badge-imperative">Impératif</span>' if criterion.imperative else ""
        counted = result.counted
        tally = f"— {_local(counted)} cotation{_plural(counted)} comptée{_plural(counted)}"
        if result.optimised:
            tally += f", dont {_local(result.optimised)} optimisée{_plural(result.optimised)}"
        if result.not_concerned:
            tally += f", {_local(result.not_concerned)} NC"
        if result.unsuitable:
            tally += f", {_local(result.unsuitable)} RI"
        if result.unrated:
            tally += f", {_local(result.unrated)} manquante{_plural(result.unrated)}"
        out.append(
            f'\n            <details class="criterion-detail" id="crit-{code}">'
            f"\n              <summary>Critère {code} : <strong>{score}</strong>{badge}"
            f'\n                <span class="muted">{tally}</span></summary>'
            f"\n              <p>{escape(criterion.title)}</p>"
            f"\n              {_team(row.team) if row.team else ''}"
            f"\n              {_registers(row.registers) if row.registers else ''}"
            f"\n              {_registers(row.effects, *EFFECTS) if row.effects else ''}"
            f"{_later(context_url, criterion.pk) if context_url else ''}"
            f"\n              <ul>{element_lines(context, row.elements)}</ul>"
            "\n            </details>\n          "
        )
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped or a number
