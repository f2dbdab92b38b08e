"""The exception tree of credit-dd.

Every error a user can cause has a message written for that user; the CLI prints the
message, never a traceback::

    CreditDDError
    ├── InputError            the application itself is unusable (form or folder)
    │   ├── FormError         application.yaml is invalid; ``field`` names the path at fault
    │   └── FolderError       the folder cannot be taken safely: documents/ a link, a name not UTF-8,
    │                         a folder that cannot be read (the inbox quarantines it, with the reason)
    ├── DocumentError         one document cannot be read; becomes a deficiency, not a crash
    │   ├── DocumentEncryptedError
    │   ├── DocumentNotPdfError
    │   ├── DocumentLimitError        too large, too many pages, too much on a page
    │   │   └── DocumentTimeLimitError    reading ran out of time (transient: never cached)
    │   └── DocumentUnreadableError
    ├── DataQualityError      extracted data cannot be analysed
    ├── PolicyError           a policy, roster or settings file is invalid
    ├── SigningKeyError       a key that cannot be used (missing, unreadable, readable by others, not Ed25519)
    ├── PackageError          an approval package is missing, tampered with or unsigned
    │   └── ReviewError       a decision refused: who, the lifecycle, the key, the clock
    │       └── DecisionAlreadyRecorded   the same decision given again (a re-run after a kill): completed
    ├── LifecycleError        a case status change the lifecycle table does not allow
    ├── SpreadingError        a person's figures refused (a workbook's bad cell, unknown field or
    │                         period, an id not on the roster, an edited status) or a ledger edited by hand
    └── ServiceError          a service the command needs did not answer (the temporary Prefect API)

The CLI prints a ``CreditDDError``'s message on stderr and exits 2; anything else is an internal
error, printed as one line (exit 1), never a traceback.
"""

from __future__ import annotations

from typing import Any


class CreditDDError(Exception):
    """Base of every error credit-dd raises on purpose."""


class InputError(CreditDDError):
    """The application folder or form cannot be processed at all (``rejected_input``)."""


class FormError(InputError):
    """``application.yaml`` is invalid.

    Attributes:
        field: dotted path of the field at fault (``applicant.name``), or ``None``.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class FolderError(InputError):
    """The application folder cannot be taken safely as it is: ``documents/`` is a link, a file
    name is not UTF-8, or a folder in it cannot be read. Nothing of it is read."""


class DocumentError(CreditDDError):
    """A document cannot be read; the pipeline records it as a deficiency."""

    code = "DOC_UNREADABLE"
    transient = False  # True when the failure may not recur on a later read (time, a killed reader)


class DocumentEncryptedError(DocumentError):
    """The PDF is encrypted and no (correct) password was given."""

    code = "DOC_ENCRYPTED"


class DocumentNotPdfError(DocumentError):
    """The file's bytes are not a PDF, whatever its name says (reported as DOC_UNREADABLE)."""


class DocumentLimitError(DocumentError):
    """The document exceeds the size, page, page-content or time limit (reported as DOC_UNREADABLE)."""


class DocumentTimeLimitError(DocumentLimitError):
    """Reading ran out of time: says nothing lasting about the file (never cached)."""

    transient = True


class DocumentUnreadableError(DocumentError):
    """The PDF is malformed beyond what the parser can recover."""

    code = "DOC_UNREADABLE"


class DataQualityError(CreditDDError):
    """Extracted data cannot be analysed."""


class PolicyError(CreditDDError):
    """A policy, checklist or settings file is invalid."""


class PackageError(CreditDDError):
    """An approval package is missing, tampered with or not signed."""


class SigningKeyError(CreditDDError):
    """A key that cannot be used: missing, unreadable, readable by others, or not Ed25519."""


class ReviewError(PackageError):
    """A review decision refused: an unknown or ineligible person, a forbidden step, a bad signature."""


class DecisionAlreadyRecorded(ReviewError):
    """The decision given is the log's last already (``review`` run again after a kill): nothing new
    is written, what was left undone (the zip, the case store) is completed.

    Attributes:
        entry: the decision as recorded (a ``ReviewDecision``).
    """

    def __init__(self, message: str, entry: Any) -> None:
        super().__init__(message)
        self.entry = entry


class LifecycleError(CreditDDError):
    """A case status change the lifecycle does not allow."""


class ServiceError(CreditDDError):
    """A service the command needs did not start or answer (the temporary Prefect API)."""


class SpreadingError(CreditDDError):
    """A person's figures refused, changing nothing: text in a number cell, an unknown field, a period
    not in the case, an id not on the roster, an edited status column; or a ledger edited by hand."""
