"""The policies a case is judged by are the bundle handed down, not module globals."""

from __future__ import annotations

from credit_dd.analysis.analyse import analyse_case
from credit_dd.documents.files import list_documents, mark_duplicates, read_document
from credit_dd.intake.application import accept
from credit_dd.policy.bundle import Policies, read_policies
from credit_dd.policy.industry import IndustryPolicy, IndustryRule
from credit_dd.policy.scorecard import Scorecard
from credit_dd.rules.judgement import judge_case
from credit_dd.settings import Settings
from credit_dd.validation.outcome import validate
from tests.conftest import SAMPLES


def _judged(policies: Policies) -> tuple[list[str], str, float | None]:
    accepted = accept(SAMPLES / "a_healthy_manufacturer")
    application = accepted.application
    files, refused = list_documents(SAMPLES / "a_healthy_manufacturer")
    documents = mark_duplicates([read_document(path, name) for path, name in files])
    validation = validate(application, documents, refused, policies)
    analysis = analyse_case(application, documents, validation.history, [], policies)
    judgement = judge_case(application, documents, validation, analysis, [], policies)
    score = analysis.rating.score if analysis.rating else None
    return [f.code for f in judgement.findings], judgement.opinion.recommendation, score


def test_a_case_is_judged_by_the_industry_policy_and_scorecard_it_is_handed() -> None:
    packaged = read_policies(Settings())
    codes, recommendation, score = _judged(packaged)
    assert "INDUSTRY_RESTRICTED" not in codes and recommendation != "decline"

    code = accept(SAMPLES / "a_healthy_manufacturer").application.applicant.industry_code
    assert code
    prohibiting = IndustryPolicy(
        version="test",
        industries=[IndustryRule(prefix=code, name="test", stance="prohibited", reason="test")],
    )
    codes, recommendation, _ = _judged(packaged.model_copy(update={"industries": prohibiting}))
    assert "INDUSTRY_RESTRICTED" in codes and recommendation == "decline"

    data = packaged.scorecard.model_dump()
    for factor in data["factors"]:
        factor["bins"] = [bin | {"score": 0.0} for bin in factor["bins"]]
    nothing_scores = Scorecard.model_validate(data)
    _, _, zero = _judged(packaged.model_copy(update={"scorecard": nothing_scores}))
    assert score is not None and score > 0 and zero == 0
