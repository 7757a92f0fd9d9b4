"""The national comparison writes its rows and strips in Python (issue 17): exactly the bytes the
templates it replaces (kept here as the reference: national/_figures.html's loop and _strip.html, the
strip redrawn for issue 18 as the published values' bars with the establishment's line) wrote,
whatever the published values and the establishment's figures (hypothesis)."""

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
            <td>{% with chart=s.chart %}<svg class="strip" viewBox="0 0 260 64" width="260" height="64" role="img" aria-label="{{ chart.label }}">
  {% for x, label in chart.ticks %}<line x1="{{ x }}" y1="17" x2="{{ x }}" y2="42" stroke="#dfe2e6"/>{% endfor %}
  {% for x, y, height in chart.bars %}<rect x="{{ x }}" y="{{ y }}" width="{{ chart.bar_width }}" height="{{ height }}" fill="#5b7db1"/>{% endfor %}
  <line x1="13" y1="42" x2="247" y2="42" stroke="#4a4a4f"/>
  {% if chart.band %}<rect x="{{ chart.band.0 }}" y="44" width="{{ chart.band.1 }}" height="5" fill="#1f4e8c"/>{% endif %}{% if chart.median %}<line x1="{{ chart.median }}" y1="42" x2="{{ chart.median }}" y2="51" stroke="#1d1d1f" stroke-width="2.5"/>{% endif %}
  {% for x in chart.dots %}<circle cx="{{ x }}" cy="34" r="3.5" fill="#1f4e8c" fill-opacity="0.7"/>{% endfor %}
  {% for x, label in chart.ticks %}<text x="{{ x }}" y="60" text-anchor="middle" font-size="12" fill="#4a4a4f">{{ label }}</text>{% endfor %}
  {% if chart.ours %}<line x1="{{ chart.ours }}" y1="15" x2="{{ chart.ours }}" y2="42" stroke="#fff" stroke-width="4"/><line x1="{{ chart.ours }}" y1="15" x2="{{ chart.ours }}" y2="42" stroke="#9b1c1c" stroke-width="2"/><text x="{{ chart.ours_text_x }}" y="12" font-size="12" font-weight="bold" fill="#9b1c1c">{{ chart.ours_text }}</text>{% endif %}
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
