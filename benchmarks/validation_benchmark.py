"""Validation time per application (identities, reconciliation, cross-document suites).

    .venv/bin/python benchmarks/validation_benchmark.py

Documents are read first (not timed); then validate_case runs on each sample. The first
call includes importing Great Expectations, reported separately.
"""

from __future__ import annotations

import time
from pathlib import Path

from credit_dd.documents.files import read_document
from credit_dd.documents.history import merge_statements
from credit_dd.intake.application import read_application
from credit_dd.policy.data import read_policy
from credit_dd.validation.suites import validate_case

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def main() -> None:
    started = time.perf_counter()
    import great_expectations  # noqa: F401

    print(f"import great_expectations: {time.perf_counter() - started:.2f} s (once per process)")
    policy = read_policy()
    print(f"{'application':28} {'documents':>9} {'checks':>7} {'seconds':>8}")
    for folder in sorted(p for p in SAMPLES.iterdir() if (p / "application.yaml").exists()):
        documents = [
            read_document(p, p.relative_to(folder).as_posix()) for p in sorted((folder / "documents").iterdir())
        ]
        history = merge_statements([s for d in documents for s in d.statements], "CNY")
        application = read_application(folder)
        validate_case(application, documents, history, policy)  # warm the suites' assets
        runs = 5
        started = time.perf_counter()
        for _ in range(runs):
            report = validate_case(application, documents, history, policy)
        seconds = (time.perf_counter() - started) / runs
        print(f"{folder.name:28} {len(documents):9d} {len(report.outcomes):7d} {seconds:8.3f}")


if __name__ == "__main__":
    main()
