"""Keys for trying review and verification on the demo: made once, kept out of git.

Writes ``FOLDER/system.pem`` and ``FOLDER/<EMPLOYEE_ID>.pem`` for every person on
the packaged sample roster (each mode 0600, never overwritten), and ``FOLDER/staff.yaml``: the roster
with their public keys. A bank makes its keys with ``credit-dd keys`` and keeps its own roster.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from credit_dd.package.signing import SYSTEM, public_key_text, read_private_key, write_new_key
from credit_dd.package.staff import read_roster, with_public_keys
from credit_dd.settings import DEFAULT_ROSTER


def main(folder: Path) -> None:
    raw = yaml.safe_load(DEFAULT_ROSTER.read_text(encoding="utf-8"))
    public: dict[str, str] = {}
    for who in [SYSTEM, *(p["employee_id"] for p in raw["staff"])]:
        path = folder / f"{who}.pem"
        public[who] = public_key_text(read_private_key(path) if path.exists() else write_new_key(path))
    roster = folder / "staff.yaml"
    roster.write_text(
        "# the demo roster: the packaged sample roster with the demo keys (scripts/demo_keys.py)\n"
        + yaml.safe_dump(with_public_keys(raw, public.pop(SYSTEM), public), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    read_roster(roster)  # as valid as the one it copies


if __name__ == "__main__":
    main(Path(sys.argv[1]))
