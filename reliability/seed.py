"""Data for the load test, and the check after it. Run inside an installation (reliability.stack):

python -m reliability.seed prepare --evaluators 50   → JSON plan on standard output
python -m reliability.seed verify ACKS.json          → JSON verdict on standard output
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

PASSWORD = "charge-locale-2026"  # noqa: S105 (throw-away accounts of a throw-away database)
CAMPAIGN_TITLE = "Auto-évaluation 2026"


def prepare(evaluators: int) -> dict[str, Any]:
    """One quality account and one traceur ciblé of the demo EHPAD's current campaign per evaluator."""
    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Campaign
    from ouvrage.campaigns.selectors import grid_for
    from ouvrage.campaigns.services import plan_interview

    campaign = Campaign.objects.select_related("establishment__organisation").get(title=CAMPAIGN_TITLE)
    organisation = campaign.establishment.organisation
    planner = User.objects.get(email="qualite@tilleuls.example.org")

    def grid(title: str) -> dict[str, Any]:
        """A traceur ciblé of the campaign and the elements any mark 1–4 may rate (no impératif)."""
        interview = plan_interview(
            campaign=campaign,
            actor=planner,
            data={
                "method": "traceur_cible",
                "title": title,
                "target": "professionnels",
                "scheduled_on": campaign.starts_on,
                "participants": "équipe",
                "themes": [],
            },
        )
        elements = [
            row.element.pk
            for part in grid_for(interview).parts
            for criterion in part.criteria
            for row in criterion.rows
            if not row.element.criterion.imperative
        ]
        url = f"/evaluations/{campaign.pk}/entretiens/{interview.pk}/"
        return {"grid": url, "interview": interview.pk, "elements": elements}

    users = []
    for n in range(1, evaluators + 1):
        email = f"charge-{n:03}@tilleuls.example.org"
        User.objects.create_user(
            email,
            PASSWORD,
            organisation=organisation,
            role="quality",
            full_name=f"Évaluatrice {n}",
            all_establishments=True,
        )
        users.append({"email": email, **grid(f"Traceur ciblé {n:03}")})
    return {
        "password": PASSWORD,
        "campaign": campaign.pk,
        "users": users,
        "shared": grid("Traceur ciblé partagé"),
    }


def ratings(interview: int) -> dict[str, Any]:
    """The stored cotations of one interview and how many saves the audit trail holds for each."""
    from ouvrage.audit.models import AuditEvent
    from ouvrage.campaigns.models import Rating

    found = Rating.objects.filter(interview_id=interview)
    events: dict[str, int] = {}
    for event in AuditEvent.objects.filter(action="rating.saved", target_id__in=[str(r.pk) for r in found]):
        events[event.target_id] = events.get(event.target_id, 0) + 1
    return {
        str(r.element_id): {"mark": r.mark, "version": r.version, "events": events.get(str(r.pk), 0)}
        for r in found
    }


def verify(acks: dict[str, Any]) -> dict[str, Any]:
    """Every cotation acknowledged to a client is in the database, with the version the client saw,
    and nothing else was saved: a rating's version equals the number of acknowledged saves."""
    from ouvrage.audit.models import AuditEvent
    from ouvrage.campaigns.models import Rating

    expected = {
        (int(interview), int(element)): ack
        for interview, per_element in acks["interviews"].items()
        for element, ack in per_element.items()
    }
    stored = {
        (r.interview_id, r.element_id): r
        for r in Rating.objects.filter(interview_id__in={i for i, _ in expected} | {0})
    }
    missing, wrong = [], []
    for key, ack in expected.items():
        rating = stored.get(key)
        if rating is None:
            missing.append(key)
        elif (rating.mark, rating.version) != (ack["mark"], ack["version"]) or rating.version != ack["saves"]:
            wrong.append({"key": key, "db": [rating.mark, rating.version], "ack": ack})
    unexpected = [key for key in stored if key not in expected]
    events = AuditEvent.objects.filter(
        action="rating.saved", target_id__in=[str(r.pk) for r in stored.values()]
    ).count()
    acknowledged = sum(ack["saves"] for ack in expected.values())
    return {
        "acknowledged_saves": acknowledged,
        "ratings_checked": len(expected),
        "audit_events": events,
        "missing": [list(k) for k in missing],
        "wrong": wrong[:20],
        "unexpected": [list(k) for k in unexpected][:20],
        "ok": not missing and not wrong and not unexpected and events == acknowledged,
    }


def documents(count: int) -> dict[str, Any]:
    """`count` evidence documents (small PDFs) for the demo EHPAD, stored as uploads are."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ouvrage.accounts.models import User
    from ouvrage.evidence.files import check_upload
    from ouvrage.evidence.services import add_evidence

    quality = User.objects.get(email="qualite@tilleuls.example.org")
    establishment = quality.organisation.establishments.order_by("pk").first()
    made = []
    for n in range(count):
        data = b"%PDF-1.4\n% preuve " + str(n).encode() * 200 + b"\n%%EOF\n"
        checked = check_upload(f"preuve-{n}.pdf", data[:2048], len(data), data)
        if isinstance(checked, str):
            raise RuntimeError(checked)
        evidence = add_evidence(
            establishment=establishment,
            actor=quality,
            kind="document",
            title=f"Procédure {n}",
            upload=SimpleUploadedFile(f"preuve-{n}.pdf", data, "application/pdf"),
            checked=checked,
        )
        made.append(evidence.pk)
    return {"evidence": made}


def campaigns() -> dict[str, Any]:
    """The demo EHPAD's campaigns: the complete one (2025) and the one in progress (2026)."""
    from ouvrage.campaigns.models import Campaign

    return {
        "complete": Campaign.objects.get(title="Auto-évaluation 2025").pk,
        "current": Campaign.objects.get(title=CAMPAIGN_TITLE).pk,
    }


def fingerprints() -> dict[str, Any]:
    from ouvrage.core.backup import current_fingerprints

    return current_fingerprints()


def main(argv: Sequence[str] | None = None) -> int:
    import django

    parser = argparse.ArgumentParser(prog="python -m reliability.seed")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--evaluators", type=int, default=50)
    v = sub.add_parser("verify")
    v.add_argument("acks")
    d = sub.add_parser("documents")
    d.add_argument("count", type=int)
    sub.add_parser("fingerprints")
    sub.add_parser("campaigns")
    r = sub.add_parser("ratings")
    r.add_argument("interview", type=int)
    args = parser.parse_args(argv)
    django.setup()
    if args.command == "prepare":
        result = prepare(args.evaluators)
    elif args.command == "documents":
        result = documents(args.count)
    elif args.command == "campaigns":
        result = campaigns()
    elif args.command == "fingerprints":
        result = fingerprints()
    elif args.command == "ratings":
        result = ratings(args.interview)
    else:
        with open(args.acks, encoding="utf-8") as f:
            result = verify(json.load(f))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
