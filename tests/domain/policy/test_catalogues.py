"""The ratio and finding catalogues: every ratio and every code once, complete, and read by the
report, the rules, the scorecard, monitoring and the recommendation (nothing keyed by a string
that nobody checks)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import get_args

import pytest
import yaml
from pydantic import BaseModel

from credit_dd.analysis.ratios import compute, compute_period
from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
from credit_dd.errors import PolicyError
from credit_dd.policy.data import CreditPolicy, RecommendationPolicy, Thresholds, ratio_thresholds, read_policy
from credit_dd.policy.findings import Finding, Template, catalogue, finding
from credit_dd.policy.industry import IndustryPolicy, policy_for_industry
from credit_dd.policy.monitoring import MonitoringPolicy, read_monitoring_policy
from credit_dd.policy.ratios import CATALOGUE, Better, Limit, Ratio, RatioDefinition, Unit
from credit_dd.policy.scorecard import Scorecard, read_scorecard
from credit_dd.report.render import label_table
from credit_dd.rules.credit import financial_findings
from credit_dd.rules.recommendation import decide
from tests.conftest import SAMPLES, SOUND, history_of

DATA = SAMPLES.parents[1] / "src" / "credit_dd" / "data"
LINE_ITEMS = {item for kind in STATEMENT_KINDS for item in default_synonyms().items(kind)}


def _data(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# --- ratios ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_every_ratio_has_every_part(name: str) -> None:
    """Names in both languages, a unit and a direction the report and monitoring know, a formula
    that gives a Ratio (with a reason when it cannot), and a limit whose code, thresholds and
    line items all exist."""
    ratio = CATALOGUE[name]
    assert ratio.name == name
    assert re.search(r"[\u4e00-\u9fff]", ratio.zh) and re.fullmatch(r"[A-Z][\w /-]+", ratio.en), (ratio.zh, ratio.en)
    assert ratio.unit in get_args(Unit) and ratio.better in get_args(Better)
    empty = ratio.formula(_inputs_of({}))
    assert isinstance(empty, Ratio) and empty.value is None and empty.reason
    if ratio.limit:
        assert ratio.limit.code in catalogue().codes
        assert ratio.better != "neither", "a limit needs a side that is worse"
        assert {ratio.limit.period_item, *ratio.limit.evidence} <= LINE_ITEMS
        policy = _data("credit_policy.yaml")["thresholds"]
        assert all(t in policy for t in (ratio.limit.warning, ratio.limit.critical) if t)


def _inputs_of(values: dict[str, float]):  # type: ignore[no-untyped-def]
    from credit_dd.analysis.ratios import _Inputs

    return _Inputs(history_of(values), date(2025, 12, 31))


def test_each_unit_prints_its_own_way() -> None:
    """A multiple with ×, a percentage with %, days with the reader's word for them."""
    assert CATALOGUE["current_ratio"].display(1.5) == "1.50×"
    assert CATALOGUE["debt_to_assets"].display(0.4567) == "45.67%"
    assert CATALOGUE["receivable_days"].display(61.25) == "61.2 days"
    assert CATALOGUE["receivable_days"].display(61.25, "zh") == "61.2 天"
    assert CATALOGUE["roe"].display(None) == "—"


def test_the_report_names_every_ratio_from_the_catalogue_in_its_reader_language() -> None:
    assert label_table("zh")["ratios"] == {n: r.zh for n, r in CATALOGUE.items()}
    assert label_table("en")["ratios"] == {n: r.en for n, r in CATALOGUE.items()}
    assert "ratios" not in _data("labels_i18n.yaml"), "ratio names live in the catalogue only"


