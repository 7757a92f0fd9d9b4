"""The results page writes its criteria in Python (issue 17): exactly the bytes the template loop it
replaces (kept here as the reference) wrote, whatever the criterion, its result, the team's work and
its elements (hypothesis). One intended change: French plurals, « 0 cotation comptée » (the template's
`pluralize` wrote « 0 cotations comptées »)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.www.lines import criterion_details

REFERENCE = Template(
    """{% for row in o.criteria %}
            <details class="criterion-detail" id="crit-{{ row.criterion.code }}">
              <summary>Critère {{ row.criterion.code }} : <strong>{{ row.result.score|default:"non coté" }}</strong>{% if row.criterion.imperative %} <span class="badge badge-imperative">Impératif</span>{% endif %}
                <span class="muted">— {{ row.result.counted }} cotation{% if row.result.counted > 1 %}s{% endif %} comptée{% if row.result.counted > 1 %}s{% endif %}{% if row.result.optimised %}, dont {{ row.result.optimised }} optimisée{% if row.result.optimised > 1 %}s{% endif %}{% endif %}{% if row.result.not_concerned %}, {{ row.result.not_concerned }} NC{% endif %}{% if row.result.unsuitable %}, {{ row.result.unsuitable }} RI{% endif %}{% if row.result.unrated %}, {{ row.result.unrated }} manquante{% if row.result.unrated > 1 %}s{% endif %}{% endif %}</span></summary>
              <p>{{ row.criterion.title }}</p>
              {% if row.team %}<div class="team-work"><p><strong>Ce que dit le travail de l'équipe :</strong></p><ul>{% for t in row.team %}<li>{{ t.question.code }} {{ t.question.title }}{% if t.answer %} — <em>{{ t.answer.judgement|default:"sans appréciation" }}</em> : {{ t.answer.analysis|truncatechars:300 }}{% endif %}{% if t.evidence %} <span class="muted">(preuves : {% for e in t.evidence %}{{ e.title }}{% if not forloop.last %}, {% endif %}{% endfor %})</span>{% endif %}</li>{% endfor %}</ul></div>{% endif %}
              {% if row.registers %}<div class="register-figures"><p><strong>Ce que disent les registres :</strong></p><ul>{% for f in row.registers %}<li>{{ f.register }} : {{ f.text }}{% if f.url %} <a href="{{ f.url }}">voir le registre</a>{% endif %}</li>{% endfor %}</ul></div>{% endif %}
              {% if row.effects %}<div class="effect-figures"><p><strong>Effets consignés par l'équipe :</strong></p><ul>{% for f in row.effects %}<li>{{ f.register }} : {{ f.text }}{% if f.url %} <a href="{{ f.url }}">voir le couloir des effets</a>{% endif %}</li>{% endfor %}</ul></div>{% endif %}{% if context_url %}
              <div class="criterion-context" hx-get="{{ context_url }}{{ row.criterion.pk }}/" hx-trigger="toggle from:closest details once" hx-swap="outerHTML"><a href="{{ context_url }}{{ row.criterion.pk }}/">Ce que disent les registres et le couloir des effets</a></div>{% endif %}
              <ul>{% element_lines row.elements %}</ul>
            </details>
          {% endfor %}"""
)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
LONG = st.text(alphabet=st.sampled_from("ab <>&é\n"), max_size=400)
COUNT = st.integers(0, 3)


def _team():
    answer = st.one_of(
        st.none(),
        st.builds(
            lambda j, a: SimpleNamespace(judgement=j, analysis=a),
            st.sampled_from(["", "Acquis", "<b>"]),
            LONG,
        ),
    )
    evidence = st.lists(st.builds(lambda t: SimpleNamespace(title=t), TEXT), max_size=2)
    return st.lists(
        st.builds(
            lambda code, title, a, e: SimpleNamespace(
                question=SimpleNamespace(code=code, title=title), answer=a, evidence=e
            ),
            st.sampled_from(["Q1", "Q<2>"]),
            TEXT,
            answer,
            evidence,
        ),
        max_size=2,
    )


def _elements():
    rating = st.builds(
        lambda mark, just, title: SimpleNamespace(
            mark=mark, justification=just, interview=SimpleNamespace(title=title)
        ),
        st.sampled_from(["", "4", "NC"]),
        TEXT,
        TEXT,
    )
    return st.lists(
        st.tuples(
            st.builds(lambda rank, text: SimpleNamespace(rank=rank, text=text), st.integers(1, 9), TEXT),
            st.lists(rating, max_size=2),
            st.just([]),
        ),
        max_size=2,
    )


def _registers():
    return st.lists(
        st.builds(
            lambda register, text, url: SimpleNamespace(register=register, text=text, url=url),
            st.sampled_from(["Événements indésirables", "<R&>"]),
            TEXT,
            st.sampled_from(["", "/etablissements/1/evenements-indesirables/", "/x?a=1&b=<2>"]),
        ),
        max_size=2,
    )


ROW = st.builds(
    lambda code, title, imperative, score, counts, team, elements, registers, effects: SimpleNamespace(
        criterion=SimpleNamespace(code=code, title=title, imperative=imperative, pk=7),
        result=SimpleNamespace(
            score=score,
            counted=counts[0],
            optimised=counts[1],
            not_concerned=counts[2],
            unsuitable=counts[3],
            unrated=counts[4],
        ),
        team=team,
        elements=elements,
        registers=registers,
        effects=effects,
    ),
    st.sampled_from(["1.1.1", "3.12.2", "<b>"]),
    TEXT,
    st.booleans(),
    st.one_of(st.none(), st.decimals(Decimal(1), Decimal(4), places=2)),
    st.tuples(COUNT, COUNT, COUNT, COUNT, COUNT),
    _team(),
    _elements(),
    _registers(),
    _registers(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=3), st.sampled_from(["", "/evaluations/1/resultats/criteres/", "/x?a=<b>&"]))
def test_the_tag_writes_what_the_template_wrote(rows, context_url):
    expected = REFERENCE.render(Context({"o": SimpleNamespace(criteria=rows), "context_url": context_url}))
    assert criterion_details(Context({"context_url": context_url}), rows) == expected
