"""Five identical creation requests at once against a real server (gunicorn, several processes), on
the stage's engine — SQLite or PostgreSQL: one action is created, every request is answered."""

from __future__ import annotations

import json
import re
import threading

import requests

from reliability.faults import DEMO_PASSWORD, QUALITY
from reliability.stack import serving, signed_in, stack


def test_five_identical_posts_at_once_create_one_action(tmp_path):
    with stack(tmp_path / "double") as made:
        made.ouvrage("demo", "--no-server")
        before = json.loads(made.python("reliability.seed", "fingerprints"))["tables"]["actions_action"][
            "rows"
        ]
        with serving(made, workers=4) as server:
            session = signed_in(server.base_url, QUALITY, DEMO_PASSWORD)
            form_url = f"{server.base_url}/etablissements/1/plan-action/nouvelle/"
            page = session.get(form_url, timeout=30).text
            once = re.search(r'name="once" value="([0-9a-f]{32})"', page).group(1)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = {
                "csrfmiddlewaretoken": csrf,
                "once": once,
                "title": "Afficher les menus de la semaine",
                "priority": "high",
                "status": "planned",
            }
            start = threading.Barrier(5)
            statuses: list[int] = []

            def send() -> None:
                twin = requests.Session()
                twin.cookies.update(session.cookies)
                start.wait()
                answer = twin.post(
                    form_url, data=data, headers={"Referer": form_url}, allow_redirects=False, timeout=60
                )
                statuses.append(answer.status_code)

            threads = [threading.Thread(target=send) for _ in range(5)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        after = json.loads(made.python("reliability.seed", "fingerprints"))["tables"]["actions_action"][
            "rows"
        ]
    assert statuses == [302] * 5
    assert after == before + 1
