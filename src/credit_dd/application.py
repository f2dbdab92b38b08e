"""The application form (``application.yaml``, schema_version 1) and its intake.

The form is untrusted input: it is loaded with ``yaml.safe_load`` (no Python tags), validated
by pydantic, and every rejection names the field path at fault so a relationship manager can
fix the form without reading code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError

from credit_dd.errors import FormError, InputError

FORM_NAME = "application.yaml"
MAX_FORM_BYTES = 1_000_000

Product = Literal["working_capital_loan", "fixed_asset_loan", "trade_finance", "personal_business_loan"]
RepaymentMethod = Literal["interest_monthly_principal_at_maturity", "equal_installments", "bullet"]


def _identifier_to_str(value: Any) -> Any:
    """YAML reads an unquoted ID number as an int; identifiers are always text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Identifier = Annotated[str, BeforeValidator(_identifier_to_str)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Form(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Person(_Form):
    name: str = Field(min_length=1)
    id_number: Identifier | None = None


class RelationshipManager(_Form):
    name: str = Field(min_length=1)
    employee_id: Identifier | None = None


class Shareholder(_Form):
    name: str = Field(min_length=1)
    share_pct: float = Field(ge=0, le=100)
    id_number: Identifier | None = None


class Applicant(_Form):
    kind: Literal["enterprise", "individual"]
    name: str = Field(min_length=1)
    name_en: str | None = None  # the English name statements may be drawn up under
    unified_social_credit_code: Identifier | None = None
    id_number: Identifier | None = None
    industry_code: Identifier | None = None
    established_on: date | None = None
    registered_capital: Money | None = None
    employees: int | None = Field(default=None, ge=0)
    legal_representative: Person | None = None
    actual_controller: Person | None = None
    shareholders: list[Shareholder] = []


class ExistingFacility(_Form):
    lender: str
    kind: str
    limit: Money = 0.0
    outstanding: Money = 0.0
    maturity: date | None = None


class Collateral(_Form):
    kind: str
    description: str = ""
    appraised_value: Money
    owner: str = ""
    lien_rank: int = Field(default=1, ge=1)


class Guarantor(_Form):
    name: str = Field(min_length=1)
    kind: Literal["individual", "enterprise"] = "individual"
    id_number: Identifier | None = None
    unified_social_credit_code: Identifier | None = None
    declared_net_worth: Money | None = None


class RelatedParty(_Form):
    name: str = Field(min_length=1)
    relation: str = ""


class SiteVisit(_Form):
    date: dt.date | None = None
    investigators: list[str] = []
    interviewed: list[str] = []
    notes: str = ""


class Project(_Form):
    """The project a fixed-asset loan finances (固定资产贷款): its cost, own capital and payback."""

    name: str = ""
    total_investment: Money | None = None
    capital_contribution: Money | None = None  # 资本金: the sponsor's own money in the project
    payback_months: int | None = Field(default=None, gt=0, le=600)


class Application(_Form):
    """One loan application as the relationship manager filed it."""

    schema_version: Literal[1]
    application_id: Identifier | None = None
    received_at: datetime
    relationship_manager: RelationshipManager
    branch: str | None = None
    product: Product
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    requested_amount: float = Field(gt=0, allow_inf_nan=False)
    tenor_months: int = Field(gt=0, le=360)
    purpose: str = ""
    repayment_method: RepaymentMethod = "interest_monthly_principal_at_maturity"
    applicant: Applicant
    existing_facilities: list[ExistingFacility] = []
    collateral: list[Collateral] = []
    guarantors: list[Guarantor] = []
    related_parties: list[RelatedParty] = []
    site_visit: SiteVisit | None = None
    project: Project | None = None
    document_passwords: dict[str, SecretStr] = {}


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(form)"


def parse_application(data: object) -> Application:
    """Validate already-loaded form data.

    Raises:
        FormError: naming the first field at fault (``applicant.name: Field required``).
    """
    if not isinstance(data, dict):
        raise FormError(f"{FORM_NAME}: the form must be a mapping of fields, not {type(data).__name__}")
    try:
        return Application.model_validate(data)
    except ValidationError as exc:
        problems = [(_field_path(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
        listed = "; ".join(f"{field}: {message}" for field, message in problems[:6])
        more = f"; and {len(problems) - 6} more" if len(problems) > 6 else ""
        raise FormError(f"{FORM_NAME}: {listed}{more}", field=problems[0][0]) from None


# libyaml's safe loader when PyYAML was built with it (10× faster, the same safe tag set).
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_application_text(text: str) -> Application:
    """Parse the YAML text of a form safely (no Python tags) and validate it."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FormError(f"{FORM_NAME}: not valid YAML{where}: {problem}") from None
    return parse_application(data)


def read_application(application_dir: Path) -> Application:
    """Read and validate ``application.yaml`` from an application folder.

    Raises:
        InputError: the folder or form is missing, not UTF-8, too large or invalid.
    """
    form = application_dir / FORM_NAME
    if not application_dir.is_dir():
        raise InputError(f"{application_dir}: not an application folder")
    if not form.is_file():
        raise InputError(f"{application_dir}: {FORM_NAME} is missing")
    if form.stat().st_size > MAX_FORM_BYTES:
        raise FormError(f"{FORM_NAME}: larger than {MAX_FORM_BYTES} bytes; not a form")
    try:
        text = form.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormError(f"{FORM_NAME}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    return load_application_text(text)


def derive_application_id(application: Application) -> str:
    """The form's own id, or one derived from who applies for what and when.

    Derived from the form's identity fields, not from the documents, so that a resubmission
    with more documents keeps the same id (and continues the same case).
    """
    if application.application_id:
        return application.application_id
    who = application.applicant.unified_social_credit_code or application.applicant.id_number
    key = "|".join([who or application.applicant.name, application.product, application.received_at.isoformat()])
    return f"APP-{application.received_at:%Y%m%d}-{hashlib.sha256(key.encode()).hexdigest()[:8].upper()}"


def case_id_for(application_id: str) -> str:
    """A case id safe for folder names, artifact keys and URLs."""
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", application_id).strip("-")
    return cleaned or "CASE"
