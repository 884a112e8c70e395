"""Quantity mentions and the relations found by structure (agent/extract/rules/mentions.py, relations/)."""

from __future__ import annotations

from decimal import Decimal

from agent.extract import extract_rules
from agent.extract.rules.context import Ctx
from agent.extract.rules.mentions import mentions
from agent.extract.rules.relations import candidates
from agent.schemas import CoverageStatus
from tests.helpers import doc_from_text, review_text


def _mentions(text: str):
    return mentions(Ctx(doc_from_text(text)))


def test_mentions_are_typed_with_unit_precision_and_label():
    ms = _mentions("2024年项目支出全年预算１，２３６．８０万元，执行率99.49%，得分9.5分，服务群众3,120人次，科目2010301。")
    got = [(m.kind, m.num, m.unit) for m in ms]
    assert got == [("year", "2024", "年"), ("money", "1236.80", "万元"), ("percent", "99.49", "%"),
                   ("score", "9.5", "分"), ("count", "3120", "人次"), ("code", "2010301", "")]
    money = ms[1]
    assert money.value == Decimal("1236.80") and money.decimals == 2
    assert (money.label.subject, money.label.measure, money.label.key) == ("project", "full_budget", "project.full_budget")


def test_labels_keep_the_prior_year_and_never_reach_over_another_amount():
    ms = [m for m in _mentions("基本支出512.36万元和项目支出343.94万元，上年支出801.20万元。") if m.kind == "money"]
    assert [m.label.subject for m in ms] == ["basic", "project", None]
    assert ms[2].label.prior and ms[2].label.key.startswith("misc:")


def test_incomplete_lists_are_not_summed_but_listed_as_not_verified():
    for text in ("2024年部门支出合计865.30万元，包括基本支出512.36万元和项目支出343.94万元等。\n",
                 "2024年度财政拨款支出900.00万元，主要用于以下方面：一般公共服务支出512.36万元；卫生健康支出343.94万元。\n"):
        facts = extract_rules(doc_from_text(text))
        assert not [c for c in facts.claims if c.kind == "sum"]
        assert [u for u in facts.unchecked if u.status == CoverageStatus.NOT_VERIFIED and "incomplete" in u.reason]
        assert not [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]


def test_a_selection_in_parentheses_is_not_a_sum():
    text = "年初部门预算1,236.80万元，其中：基本支出512.36万元（其中：公务接待费4.80万元、公务用车运行维护费3.60万元），项目支出724.44万元。\n"
    rels = [r for r in candidates(Ctx(doc_from_text(text))) if r.source == "enumeration:parenthesis"]
    assert rels and not rels[0].confident
    result = review_text(text)
    assert not [f for f in result.findings if f.rule == "SUM_MISMATCH"]
    assert any(i.status == CoverageStatus.NOT_VERIFIED for i in result.coverage.items)


def test_respectively_needs_as_many_amounts_as_names():
    text = "“三公”经费支出8.93万元，公务接待费、公务用车运行维护费、因公出国（境）费分别为4.52万元、3.41万元。\n"
    assert not [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]


def test_next_sentence_parts_only_when_they_compose_the_total():
    wrong = "2024年部门支出合计865.30万元。基本支出512.36万元，项目支出343.94万元。\n"
    assert [f for f in review_text(wrong).findings if f.rule == "SUM_MISMATCH"]
    other = "2024年部门支出合计865.30万元。办公费512.36万元，印刷费343.94万元。\n"
    assert not [f for f in review_text(other).findings if f.rule == "SUM_MISMATCH"]


def test_rate_word_with_two_budgets_is_ambiguous():
    text = "年初预算900.00万元，全年预算912.50万元，已使用856.30万元，资金使用率达95.84%。\n"
    rels = [r for r in candidates(Ctx(doc_from_text(text))) if r.source == "share:rate-word"]
    assert rels and not rels[0].confident


def test_change_with_stated_prior_checks_amount_and_rate():
    ok = "2024年部门支出856.30万元，比上年801.20万元增加55.10万元，增长6.88%。\n"
    assert not [f for f in review_text(ok).findings if f.severity in ("error", "warning")]
    bad = ok.replace("6.88%", "8.88%")
    assert [f.rule for f in review_text(bad).findings if f.severity == "error"] == ["CHANGE_MISMATCH"]


def test_a_change_amount_is_not_taken_for_the_prior_value():
    text = "公务用车运行维护费8.17万元，比上年增加1.40万元，增长20.68%；公务接待费2.36万元，比上年减少0.52万元，下降18.06%。\n"
    assert not [f for f in review_text(text).findings if f.severity in ("error", "warning")]


def test_relation_candidates_carry_a_confidence_and_a_source():
    text = "2024年基本支出512.36万元，项目支出343.94万元，合计865.30万元。\n"
    rels = candidates(Ctx(doc_from_text(text)))
    assert [(r.kind, r.source, r.confident) for r in rels] == [("sum", "enumeration:total-last", True)]


def test_an_llm_claim_over_a_not_verified_relation_takes_it_off_the_unchecked_list():
    from agent.extract.merge import merge_facts
    from agent.schemas import Provenance, SumClaim

    text = "年初部门预算1,236.80万元，其中：基本支出512.36万元（其中：公务接待费4.80万元、公务用车运行维护费3.60万元），项目支出724.44万元。\n"
    doc = doc_from_text(text)
    rules = extract_rules(doc)
    item = next(u for u in rules.unchecked if "其中" in u.reason)
    figs = {f.value: f for f in rules.all_figures()}
    parts = [figs[Decimal("4.80")], figs[Decimal("3.60")]]
    claim = SumClaim(total=figs[Decimal("512.36")], parts=parts, label="基本支出", span=item.span)
    llm = rules.model_copy(update={"claims": [claim], "unchecked": [],
                                   "provenance": Provenance(extractor="llm", version="1", provider="openai")})
    merged = merge_facts(rules, llm)
    assert claim in merged.claims and item not in merged.unchecked
    assert merge_facts(rules, llm.model_copy(update={"claims": []})).unchecked == rules.unchecked
