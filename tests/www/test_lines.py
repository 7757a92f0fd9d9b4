"""The results page writes an element's cotations in Python (issue 17): exactly the bytes the template
loop it replaces wrote, whatever the marks, interviews and justifications (hypothesis)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.www.lines import cotations

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
