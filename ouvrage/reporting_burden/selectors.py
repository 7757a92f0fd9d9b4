"""Reading the reporting register."""

from __future__ import annotations

from dataclasses import dataclass

from ouvrage.establishments.models import Establishment
from ouvrage.reporting_burden.burden import Summary, summarise
from ouvrage.reporting_burden.models import ReportingDuty


@dataclass(frozen=True)
class Register:
    duties: list[ReportingDuty]
    summary: Summary


def register_of(establishment: Establishment) -> Register:
    duties = list(ReportingDuty.objects.filter(establishment=establishment))
    return Register(duties, summarise(d.as_duty() for d in duties))
