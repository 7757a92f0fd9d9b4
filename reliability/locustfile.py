"""Evaluators rating their grids at once (run by reliability.load through locust, headless).

Each simulated evaluator signs in with their own account, opens their own grid, then rates one
element after another as the HTMX grid does (POST with the CSRF header), now and then reopening the
grid's script does (POST with the CSRF header and `X-Ouvrage-Sync: 1`, a JSON answer). Every save
the server acknowledges (state « saved ») is written down with the version it
returned, so that reliability.seed can check afterwards that each one is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

import gevent
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["OUVRAGE_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ACKS: dict[str, dict[str, dict[str, object]]] = {}
_next_user = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Stop once this many cotations were acknowledged (the short proof in the test suite is bound by
# count, never by throughput); 0: run for the whole --run-time.
TARGET = int(os.environ.get("OUVRAGE_LOAD_RATINGS", "0"))
_acknowledged = itertools.count(1)
THINK = (
    float(os.environ.get("OUVRAGE_LOAD_THINK_MIN", "1")),
    float(os.environ.get("OUVRAGE_LOAD_THINK_MAX", "3")),
)


class Evaluator(HttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.me = PLAN["users"][next(_next_user)]
        self.acks = ACKS.setdefault(str(self.me["interview"]), {})
        page = self.client.get("/compte/connexion/", name="connexion (page)")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/compte/connexion/",
            data={
                "login": self.me["email"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="connexion",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"connexion refusée pour {self.me['email']} ({response.status_code})")
        self.csrf = self.client.cookies.get("csrftoken", "")
        self.open_grid()

    @task(1)
    def open_grid(self) -> None:
        with self.client.get(self.me["grid"], name="grille", catch_response=True) as response:
            if response.status_code != 200 or "éléments cotés" not in response.text:
                response.failure(f"grille : {response.status_code}")

    @task(12)
    def rate(self) -> None:
        element = str(random.choice(self.me["elements"]))
        known = self.acks.get(element, {"mark": "", "version": 0, "saves": 0})
        mark = random.choice([m for m in "1234" if m != known["mark"]])
        with self.client.post(
            f"{self.me['grid']}elements/{element}/",
            data={"mark": mark, "version": known["version"], "comment": f"vu le {element}"},
            headers={"X-Ouvrage-Sync": "1", "X-CSRFToken": self.csrf, "Referer": self.host + self.me["grid"]},
            name="cotation",
            catch_response=True,
        ) as response:
            try:
                answer = response.json()
            except ValueError:
                answer = {}
            if response.status_code != 200 or answer.get("state") != "saved":
                response.failure(f"cotation non enregistrée ({response.status_code})")
                return
            self.acks[element] = {
                "mark": mark,
                "version": int(answer["rating"]["version"]),
                "saves": int(known["saves"]) + 1,
            }
            response.success()
        if TARGET and next(_acknowledged) == TARGET and self.environment.runner is not None:
            # From its own greenlet: quit() stops every user, this one included, before it returns.
            gevent.spawn(self.environment.runner.quit)


@events.quitting.add_listener
def write_acks(environment, **_kwargs) -> None:
    with open(os.environ["OUVRAGE_LOAD_ACKS"], "w", encoding="utf-8") as f:
        json.dump({"campaign": PLAN["campaign"], "interviews": ACKS}, f)
