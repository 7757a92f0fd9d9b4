"""Retention: the policy as plain rules, and `ouvrage purge` on a database."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.models import Person
from ouvrage.campaigns.services import plan_interview
from ouvrage.documents.models import ReportJob
from ouvrage.retention.policy import Retention, last_contact
from ouvrage.retention.purge import purge
from tests.campaigns.factories import campaign_for
from tests.factories import UserFactory

TODAY = date(2026, 11, 24)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 5000))
def test_a_person_expires_exactly_after_the_retention_period(contact, days):
    policy = Retention(person_after_last_contact=days)
    assert policy.person_expired(contact, contact + timedelta(days=days)) is False
    assert policy.person_expired(contact, contact + timedelta(days=days + 1)) is True


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=5), st.lists(st.dates(), max_size=3), st.dates())
def test_last_contact_is_the_latest_known_day(interviews, ends, created):
    found = last_contact(created_on=created, interview_days=interviews, campaign_ends=ends)
    assert found >= created and all(found >= d for d in interviews if d) and all(found >= d for d in ends)
    assert found in [d for d in interviews if d] + ends + [created]


def _dated(campaign, starts, ends):
    campaign.starts_on, campaign.ends_on = starts, ends
    campaign.save()
    return campaign


def _accompagne(campaign, actor, code, on):
    return plan_interview(
        campaign=campaign,
        actor=actor,
        person_code=code,
        person_attributes={"âge": "80 ans et plus"},
        data={"method": "accompagne_traceur", "title": f"Accompagné traceur {code}", "scheduled_on": on},
    )


@pytest.mark.django_db
def test_purge_anonymises_old_people_with_their_history_and_deletes_old_traces_and_files(
    ehpad, has_version, django_capture_on_commit_callbacks
):
    quality = UserFactory(organisation=ehpad.organisation, role="quality")
    old_campaign = _dated(campaign_for(ehpad), date(2023, 1, 9), date(2023, 6, 30))
    new_campaign = _dated(campaign_for(ehpad, title="Récente"), date(2026, 1, 5), date(2026, 6, 30))
    old = _accompagne(old_campaign, quality, "P-OLD", date(2023, 3, 1))
    recent = _accompagne(new_campaign, quality, "P-NEW", date(2026, 3, 1))
    # Two years and more since P-OLD's last contact (end of campaign 30 June 2023): anonymised.
    Person.objects.filter(code="P-OLD").update(created_at=timezone.now().replace(year=2023, month=1, day=10))
    AuditEvent.objects.filter(target_type="campaigns.Person").update(occurred_at=timezone.now())
    ancient = AuditEvent.objects.create(action="x.updated", target_type="t", occurred_at=timezone.now())
    AuditEvent.objects.filter(pk=ancient.pk).update(occurred_at=timezone.now() - timedelta(days=400))
    job = ReportJob.objects.create(campaign=old_campaign, kind="self_evaluation", status="done")
    job.file.save("vieux.pdf", ContentFile(b"%PDF-1.4 vieux"))
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=400))
    job_path = settings.PRIVATE_MEDIA_ROOT / job.file.name
    orphan = settings.PRIVATE_MEDIA_ROOT / "reports" / "orphelin.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4 moitie")
    os.utime(orphan, (time.time() - 2 * 86400,) * 2)
    # A collective session named both among those present (and a code that only starts alike).
    from ouvrage.core.models import Submission
    from ouvrage.ownframe.models import CollectiveSession
    from ouvrage.surveys.models import EasyReadSurvey, SurveyResponse

    session = CollectiveSession.objects.create(
        establishment=ehpad, held_on="2023-03-02", title="Séance", codes="P-OLD, P-NEW, P-OLD2"
    )
    old_token = Submission.objects.create(token="a" * 32, user=quality)
    Submission.objects.filter(pk=old_token.pk).update(created_at=timezone.now() - timedelta(days=3))
    fresh_token = Submission.objects.create(token="b" * 32, user=quality)
    survey = EasyReadSurvey.objects.create(establishment=ehpad, title="Avis")
    old_answer = SurveyResponse.objects.create(survey=survey, source="0123456789abcdef")
    SurveyResponse.objects.filter(pk=old_answer.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    new_answer = SurveyResponse.objects.create(survey=survey, source="fedcba9876543210")

    before = AuditEvent.objects.count()
    dry = purge(today=timezone.localdate(), dry_run=True)
    assert dry.people_anonymised == 1 and AuditEvent.objects.count() == before and orphan.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = purge(today=timezone.localdate())
    assert len(callbacks) == 1  # files go only once the database work is committed
    old.person.refresh_from_db()
    recent.person.refresh_from_db()
    old.refresh_from_db()
    assert old.person.code == f"ANON-{old.person.pk}" and old.person.attributes == {}
    assert "P-OLD" not in old.title
    assert recent.person.code == "P-NEW" and recent.person.attributes
    assert not AuditEvent.objects.filter(
        target_type="campaigns.Person", target_id=str(old.person.pk)
    ).exists()
    assert not AuditEvent.objects.filter(target_type="campaigns.Interview", target_id=str(old.pk)).exists()
    assert AuditEvent.objects.filter(target_type="campaigns.Person", target_id=str(recent.person.pk)).exists()
    assert not AuditEvent.objects.filter(pk=ancient.pk).exists()
    assert report.people_anonymised == 1 and report.documents_deleted == 1
    assert not ReportJob.objects.filter(pk=job.pk).exists()
    assert not job_path.exists() and not orphan.exists()
    assert AuditEvent.objects.filter(action="retention.purged").exists()
    session.refresh_from_db()
    assert session.codes == f"ANON-{old.person.pk}, P-NEW, P-OLD2"
    assert (
        not Submission.objects.filter(pk=old_token.pk).exists()
        and Submission.objects.filter(pk=fresh_token.pk).exists()
    )
    assert SurveyResponse.objects.get(pk=old_answer.pk).source == ""
    assert SurveyResponse.objects.get(pk=new_answer.pk).source == "fedcba9876543210"
    assert report.form_tokens_deleted == 1 and report.answer_sources_cleared == 1
    # Nothing more to do the next day.
    assert purge(today=timezone.localdate()).people_anonymised == 0


@pytest.mark.django_db
def test_a_failing_purge_changes_nothing(ehpad, has_version, monkeypatch):
    quality = UserFactory(organisation=ehpad.organisation, role="quality")
    campaign = _dated(campaign_for(ehpad), date(2020, 1, 6), date(2020, 6, 30))
    interview = _accompagne(campaign, quality, "P-2020", date(2020, 3, 1))
    Person.objects.filter(code="P-2020").update(created_at=timezone.now().replace(year=2020, month=1, day=10))

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("ouvrage.retention.purge._documents", broken)
    with pytest.raises(RuntimeError):
        purge(today=timezone.localdate())
    interview.person.refresh_from_db()
    assert interview.person.code == "P-2020"
    assert AuditEvent.objects.filter(target_type="campaigns.Person").exists()


@pytest.mark.django_db
def test_purge_command_says_what_it_did_in_french():
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "Simulation (rien n'a été modifié)" in out.getvalue()
    assert "Personnes accompagnées anonymisées : 0" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="n'est pas une date"):
        call_command("purge", "--today", "hier")
