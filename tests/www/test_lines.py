"""The results page writes an element's cotations in Python (issue 17): exactly the bytes the template
loop it replaces wrote, whatever the marks, interviews and justifications (hypothesis)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.www.lines import cotations, element_lines

LOOP = Template(
    "{% for rating in ratings %}{% if rating.mark %}« {{ rating.mark }} » ({{ rating.interview.title }})"
    "{% if rating.justification %} : {{ rating.justification }}{% endif %}{% if not forloop.last %} ; "
    "{% endif %}{% endif %}{% empty %}pas de cotation{% endfor %}"
)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
RATING = st.builds(
    lambda mark, title, justification: SimpleNamespace(
        mark=mark, justification=justification, interview=SimpleNamespace(title=title)
    ),
    st.sampled_from(["", "1", "2", "3", "4", "*", "NC", "RI"]),
    TEXT,
    st.one_of(st.just(""), TEXT),
)


@given(st.lists(RATING, max_size=6))
def test_the_filter_writes_what_the_template_loop_wrote(ratings):
    assert cotations(ratings) == LOOP.render(Context({"ratings": ratings}))


def test_what_a_person_reads():
    interview = SimpleNamespace(title="Audit <système>")
    ratings = [
        SimpleNamespace(mark="4", justification="", interview=interview),
        SimpleNamespace(mark="NC", justification="pas d'ascenseur", interview=interview),
    ]
    assert cotations(ratings) == (
        "« 4 » (Audit &lt;système&gt;) ; « NC » (Audit &lt;système&gt;) : pas d&#x27;ascenseur"
    )
    assert cotations([]) == "pas de cotation"


ELEMENTS = Template(
    "{% for element, ratings, evidence in elements %}<li>E.E. {{ element.rank }}. {{ element.text }} — "
    '{{ ratings|cotations }}{% if evidence %}<br><span class="muted">Preuves : {% for e in evidence %}'
    "{% if e.file %}<a href=\"{% url 'evidence:download' e.pk %}\">{{ e.title }}</a>{% else %}{{ e.title }}"
    "{% endif %}{% if not forloop.last %}, {% endif %}{% endfor %}</span>{% endif %}</li>{% endfor %}"
)
EVIDENCE = st.builds(
    lambda pk, title, file: SimpleNamespace(pk=pk, title=title, file=file),
    st.integers(1, 10**6),
    TEXT,
    st.sampled_from(["", "evidence/1/abc"]),
)
ELEMENT = st.tuples(
    st.builds(lambda rank, text: SimpleNamespace(rank=rank, text=text), st.integers(1, 9), TEXT),
    st.lists(RATING, max_size=3),
    st.lists(EVIDENCE, max_size=3),
)


@settings(deadline=None)  # the first example loads the URL configuration
@given(st.lists(ELEMENT, max_size=4))
def test_the_element_lines_are_what_the_template_loop_wrote(elements):
    assert element_lines(Context(), elements) == ELEMENTS.render(Context({"elements": elements}))
