"""The effects lanes: the establishment's effects page, and one lane per HAS objective or own question."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from ouvrage.accounts.permissions import CONTRIBUTORS, post_requires
from ouvrage.establishments.selectors import establishment_for
from ouvrage.www.typing import AuthedHttpRequest

TO_RECORD = "de consigner des effets"


@post_requires(CONTRIBUTORS, to=TO_RECORD)
def home(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return render(request, "effects/home.html", {"establishment": establishment})


@post_requires(CONTRIBUTORS, to=TO_RECORD)
def objective_lane(request: AuthedHttpRequest, establishment_pk: int, objective_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return render(request, "effects/lane.html", {"establishment": establishment})


@post_requires(CONTRIBUTORS, to=TO_RECORD)
def question_lane(request: AuthedHttpRequest, establishment_pk: int, question_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return render(request, "effects/lane.html", {"establishment": establishment})
