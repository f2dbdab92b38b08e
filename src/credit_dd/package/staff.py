"""The staff roster: who may act on a case, by employee id, with their authority and public key.

People are compared by employee id, never by display name: "王 磊" and 王磊 are one person,
and so are a name and the id it belongs to. The form names its site investigators as written
on the visit report (names or ids); each is resolved against the roster, and a name the roster
does not know is still compared, normalised, with the checker's name.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from credit_dd.errors import PolicyError, ReviewError, SigningKeyError
from credit_dd.names import plain
from credit_dd.package.signing import canonical, parse_public_key

Role = Literal["relationship_manager", "investigator", "credit_reviewer", "approver"]
CHECKER_ROLES: frozenset[Role] = frozenset({"credit_reviewer", "approver"})


def _public_key(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_public_key(value)
        except SigningKeyError as exc:
            raise ValueError(str(exc)) from None
    return value


class StaffMember(BaseModel):
    """One person on the roster."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    employee_id: str = Field(pattern=r"^[A-Z]{2}[0-9]{4}$")
    name: str = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    approval_limit: float = Field(default=0, ge=0)  # 审批权限: the largest amount this person may approve
    public_key: str | None = None  # base64 Ed25519 public key (credit-dd keys)

    @field_validator("public_key")
    @classmethod
    def _key(cls, value: str | None) -> str | None:
        return _public_key(value)

    @property
    def label(self) -> str:
        return f"{self.employee_id} {self.name}"


class SystemKey(BaseModel):
    """A public key of the system's own signing key (the manifest signer)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    public_key: str
    note: str = ""

    @field_validator("public_key")
    @classmethod
    def _key(cls, value: str) -> str:
        return _public_key(value) or value


class Roster(BaseModel):
    """Every person who may act on a case, and the system's public keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    system_keys: list[SystemKey] = []
    staff: list[StaffMember]

    @field_validator("staff")
    @classmethod
    def _unique(cls, staff: list[StaffMember]) -> list[StaffMember]:
        ids = [p.employee_id for p in staff]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"employee ids listed twice: {', '.join(twice)}")
        return staff

    @model_validator(mode="after")
    def _one_key_per_person(self) -> Roster:
        """One key, one person: a maker who lists their own public key under a second id (an approver's)
        would sign as both maker and checker; the system's key under a person would make the service a
        checker."""
        holders: dict[str, list[str]] = {}
        for member in self.staff:
            if member.public_key:
                holders.setdefault(member.public_key, []).append(member.employee_id)
        for key in self.system_keys:
            holders.setdefault(key.public_key, []).append("system_keys")
        shared = [ids for ids in holders.values() if len(ids) > 1]
        if shared:
            listed = "; ".join(" and ".join(ids) for ids in shared)
            raise ValueError(f"one public key listed under two ids ({listed}): each person signs with their own key")
        return self

    @property
    def digest(self) -> str:
        """The SHA-256 of the roster's content (not its layout or comments): what a decision was checked against."""
        return hashlib.sha256(canonical(self.model_dump(mode="json"))).hexdigest()

    def holder(self, public_key: str) -> StaffMember | None:
        """The person whose public key this is."""
        return next((m for m in self.staff if m.public_key == public_key), None)

    def person(self, employee_id: str) -> StaffMember:
        """Raises:
        ReviewError: nobody on the roster has this id."""
        wanted = unicodedata.normalize("NFKC", employee_id).strip().upper()
        for member in self.staff:
            if member.employee_id == wanted:
                return member
        raise ReviewError(
            f"{employee_id!r} is not an employee id on the staff roster (version {self.version}); "
            "give your employee id, e.g. CR0207"
        )

    def find(self, written: str) -> StaffMember | None:
        """The person a form means by ``written`` (an id, or a name only one person on the roster has)."""
        try:
            return self.person(written)
        except ReviewError:
            pass
        matches = [m for m in self.staff if plain(m.name) == plain(written)]
        return matches[0] if len(matches) == 1 else None

    def is_system_key(self, public_key: str) -> bool:
        return any(k.public_key == public_key for k in self.system_keys)


def read_roster(path: Path) -> Roster:
    """Raises:
    PolicyError: the roster is missing or invalid (named)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Roster.model_validate(raw)
    except OSError as exc:
        raise PolicyError(f"{path}: the staff roster cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"{path}: the staff roster is not valid YAML ({exc})") from None
    except ValidationError as exc:
        problems = "; ".join(_problem(e["loc"], e["msg"]) for e in exc.errors())
        raise PolicyError(f"{path}: the staff roster is invalid: {problems}") from None


def _problem(loc: tuple[int | str, ...], message: str) -> str:
    message = message.removeprefix("Value error, ")
    return f"{'.'.join(map(str, loc))}: {message}" if loc else message


def same_person(member: StaffMember, written: str, roster: Roster) -> bool:
    """True when ``written`` (an id or a name from the form) is ``member``."""
    found = roster.find(written)
    if found is not None:
        return found.employee_id == member.employee_id
    return plain(written) == plain(member.name)


def with_public_keys(raw: dict[str, Any], system_key: str, person_keys: dict[str, str]) -> dict[str, Any]:
    """A roster's YAML data with the system's public key and each listed person's filled in."""
    staff = [{**p, "public_key": person_keys.get(p["employee_id"], p.get("public_key"))} for p in raw["staff"]]
    return {**raw, "system_keys": [{"public_key": system_key}], "staff": staff}
