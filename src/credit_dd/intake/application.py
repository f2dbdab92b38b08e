"""The application form (``application.yaml``, schema_version 1) and its intake.

The form is untrusted input: it is loaded with ``yaml.safe_load`` (no Python tags), validated
by pydantic, and every rejection names the field path at fault so a relationship manager can
fix the form without reading code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError

from credit_dd.errors import FormError, InputError
from credit_dd.intake.folder import check_folder
from credit_dd.intake.form_yaml import FORM_NAME, load_form_yaml
from credit_dd.masking import printable

MAX_FORM_BYTES = 1_000_000

Product = Literal["working_capital_loan", "fixed_asset_loan", "trade_finance", "personal_business_loan"]
RepaymentMethod = Literal["interest_monthly_principal_at_maturity", "equal_installments", "bullet"]


def _identifier_to_str(value: Any) -> Any:
    """YAML reads an unquoted ID number as an int; identifiers are always text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _code_text(value: Any) -> Any:
    """An ID number or credit code as typed: full-width digits and letters made plain, spaces dropped
    (``３３０１ ０６…`` → ``330106…``), so that checking and screening see the same characters."""
    value = _identifier_to_str(value)
    if isinstance(value, str):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()
    return value


Identifier = Annotated[str, BeforeValidator(_identifier_to_str)]
IdCode = Annotated[str, BeforeValidator(_code_text)]  # resident ID and unified social credit code numbers
MAX_ID_LENGTH = 64
# No single facility a branch files comes near this (CNY 10 bn); a larger figure is a typing error
# (1.0e+300 was accepted once), refused at intake.
MAX_REQUEST = 10_000_000_000


def _application_id(value: str) -> str:
    """An id that can name a case folder: not empty, at most 64 characters, no slashes or controls."""
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"{len(value)} characters; at most {MAX_ID_LENGTH}")
    if re.search(r"[/\\\x00-\x1f]", value):
        raise ValueError("must not contain slashes or control characters")
    return value


ApplicationId = Annotated[str, BeforeValidator(_identifier_to_str), AfterValidator(_application_id)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Form(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Person(_Form):
    name: str = Field(min_length=1)
    id_number: IdCode | None = None


class RelationshipManager(_Form):
    """The maker; ``phone`` and ``email`` (optional) are the contact the deficiency notice gives the customer."""

    name: str = Field(min_length=1)
    employee_id: Identifier | None = None
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=200)


class Shareholder(_Form):
    name: str = Field(min_length=1)
    share_pct: float = Field(ge=0, le=100)
    id_number: IdCode | None = None


class Applicant(_Form):
    kind: Literal["enterprise", "individual"]
    name: str = Field(min_length=1)
    name_en: str | None = None  # the English name statements may be drawn up under
    unified_social_credit_code: IdCode | None = None
    id_number: IdCode | None = None
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
    id_number: IdCode | None = None
    unified_social_credit_code: IdCode | None = None
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
    application_id: ApplicationId | None = None
    received_at: datetime
    relationship_manager: RelationshipManager
    bank: str | None = None  # the lending bank's name, as the deficiency notice is signed (optional)
    branch: str | None = None
    product: Product
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    requested_amount: float = Field(gt=0, le=MAX_REQUEST, allow_inf_nan=False)
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

    def password_for(self, file: str) -> str | None:
        """The form's password for a document, by its file name or its path in the folder (never log it)."""
        secret = self.document_passwords.get(Path(file).name) or self.document_passwords.get(file)
        return (secret.get_secret_value() if secret else "") or None


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


def load_application_text(text: str) -> Application:
    """Parse the YAML text of a form safely (nesting bounded, no Python tags, no key given twice) and
    validate it."""
    return parse_application(load_form_yaml(text))


def read_application(application_dir: Path) -> Application:
    """Read and validate ``application.yaml`` from an application folder.

    Raises:
        InputError: the folder or form is missing, cannot be read, not UTF-8, too large or invalid.
    """
    try:
        return load_application_text(_form_text(application_dir))
    except OSError as exc:  # permissions, a folder vanishing under us: the folder's fault, said so
        raise InputError(f"{printable(str(application_dir))}: cannot be read ({exc.strerror or exc})") from None


def _form_text(application_dir: Path) -> str:
    form = application_dir / FORM_NAME
    if not application_dir.is_dir():
        raise InputError(f"{printable(str(application_dir))}: not an application folder")
    if form.is_symlink() and not form.resolve().is_relative_to(application_dir.resolve()):
        raise FormError(f"{FORM_NAME}: a link to a file outside the application folder; put the form itself here")
    if not form.is_file():
        raise InputError(f"{printable(str(application_dir))}: {FORM_NAME} is missing")
    if form.stat().st_size > MAX_FORM_BYTES:
        raise FormError(f"{FORM_NAME}: larger than {MAX_FORM_BYTES} bytes; not a form")
    try:
        return form.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormError(f"{FORM_NAME}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


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
    """A case id safe for folder names, artifact keys and URLs.

    Characters outside ASCII letters and digits become ``-``; when an id loses characters of
    another script (贷款申请甲, 贷款申请乙), a digest of the whole id keeps two such ids apart.
    """
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", application_id).strip("-")
    if not application_id.isascii():
        # surrogateescape: a folder name that is not UTF-8 (a rejected form's case is named after it)
        digest = hashlib.sha256(application_id.encode("utf-8", "surrogateescape")).hexdigest()[:8]
        return f"{cleaned or 'CASE'}-{digest}"
    return cleaned or "CASE"


class Intake(BaseModel):
    """An accepted application with its identity."""

    application: Application
    application_id: str
    case_id: str


def accept(application_dir: Path) -> Intake:
    """Check the folder, read and check the form; give the case its id.

    Raises:
        InputError: the form is missing, unreadable or invalid (naming the field); FolderError: the
            folder cannot be taken safely (``documents/`` a link, a name not UTF-8, an unreadable folder).
    """
    check_folder(application_dir)
    application = read_application(application_dir)
    application_id = derive_application_id(application)
    return Intake(application=application, application_id=application_id, case_id=case_id_for(application_id))
