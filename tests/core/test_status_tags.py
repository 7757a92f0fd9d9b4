"""Status tags (`{% load status %}`): the words the page already says, doubled by a colour that
always comes with them; every state of an evaluation, an action and a projet has its tone."""

from __future__ import annotations

from django.template import Context, Template

from ouvrage.actions.models import Status
from ouvrage.campaigns.lifecycle import STATE_LABELS, State
from ouvrage.core.templatetags.status import STATES, met, status, tag
from ouvrage.documents.models import JobStatus
from ouvrage.national.models import ImportStatus


def render(source: str, **context) -> str:
    return Template("{% load status %}" + source).render(Context(context))


def test_each_known_state_has_its_tone_and_keeps_its_words():
    assert set(STATES["campaign"]) == {s.value for s in State}
    assert set(STATES["action"]) == set(Status.values)
    assert set(STATES["job"]) == set(JobStatus.values) | set(ImportStatus.values)
    assert render(
        '{% status "campaign" state label %}', state=State.CLOSED, label=STATE_LABELS[State.CLOSED]
    ) == (f'<span class="tag tag-success">{STATE_LABELS[State.CLOSED]}</span>')
    assert status("action", "in_progress", "En cours") == '<span class="tag tag-info">En cours</span>'
    assert status("projet", "adopté") == '<span class="tag tag-success">adopté</span>'
    assert (
        status("projet", "en cours d'écriture")
        == '<span class="tag tag-warning">en cours d&#x27;écriture</span>'
    )


def test_unknown_values_stay_visible_in_the_neutral_tone_and_words_are_escaped():
    assert status("campaign", "plus tard") == '<span class="tag tag-neutral">plus tard</span>'
    assert tag("<b>", "rouge") == '<span class="tag tag-neutral">&lt;b&gt;</span>'


def test_met_says_yes_no_or_not_rated():
    assert met(True) == '<span class="tag tag-success">oui</span>'
    assert met(False) == '<span class="tag tag-error">non</span>'
    assert met(None) == '<span class="tag tag-neutral">non coté</span>'
