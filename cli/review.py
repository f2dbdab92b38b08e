"""``credit-dd review``, ``verify`` and ``keys``: the checker's decision, the auditor's check, the keys.

Exit codes, the same for both commands (and every other command):

- ``review``: 0 the decision is recorded (or was already: a re-run after a kill completes it);
  2 refused, with the reason on stderr (unknown case or folder, the checker may not decide, the
  lifecycle forbids it, the package does not verify, a wrong key, a wrong clock); 1 internal error.
- ``verify``: 0 verified (every file as the system signed it, every decision valid, the zip the
  same); 1 examined and NOT verified (what is wrong on stdout); 2 nothing to verify (no such
  folder, not a case folder or package, an unreadable roster), on stderr; ``--repair`` rebuilds a
  stale or truncated zip from a folder that verifies.

Neither needs the system's signing key: a decision is signed by the checker's own key.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from credit_dd.errors import DecisionAlreadyRecorded, PackageError, ReviewError
from credit_dd.settings import KEYS_DIR, Settings, roster_from_env


def find_case_folder(case: str, out: Path) -> Path:
    """A case folder given as a folder or as a case id (under ``out``).

    Raises:
        ReviewError: neither names a case folder with an approval package.
    """
    from credit_dd.package.folder import PACKAGE

    for candidate in (Path(case), out / case):
        if (candidate / PACKAGE).is_dir():
            return candidate
    raise ReviewError(
        f"{case!r}: no case folder with an approval package (not a folder, nor a case id under {out}/); "
        "give the case folder (out/<case_id>) or its case id"
    )


def _store_beside(case_folder: Path, url: str | None):  # type: ignore[no-untyped-def]
    """The case store beside the case folder (or ``--store``), when it knows the case."""
    from credit_dd.operations.store import CaseStore

    if not url and not (case_folder.parent / "cases.sqlite").exists():
        return None
    store = CaseStore(url or Settings(out_dir=case_folder.parent).case_store_url)
    return store if store.get(case_folder.name) is not None else None


def command_review(args: argparse.Namespace) -> int:
    from credit_dd.package.folder import PACKAGE
    from credit_dd.package.review import read_audit, referral_message
    from credit_dd.package.spreading import keyed_line
    from credit_dd.package.staff import read_roster

    case_folder = find_case_folder(args.case, args.out)
    roster = read_roster(args.roster)
    if (people := keyed_line(case_folder)) is not None:  # seen before anything is signed
        print(f"{case_folder.name}: {people}")
    audit = read_audit(case_folder / PACKAGE)
    personal = _own_signer(roster, args.reviewer, audit, args.key)
    store = _store_beside(case_folder, args.store)
    entry, done = _record(args, case_folder, roster, personal, store)
    if store is not None:
        _sync_store(store, case_folder.name, entry)
    print(
        f"{entry.decision} by {entry.reviewer} {entry.reviewer_name} at {entry.decided_at:%Y-%m-%d %H:%M:%S} UTC "
        f"{done}; the case is now {entry.case_status}"
    )
    if referral := referral_message(entry, roster, audit):
        print(referral)
    return 0


def _record(args: argparse.Namespace, case_folder: Path, roster: Any, personal: Any, store: Any) -> tuple[Any, str]:
    """The decision recorded (or found recorded already, by a run killed before it finished)."""
    from credit_dd.package.review import record_decision
    from credit_dd.policy.data import read_governance

    try:
        entry = record_decision(
            case_folder,
            args.decision,
            personal.signer,
            args.comment,
            roster=roster,
            system=None,  # a checker never needs the system's key
            personal=personal,
            governance=read_governance(),
            committee=args.committee,
            before_recording=lambda e: store.can_decide(case_folder.name, e.case_status) if store else None,
            clock=store.now if store is not None else None,
            recorded=store.recorded_decisions(case_folder.name) if store is not None else None,
        )
    except DecisionAlreadyRecorded as again:
        return again.entry, "was already recorded (nothing new written; the zip is up to date)"
    return entry, "recorded and signed"


def _own_signer(roster: Any, reviewer: str, audit: dict[str, Any], key: Path | None):  # type: ignore[no-untyped-def]
    """The checker's own signer; who may decide is settled before any key is asked for."""
    from credit_dd.package.authority import eligible_checker
    from credit_dd.package.signing import Signer, read_private_key

    person = eligible_checker(roster, reviewer, audit)
    return Signer(person.employee_id, read_private_key(key or KEYS_DIR / f"{person.employee_id}.pem"))


def _sync_store(store: Any, case_id: str, entry: Any) -> None:
    """The case store moved on with the decision, unless it already was (a re-run after a kill)."""
    from credit_dd.package.decisions import record_sha256

    digest = record_sha256(entry.model_dump(mode="json"))
    if any(d.get("decision_sha256") == digest for d in store.recorded_decisions(case_id)):
        return
    store.decide(
        case_id,
        entry.case_status,
        entry.decision,
        entry.reviewer,
        reason=entry.comment,
        decision_sha256=digest,
        manifest_sha256=entry.manifest_sha256,
    )


def package_folder(given: str) -> Path:
    """The approval package a ``verify`` argument names (a case folder or the package itself).

    Raises:
        PackageError: no such folder, or neither a case folder nor a package (exit 2: nothing to verify).
    """
    from credit_dd.package.folder import MANIFEST, PACKAGE

    folder = Path(given)
    if not folder.is_dir():
        raise PackageError(f"{given}: no such folder: give a case folder (out/<case_id>) or its approval_package/")
    if (folder / PACKAGE).is_dir():
        return folder / PACKAGE
    if folder.name == PACKAGE or (folder / MANIFEST).exists():
        return folder
    raise PackageError(f"{given}: neither a case folder nor an approval package (no {PACKAGE}/, no {MANIFEST})")


