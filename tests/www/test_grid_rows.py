"""The grid writes each element's row in Python (issue 17): exactly the bytes the template it replaces
(kept here as the reference) wrote, whatever the element, its cotation and the person (hypothesis)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.www.lines import grid_row

REFERENCE = Template(
    """<div class="grid-item" id="row-{{ element.pk }}" data-element="{{ element.pk }}" data-criterion="{{ element.criterion_id }}" data-version="{{ version }}" data-url="{{ elements_url }}{{ element.pk }}/" data-label="{{ element.criterion.code }} E.E. {{ element.rank }}">
  <form class="grid-row" method="post" action="{{ elements_url }}{{ element.pk }}/">
    {% csrf_token %}
    <input type="hidden" name="version" value="{{ version }}">
    <label class="element-text" for="mark-{{ element.pk }}">E.E. {{ element.rank }}. {{ element.text }}{% if element.placeholder %} <span class="badge badge-incomplete">provisoire</span>{% endif %}</label>
    <div class="row-inputs">
      <select id="mark-{{ element.pk }}" name="mark" class="mark" data-grid-mark{% if not can_rate %} disabled{% endif %}>
        {% for value, label in options %}<option value="{{ value }}"{% if rating.mark == value %} selected{% endif %}>{{ label }}</option>{% endfor %}
      </select>
      <label for="comment-{{ element.pk }}" class="visually-hidden">Commentaire sur E.E. {{ element.rank }}</label>
      <input id="comment-{{ element.pk }}" name="comment" type="text" value="{{ rating.comment|default:'' }}" placeholder="Commentaire" data-grid-text aria-describedby="count-{{ element.pk }}" {% if not can_rate %}disabled{% endif %}>
      <label for="just-{{ element.pk }}" class="{% if rating.mark != 'NC' %}visually-hidden{% endif %}" data-just-label>Justification du « non concerné »</label>
      <input id="just-{{ element.pk }}" name="justification" type="text" value="{{ rating.justification|default:'' }}" class="{% if rating.mark != 'NC' %}visually-hidden{% endif %}" data-grid-text {% if not can_rate %}disabled{% endif %}>
      <span id="count-{{ element.pk }}" class="counter" aria-live="polite"></span>
      <noscript><button type="submit" class="button secondary">Enregistrer</button></noscript>
    </div>
    <p id="msg-{{ element.pk }}" class="row-status" role="status">{% if rating.updated_by %}<span class="muted">Coté par {{ rating.updated_by }}</span>{% endif %}</p>
  </form>
  <details class="row-evidence" hx-get="{{ elements_url }}{{ element.pk }}/preuves/" hx-trigger="toggle once" hx-target="find .evidence-body" hx-swap="outerHTML">
    <summary>Preuves{% if evidence %} ({{ evidence }}){% endif %}</summary>
    <div class="evidence-body"><p class="help">Chargement…</p></div>
  </details>
</div>
"""
)
OPTIONS = [("", "— non coté"), ("1", "1 – pas du tout"), ("NC", "NC – non concerné"), ("*", "* optimisé (★)")]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=25)
MARK = st.sampled_from(["", "1", "4", "NC", "*", "RI"])


@st.composite
def rows(draw):
    element = SimpleNamespace(
        pk=draw(st.integers(1, 10**6)),
        criterion_id=draw(st.integers(1, 10**4)),
        criterion=SimpleNamespace(code=draw(st.sampled_from(["1.1.1", "3.12.2", "<b>"]))),
        rank=draw(st.integers(1, 9)),
        text=draw(TEXT),
        placeholder=draw(st.booleans()),
    )
    rating = draw(
        st.one_of(
            st.none(),
            st.builds(
                lambda mark, comment, justification, by: SimpleNamespace(
                    mark=mark, comment=comment, justification=justification, updated_by=by
                ),
                MARK,
                TEXT,
                TEXT,
                st.one_of(st.none(), st.just(""), TEXT),
            ),
        )
    )
    version = draw(st.integers(0, 500))
    return SimpleNamespace(element=element, rating=rating, version=version, evidence=draw(st.integers(0, 3)))


@given(
    rows(),
    st.booleans(),
    st.sampled_from(["/evaluations/1/entretiens/2/elements/", "/a&b/"]),
    st.sampled_from(["", "jeton-csrf"]),
)
def test_the_tag_writes_what_the_row_template_wrote(row, can_rate, url, csrf):
    values = {"options": OPTIONS, "can_rate": can_rate, "elements_url": url, "csrf_token": csrf}
    expected = REFERENCE.render(
        Context(
            {
                **values,
                "element": row.element,
                "rating": row.rating,
                "version": row.version,
                "evidence": row.evidence,
            }
        )
    )
    assert grid_row(Context(values), row) == expected
