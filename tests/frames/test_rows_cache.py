"""The référentiel's rows are read once per process and data revision (frames/selectors.frame_rows),
shared by the pages: a change of its rows is seen at once, an evaluation's own impératif flags never
leak into the shared rows, and an organisation's own frame is never kept."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import applicable_criteria, elements_by_criterion
from ouvrage.frames.models import Criterion, FrameVersion
from ouvrage.frames.selectors import frame_rows

pytestmark = pytest.mark.django_db


def _version() -> FrameVersion:
    return FrameVersion.objects.select_related("frame").get(frame__slug="has-essms")


def test_rows_are_read_once_then_again_when_the_data_changes(django_assert_num_queries):
    first = frame_rows(_version())
    assert first is not None and len(first.criteria) == 157
    version = _version()
    with django_assert_num_queries(0):
        assert frame_rows(version) is first
    criterion = first.criteria[0]
    Criterion.objects.filter(pk=criterion.pk).update(title="Libellé changé")
    version.save(update_fields=["imported_at"])  # as every change of the rows does
    again = frame_rows(_version())
    assert again is not first
    assert again.criteria[0].title == "Libellé changé"


def test_an_evaluation_s_own_imperatives_are_copies(ehpad, director):
    version = _version()
    rows = frame_rows(version)
    imperative = next(c for c in rows.criteria if c.imperative)
    plain = next(c for c in rows.criteria if not c.imperative)
    campaign = Campaign.objects.create(
        establishment=ehpad,
        frame_version=version,
        title="Évaluation",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        frozen_criteria=[imperative.pk, plain.pk],
        frozen_imperatives=[plain.pk],  # the flags as they were when it started
    )
    campaign = Campaign.objects.select_related("frame_version__frame").get(pk=campaign.pk)
    found = {c.pk: c for c in applicable_criteria(campaign)}
    assert found[plain.pk].imperative and not found[imperative.pk].imperative
    assert plain.imperative is False and imperative.imperative is True  # the shared rows unchanged
    elements = elements_by_criterion(list(found.values()))
    assert all(e.criterion is found[pk] for pk, es in elements.items() for e in es)
    assert all(e.criterion is plain for e in rows.elements[plain.pk])


def test_an_own_frame_is_not_kept(organisation):
    version = _version()
    version.frame.organisation = organisation
    assert frame_rows(version) is None
