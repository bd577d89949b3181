"""A refresh job that stops in the middle of a write, for tests/store/test_refresh_killed.py:
``python -m tests.store.refresh_writer STORE_URL`` runs the refresh on demo data and, when it
is about to publish a universe panel's manifest (its new part already written), prints
``BLOCKED <key>`` and waits there to be killed."""
from __future__ import annotations

import sys
import time

from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.refresh import RefreshPlan, run_refresh

PLAN = RefreshPlan(("universes", "prices", "members"), (), ("nasdaq100",))


def main(url: str) -> int:
    store = Store(url)
    put_if = store.objects.put_if

    def stalled_put_if(key: str, data: bytes, match):
        if key.startswith("panels/") and key.endswith("manifest.json"):
            print(f"BLOCKED {key}", flush=True)
            time.sleep(600)  # killed here: the part is written, the manifest not yet
        return put_if(key, data, match)

    store.objects.put_if = stalled_put_if
    return run_refresh(DemoSource(), store, PLAN, out=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