def command_verify(args: argparse.Namespace) -> int:
    from credit_dd.package.staff import read_roster
    from credit_dd.package.verify import repair_zip, verify_package

    folder = package_folder(args.package)
    rosters = [read_roster(path) for path in (args.roster or [roster_from_env()])]
    store = _store_beside(folder.parent, getattr(args, "store", None))
    recorded = store.recorded_decisions(folder.parent.name) if store is not None else None
    try:
        check = verify_package(folder, rosters[0], archive=rosters[1:], recorded=recorded)
        if getattr(args, "repair", False) and check.zip_problem:
            if not check.folder_verified:
                print("zip not rebuilt: the folder itself does not verify (a zip is only rebuilt from one that does)")
            else:
                print(f"repairing: {check.zip_problem}")
                check = repair_zip(folder, rosters[0], rosters[1:])
    except PackageError as exc:  # a malformed manifest or a link: examined, and not verified
        print(f"package NOT verified: {exc}")
        return 1
    for line in describe(check, rosters[0]):
        print(line)
    return 0 if check.verified else 1


def describe(check: Any, roster: Any) -> list[str]:
    """What ``verify`` found, one line each, the verdict last."""
    lines = [f"{label}: {name}" for label in ("added", "removed", "changed") for name in getattr(check, label)]
    if not check.signed:
        lines.append("manifest signature: none (the package was written without a system signing key)")
    elif check.signature_valid:
        lines.append("manifest signature: valid, signed by the system")
    else:
        lines.append(f"manifest signature: INVALID: {check.signature_problem}")
    for d in check.decisions:
        via = "typed in the dashboard, signed by the system" if d.entered_via == "dashboard" else "own key"
        verdict = "signature valid, bound to this package" if d.valid else f"INVALID: {d.problem}"
        lines.append(f"decision {d.index}: {d.decision} by {d.reviewer} ({via}): {verdict}")
        if d.note:
            lines.append(f"  note: {d.note}")
    if check.decisions:
        lines.append(f"roster: version {roster.version}, sha256 {roster.digest[:16]}")
    lines += check.store_problems
    if check.zip_checked:
        lines.append(f"zip: {check.zip_problem}" if check.zip_problem else "zip: holds exactly the package's files")
    if check.verified:
        lines.append("package intact and signed: verified")
    elif check.intact:
        lines.append("package intact, NOT verified: " + "; ".join(check.problems()))
    else:
        lines.append("package NOT intact")
    return lines


def command_keys(args: argparse.Namespace) -> int:
    from credit_dd.package.signing import SYSTEM, public_key_text, write_new_key
    from credit_dd.package.staff import read_roster

    who = (
        args.employee_id
        if args.employee_id == SYSTEM
        else read_roster(args.roster).person(args.employee_id).employee_id
    )
    path = args.out or KEYS_DIR / f"{who}.pem"
    key = write_new_key(path)
    public = public_key_text(key)
    print(f"private key written to {path} (mode 0600): keep it to yourself, never share or commit it")
    if who == SYSTEM:
        print(f"add to the roster's system_keys:\n  - public_key: {public}")
        print(f"and give the service (serve, workers, retention) the key: export CREDIT_DD_SIGNING_KEY_FILE={path}")
    else:
        print(f"add to {who}'s entry in the roster:\n    public_key: {public}")
    return 0


def add_commands(sub: Any) -> None:
    """``verify``, ``keys`` and ``review`` on the command line's subparsers."""
    verify = sub.add_parser("verify", help="check an approval package: files, signatures, decisions, zip")
    verify.add_argument("package", help="a case folder or its approval_package/")
    verify.add_argument(
        "--roster",
        type=Path,
        action="append",
        help="the staff roster (default CREDIT_DD_ROSTER); repeat it to add archived rosters a decision names",
    )
    verify.add_argument("--store", help="case store URL (default: cases.sqlite beside the case folder, if any)")
    verify.add_argument("--repair", action="store_true", help="rebuild a stale or truncated zip (folder must verify)")
    verify.set_defaults(handler=command_verify)
    keys = sub.add_parser("keys", help="create a person's (or the system's) signing key pair")
    keys.add_argument("employee_id", help="an employee id on the roster, or 'system'")
    keys.add_argument("--out", type=Path, help="where the private key goes (default ~/.credit-dd/keys/<id>.pem)")
    keys.set_defaults(handler=command_keys)
    review = sub.add_parser("review", help="record the checker's decision on a case (two-person review)")
    review.add_argument("case", help="the case folder (out/<case_id>) or the case id")
    review.add_argument("--decision", required=True, choices=["approve", "reject", "return"], help="your decision")
    review.add_argument("--reviewer", required=True, metavar="EMPLOYEE_ID", help="your employee id on the roster")
    review.add_argument("--comment", required=True, help="the reasons for the decision")
    review.add_argument("--key", type=Path, help="your private key (default ~/.credit-dd/keys/<EMPLOYEE_ID>.pem)")
    review.add_argument("--committee", metavar="MINUTE", help="a credit committee's decision, with its minute ref")
    review.add_argument("--store", help="case store URL (default: cases.sqlite beside the case folder, if any)")
    review.add_argument("--out", type=Path, default=Path("out"), help="where case folders are (for a case id)")
    review.set_defaults(handler=command_review)
    for command in (review, keys):
        command.add_argument(
            "--roster", type=Path, default=roster_from_env(), help="the staff roster (CREDIT_DD_ROSTER)"
        )