def test_a_new_ratio_with_a_threshold_is_one_entry_plus_its_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One catalogue entry and one threshold in the policy file: the ratio is computed, judged by
    the rules, printed by the report in both languages and refused by the policy when its
    threshold is missing."""
    entry = RatioDefinition(
        "equity_ratio",
        "股东权益比率",
        "Equity ratio",
        "percent",
        "higher",
        lambda x: Ratio(value=x.closing("total_equity") / x.closing("total_assets")),  # type: ignore[operator]
        # a real one would have its own code in findings.yaml; this borrows one to stay in the catalogue
        Limit("LOW_CURRENT_RATIO", "min_equity_ratio", evidence=("total_equity", "total_assets")),
    )
    monkeypatch.setitem(CATALOGUE, "equity_ratio", entry)
    data = _data("credit_policy.yaml")
    with pytest.raises(PolicyError, match="min_equity_ratio"):
        _policy(tmp_path, data)
    data["thresholds"]["min_equity_ratio"] = 0.6
    history = history_of(SOUND)
    ratios = compute(history)
    assert ratios[date(2025, 12, 31)]["equity_ratio"].value == 0.5
    found = financial_findings(history, ratios, _policy(tmp_path, data))
    assert [(f.code, f.params["value"], f.params["limit"]) for f in found] == [("LOW_CURRENT_RATIO", 0.5, 0.6)]
    assert found[0].evidence == ["Total equity CNY 500.00 (fs.pdf p.1)", "Total assets CNY 1,000.00 (fs.pdf p.1)"]
    assert label_table("zh")["ratios"]["equity_ratio"] == "股东权益比率"
    assert entry.display(0.5) == "50.00%"


def _policy(folder: Path, data: dict) -> CreditPolicy:  # type: ignore[type-arg]
    from credit_dd.policy.data import read_policy

    path = folder / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return read_policy(path)


def test_every_threshold_is_one_a_ratio_limit_uses() -> None:
    """A misspelt threshold, in the policy or an industry's own, is refused rather than ignored."""
    thresholds = _data("credit_policy.yaml")["thresholds"]
    assert set(thresholds) == ratio_thresholds() | {"balance_tolerance_units"}
    with pytest.raises(ValueError, match="min_curent_ratio"):
        Thresholds.model_validate(thresholds | {"min_curent_ratio": 1.2})
    with pytest.raises(ValueError, match="max_debt_to_assets"):
        Thresholds.model_validate({k: v for k, v in thresholds.items() if k != "max_debt_to_assets"})
    industries = _data("industry_policy.yaml")
    industries["industries"][0]["thresholds"] = {"max_debt_to_asset": 0.8}
    with pytest.raises(ValueError, match="max_debt_to_asset"):
        IndustryPolicy.model_validate(industries)
    with pytest.raises(PolicyError, match="max_debt_to_asset"):
        read_policy().thresholds.replaced({"max_debt_to_asset": 0.8})
    industries["industries"][0]["thresholds"] = {"max_debt_to_assets": 0.8}
    rule = IndustryPolicy.model_validate(industries).industries[0]
    assert (
        policy_for_industry(read_policy(), rule.prefix, IndustryPolicy.model_validate(industries)).thresholds.value(
            "max_debt_to_assets"
        )
        == 0.8
    )


def test_scorecard_factors_are_ratios_of_the_catalogue_or_facts_of_the_form() -> None:
    data = _data("scorecard.yaml")
    assert {f.name for f in read_scorecard().factors} - {"years_in_business", "collateral_cover"} <= set(CATALOGUE)
    data["factors"][0]["name"] = "debt_to_asset"
    with pytest.raises(ValueError, match="debt_to_asset"):
        Scorecard.model_validate(data)
    data["factors"][0] |= {"name": "quick_ratio", "label": ""}
    assert Scorecard.model_validate(data).factors[0].label == "速动比率 Quick ratio"


def test_monitoring_takes_which_way_is_worse_from_the_catalogue() -> None:
    policy = read_monitoring_policy()
    assert policy.deterioration["current_ratio"].direction == "down"
    assert policy.deterioration["debt_to_assets"].direction == "up"
    data = _data("monitoring.yaml")
    for bad, match in (
        ({"debt_to_assets": {"direction": "down", "absolute": 0.1}}, "deteriorates up"),
        ({"payable_days": {"relative": 0.2}}, "neither direction"),
        ({"current_ratios": {"relative": 0.2}}, "not a ratio"),
    ):
        with pytest.raises(ValueError, match=match):
            MonitoringPolicy.model_validate(data | {"deterioration": bad})
    with pytest.raises(ValueError, match="not ratios"):
        MonitoringPolicy.model_validate(data | {"covenants": {"curent_ratio": {"min": 1.0}}})


# --- findings -------------------------------------------------------------------------------------


def test_a_finding_of_an_uncatalogued_code_cannot_be_made() -> None:
    with pytest.raises(KeyError):
        finding("LOW_CURRENT_RATI0", period="2025-12-31", value=0.9, limit=1.0)
    with pytest.raises(ValueError, match="not in the catalogue"):
        Finding(code="LOW_CURRENT_RATI0", severity="warning", message="typed by hand")


def test_every_code_the_ratio_catalogue_raises_is_catalogued() -> None:
    """Limits name their codes in data, where the source scan of test_parties cannot see them."""
    assert {r.limit.code for r in CATALOGUE.values() if r.limit} <= set(catalogue().codes)


