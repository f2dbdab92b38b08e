"""``credit-dd``: run one application, the demo, and (later) serve, review and verify.

Exit codes: 0 when a case completed or ended as ``needs_documents``; 2 when the input itself
is rejected (one line naming the field or file at fault); 1 on an internal error. No
traceback is ever printed to the user.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from credit_dd import pipeline
from credit_dd.errors import CreditDDError, InputError
from credit_dd.settings import PROJECT_ROOT, Settings, signing_key_from_env

SAMPLES = PROJECT_ROOT / "data" / "samples"


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings(
        out_dir=args.out,
        lang=args.lang,
        render_pdf=not args.no_pdf,
        signing_key=signing_key_from_env(),
        operator=getpass.getuser(),
    )
    if args.watchlist:
        settings = settings.model_copy(update={"watchlists": [Path(p) for p in args.watchlist]})
    return settings


def _run_flow(application_dir: Path, settings: Settings):  # type: ignore[no-untyped-def]
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.due_diligence import due_diligence

    # A local one-shot run has nobody to detect a dead heartbeat; it only costs time.
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return due_diligence(application_dir=application_dir, settings=settings)


def _describe(name: str, outcome) -> str:  # type: ignore[no-untyped-def]
    verdict = outcome.recommendation or outcome.status
    return f"{name}: {verdict} ({outcome.status}) → {outcome.folder / 'report.html'}"


def command_run(args: argparse.Namespace) -> int:
    application_dir = Path(args.application_dir)
    settings = _settings(args)
    try:  # a bad form is answered at once, before any orchestration starts
        pipeline.intake(application_dir)
    except InputError as exc:
        if application_dir.is_dir():
            pipeline.write_rejection(application_dir, exc, settings)
        print(f"credit-dd: rejected: {exc}", file=sys.stderr)
        return 2
    outcome = _run_flow(application_dir, settings)
    if outcome.status == "rejected_input":
        print(f"credit-dd: rejected: {outcome.message}", file=sys.stderr)
        return 2
    print(_describe(outcome.case_id, outcome))
    return 0


def command_demo(args: argparse.Namespace) -> int:
    samples = sorted(p for p in SAMPLES.iterdir() if (p / "application.yaml").is_file())
    settings = _settings(args)
    lines = [_describe(sample.name, _run_flow(sample, settings)) for sample in samples]
    print("\n".join(["", "credit-dd demo: one line per sample application", *lines]))
    return 0


def command_verify(args: argparse.Namespace) -> int:
    from credit_dd.package import PACKAGE, verify_package

    folder = Path(args.package)
    if (folder / PACKAGE).is_dir():
        folder = folder / PACKAGE
    key = signing_key_from_env()
    check = verify_package(folder, key.get_secret_value().encode() if key else None)
    for label, names in (("added", check.added), ("removed", check.removed), ("changed", check.changed)):
        for name in names:
            print(f"{label}: {name}")
    if not check.signed:
        print("signature: none (the package was written without a signing key)")
    elif check.signature_valid is None:
        print("signature: present but not checked (set CREDIT_DD_SIGNING_KEY)")
    else:
        print(f"signature: {'valid' if check.signature_valid else 'INVALID'}")
    print("package intact" if check.intact else "package NOT intact")
    return 0 if check.intact and check.signature_valid is not None else 1


def command_review(args: argparse.Namespace) -> int:
    from credit_dd.review import record_decision

    key = signing_key_from_env()
    entry = record_decision(
        Path(args.case), args.decision, args.reviewer, args.comment, key.get_secret_value().encode() if key else None
    )
    print(
        f"{entry.decision} by {entry.reviewer} at {entry.decided_at:%Y-%m-%d %H:%M:%S} UTC recorded; package re-signed"
        if key
        else f"{entry.decision} by {entry.reviewer} recorded; package NOT signed (no CREDIT_DD_SIGNING_KEY)"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="credit-dd", description="Credit due-diligence pipeline.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the due diligence of one application folder")
    run.add_argument("application_dir")
    demo = sub.add_parser("demo", help="run every sample application in data/samples/")
    for command in (run, demo):
        command.add_argument("--out", type=Path, default=Path("out"), help="where case folders go (default: out/)")
        command.add_argument(
            "--watchlist", action="append", default=[], metavar="PATH", help="a watchlist CSV; repeatable"
        )
        command.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default: zh)")
        command.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
    verify = sub.add_parser("verify", help="check an approval package against its signed manifest")
    verify.add_argument("package", help="a case folder or its approval_package/")
    verify.set_defaults(handler=command_verify)
    review = sub.add_parser("review", help="record the checker's decision on a case (two-person review)")
    review.add_argument("case", help="the case folder (out/<case_id>)")
    review.add_argument("--decision", required=True, choices=["approve", "reject", "return"])
    review.add_argument("--reviewer", required=True)
    review.add_argument("--comment", required=True)
    review.set_defaults(handler=command_review)
    run.set_defaults(handler=command_run)
    demo.set_defaults(handler=command_demo)
    return parser


def _prefect_defaults() -> None:
    """Settings for a local run, set before Prefect is imported (the user's own env wins)."""
    # The machine is offline to everything but package registries: telemetry only logs errors.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _prefect_defaults()
    try:
        return int(args.handler(args))
    except CreditDDError as exc:
        print(f"credit-dd: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("credit-dd: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the user gets a message, never a traceback
        print(f"credit-dd: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
