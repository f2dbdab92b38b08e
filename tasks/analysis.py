"""Validation, analysis and judgement of what the documents say."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run

from credit_dd.analysis import analyse
from credit_dd.analysis.analyse import Analysis
from credit_dd.analysis.watchlist import Watchlist, read_watchlists
from credit_dd.documents.files import DocumentIssue, ParsedDocument
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies, read_policies
from credit_dd.rules import judgement as judgement_of
from credit_dd.rules.judgement import Judgement
from credit_dd.settings import Settings
from credit_dd.validation.outcome import Validation, validate
from tasks.trail import trailed


@trailed
@task(name="validate-documents", cache_policy=NO_CACHE)
def validate_documents(
    application: Application, documents: list[ParsedDocument], refused: list[DocumentIssue], policies: Policies
) -> Validation:
    """Merge statements; list every deficiency against the product's checklist."""
    validation = validate(application, documents, refused, policies)
    get_run_logger().info(
        "%d period(s) of statements, %d deficiency(ies)", len(validation.history.periods), len(validation.deficiencies)
    )
    return validation


@trailed
@task(name="load-policies", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def load_policies(settings: Settings) -> Policies:
    """The policies in force: the credit policy, checklists, scorecard, industry and AML policies."""
    return read_policies(settings)


WATCHLIST_RETRIES = 2


@trailed
@task(name="load-watchlists", retries=WATCHLIST_RETRIES, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_watchlists(settings: Settings) -> list[Watchlist]:
    """Every configured watchlist. A list that cannot be read (an I/O error: a share away for a
    moment) is tried again; after the last try it is kept as unavailable, never as "no hits"."""
    lists = read_watchlists(settings.watchlists)
    unreadable = [w.source for w in lists if w.error and w.error.startswith("cannot be read")]
    if unreadable and task_run.run_count <= WATCHLIST_RETRIES:
        raise OSError(f"watchlist(s) could not be read, trying again: {', '.join(unreadable)}")
    get_run_logger().info("watchlists: %s", ", ".join(f"{w.source} ({len(w.entries)})" for w in lists) or "none")
    return lists


@trailed
@task(name="analyse-case", cache_policy=NO_CACHE)
def analyse_case(
    application: Application,
    documents: list[ParsedDocument],
    validation: Validation,
    watchlists: list[Watchlist],
    policies: Policies,
) -> Analysis:
    """Ratios, sizing, repayment, bank flows, security, the amount, the rating and screening."""
    analysis = analyse.analyse_case(application, documents, validation.history, watchlists, policies)
    get_run_logger().info(
        "%d period(s) of ratios, %d screening hit(s)", len(analysis.ratios), len(analysis.watchlist_hits)
    )
    return analysis


@trailed
@task(name="judge-case", cache_policy=NO_CACHE)
def judge_case(
    application: Application,
    documents: list[ParsedDocument],
    validation: Validation,
    analysis: Analysis,
    watchlists: list[Watchlist],
    policies: Policies,
) -> Judgement:
    """Every rule's findings and the opinion they lead to."""
    judgement = judgement_of.judge_case(application, documents, validation, analysis, watchlists, policies)
    get_run_logger().info(
        "recommendation %s with %d finding(s)", judgement.opinion.recommendation, len(judgement.findings)
    )
    return judgement
