"""The national comparison writes its rows and strips in Python (issue 17): exactly the bytes the
templates it replaces (kept here as the reference: national/_figures.html's loop and _strip.html)
wrote, whatever the published values and the establishment's figures (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.national.distribution import ordered, place
from ouvrage.www.lines import figure_rows
from ouvrage.www.national.charts import strip

REFERENCE = Template(
    """{% for f in figures %}
      <tbody>
        {% for s in f.scopes %}
          <tr>
            {% if forloop.first %}<th scope="rowgroup" rowspan="{{ f.scopes|length }}">{{ f.label }}</th><td class="num" rowspan="{{ f.scopes|length }}">{% if f.ours is not None %}<strong>{{ f.ours|two }}</strong>{% else %}—{% endif %}</td>{% endif %}
            <td>{{ s.scope|capfirst }}</td>
            <td class="num">{{ s.spread.count|thousands }}</td>
            <td class="num">{% if s.spread.median is not None %}{{ s.spread.median }}{% else %}—{% endif %}</td>
            {% if s.spread.count == 0 %}<td colspan="2" class="muted">aucun résultat publié</td>
            {% elif not s.spread.enough %}<td colspan="2" class="muted">trop peu de résultats publiés</td>
            {% else %}<td>{{ s.spread.quartiles.0 }} à {{ s.spread.quartiles.1 }}</td>
              <td>{% if s.spread.percentile is not None %}{{ s.spread.percentile }}&#8239;% en dessous{% if s.spread.band %}<br><span class="muted">{{ s.spread.band }}</span>{% endif %}{% else %}—{% endif %}</td>{% endif %}
            <td>{% with chart=s.chart %}<svg class="strip" viewBox="0 0 240 28" width="240" height="28" role="img" aria-label="{{ chart.label }}">
  <line x1="8" y1="14" x2="232" y2="14" stroke="#c9ccd1"/>
  {% for x, label in chart.ticks %}<line x1="{{ x }}" y1="10" x2="{{ x }}" y2="18" stroke="#c9ccd1"/>{% endfor %}
  {% if chart.whisker %}<line x1="{{ chart.whisker.0 }}" y1="14" x2="{{ chart.whisker.1 }}" y2="14" stroke="#4a4a4f"/>{% endif %}
  {% if chart.box %}<rect x="{{ chart.box.0 }}" y="6" width="{{ chart.box.1 }}" height="16" fill="#dbe4f0" stroke="#1f4e8c"/>{% endif %}
  {% if chart.median %}<line x1="{{ chart.median }}" y1="5" x2="{{ chart.median }}" y2="23" stroke="#1f4e8c" stroke-width="3"/>{% endif %}
  {% for x in chart.dots %}<circle cx="{{ x }}" cy="14" r="3" fill="#4a4a4f" fill-opacity="0.6"/>{% endfor %}
  {% if chart.ours %}<polygon points="{{ chart.ours }}" fill="#9b1c1c" stroke="#fff" stroke-width="1.5"/>{% endif %}
</svg>
{% endwith %}</td>
          </tr>
        {% endfor %}
      </tbody>
    {% endfor %}"""
)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
NOTE = st.floats(1, 4, allow_nan=False)
OURS = st.one_of(st.none(), st.decimals(Decimal(1), Decimal(100), places=3))


@st.composite
def figures(draw):
    found = []
    for _ in range(draw(st.integers(0, 3))):
        label = draw(TEXT)
        ours = draw(OURS)
        scopes = []
        for scope in draw(
            st.lists(st.sampled_from(["toute la France", "région <Bretagne>", "é"]), min_size=1, max_size=2)
        ):
            bounds = draw(st.sampled_from([(1.0, 4.0), (0.0, 100.0)]))
            spread = place(ordered(draw(st.lists(NOTE, max_size=30))), ours)
            scopes.append(
                SimpleNamespace(
                    scope=scope, spread=spread, chart=strip(spread, bounds, label=label, scope=scope)
                )
            )
        found.append(SimpleNamespace(label=label, ours=ours, scopes=scopes))
    return found


@settings(max_examples=200, deadline=None)
@given(figures())
def test_the_tag_writes_what_the_templates_wrote(figures):
    assert figure_rows(figures) == REFERENCE.render(Context({"figures": figures}))