def test_conditions_precedent_are_catalogued_with_their_codes_and_checked() -> None:
    """A warning sets the condition its code implies; a policy may replace one, but only of a code
    the catalogue has (a typo is refused, never a condition silently dropped)."""
    conditions = {code: e.condition for code, e in catalogue().codes.items() if e.condition}
    assert len(conditions) >= 20 and all(re.search(r"[\u4e00-\u9fff]", c.zh) and c.en for c in conditions.values())
    assert "conditions" not in _data("credit_policy.yaml")["recommendation"]
    policy = read_policy()
    history = history_of(SOUND | {"total_current_assets": 399.0})
    found = financial_findings(history, compute(history), policy)
    opinion = decide(found, policy, documents_complete=True)
    assert opinion.recommendation == "approve_with_conditions"
    assert conditions["LOW_CURRENT_RATIO"] in opinion.conditions
    own = Template(zh="提款前落实应收账款质押", en="Receivables pledged before drawdown")
    replaced = policy.recommendation.model_copy(update={"conditions": {"LOW_CURRENT_RATIO": own}})
    assert decide(found, policy.model_copy(update={"recommendation": replaced}), True).conditions[0] == own
    data = _data("credit_policy.yaml")["recommendation"]
    for bad in ({"conditions": {"LOW_CURENT_RATIO": own.model_dump()}}, {"decline_codes": ["NEGATIVE_EQUTY"]}):
        with pytest.raises(ValueError, match="not in the finding catalogue"):
            RecommendationPolicy.model_validate(data | bad)


def test_every_period_has_every_catalogued_ratio_in_catalogue_order() -> None:
    history = history_of(SOUND)
    assert list(compute_period(history, date(2025, 12, 31))) == list(CATALOGUE)


# --- policy data files ----------------------------------------------------------------------------


def _first(data: dict, path: str) -> dict:  # type: ignore[type-arg]
    """The mapping at a dotted path (``industries.0``, ``products.working_capital_loan.0``)."""
    for part in path.split(".") if path else []:
        data = data[int(part)] if part.isdigit() else data[part]
    return data


@pytest.mark.parametrize(
    ("file", "where"),
    [
        ("credit_policy.yaml", ""),
        ("credit_policy.yaml", "sizing"),
        ("credit_policy.yaml", "analysis"),
        ("credit_policy.yaml", "recommendation"),
        ("credit_policy.yaml", "pricing.reference_rates.0"),
        ("checklists.yaml", "products.working_capital_loan.0"),
        ("governance.yaml", "review"),
        ("governance.yaml", "retention"),
        ("scorecard.yaml", "factors.0"),
        ("scorecard.yaml", "factors.0.bins.0"),
        ("industry_policy.yaml", "industries.0"),
        ("monitoring.yaml", "deterioration.current_ratio"),
        ("aml_thresholds.yaml", "thresholds.0"),
        ("findings.yaml", "codes.LOW_CURRENT_RATIO"),
    ],
)
def test_a_misspelt_key_in_a_policy_file_is_refused_by_name(file: str, where: str, tmp_path: Path) -> None:
    """A key no model knows is an error naming it, never a setting silently left at its default."""
    from credit_dd.policy.aml import AmlPolicy
    from credit_dd.policy.data import Checklists, Governance, read_data_model
    from credit_dd.policy.findings import FindingCatalogue

    models = {
        "credit_policy.yaml": CreditPolicy,
        "checklists.yaml": Checklists,
        "governance.yaml": Governance,
        "scorecard.yaml": Scorecard,
        "industry_policy.yaml": IndustryPolicy,
        "monitoring.yaml": MonitoringPolicy,
        "aml_thresholds.yaml": AmlPolicy,
        "findings.yaml": FindingCatalogue,
    }
    data = _data(file)
    read_data_model(models[file], file)  # the packaged file itself is valid
    _first(data, where)["max_inflow_concentraton"] = 0.5
    path = tmp_path / file
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"max_inflow_concentraton.*Extra inputs are not permitted"):
        read_data_model(models[file], file, path)


# A default that is a value rather than "nothing given", each with why it is not a setting.
VALUE_DEFAULTS = {("CodeEntry", "curable"): "a missing document cures a finding unless its entry says not"}


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models_in(argument)


def test_every_setting_of_a_policy_file_has_its_value_in_the_file_alone() -> None:
    """No policy model gives a setting a default of its own (it lived in the YAML and in pydantic,
    twice): a field defaults only to "nothing given" (None, empty, 0); a file that leaves a
    setting out is refused, naming it."""
    from credit_dd.policy.aml import AmlPolicy
    from credit_dd.policy.data import Checklists, Governance
    from credit_dd.policy.findings import FindingCatalogue

    todo: list[type[BaseModel]] = [
        CreditPolicy,
        Checklists,
        Governance,
        Scorecard,
        IndustryPolicy,
        MonitoringPolicy,
        AmlPolicy,
        FindingCatalogue,
    ]
    seen: set[type[BaseModel]] = set()
    valued = []
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            if not field.is_required() and field.get_default(call_default_factory=True) not in (None, "", 0, [], {}):
                valued.append((model.__name__, name))
            todo += _models_in(field.annotation)
    assert len(seen) > 20
    assert set(valued) == set(VALUE_DEFAULTS), valued


def test_a_policy_file_that_leaves_a_setting_out_is_refused_by_name(tmp_path: Path) -> None:
    data = _data("credit_policy.yaml")
    del data["analysis"]["vat_rate"]
    path = tmp_path / "credit_policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"analysis\.vat_rate: Field required"):
        read_policy(path)
