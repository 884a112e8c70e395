"""The scorer on hand-made cases: key matching, alternatives, required vs optional, clean documents,
near misses and the aggregate counts.  Independent of the reviewer's quality."""

from __future__ import annotations

from eval.dataset import ExpectedFinding, NearMiss, Sample
from eval.log import FoundFinding, SampleRun
from eval.scorer import aggregate, label_matches, score_sample


def ff(rule: str, severity: str = "error", message: str = "", quotes: list[str] | None = None,
       values: dict[str, str] | None = None, id: str = "") -> FoundFinding:
    return FoundFinding(id=id or rule, rule=rule, severity=severity, message=message, quotes=quotes or [],
                        values=values or {})


def test_keys_must_all_appear_in_quotes_values_or_message() -> None:
    label = ExpectedFinding(rule="RATIO_MISMATCH", keys=["118.97", "97.47"])
    assert label_matches(ff("RATIO_MISMATCH", quotes=["授予中小企业合同金额118.97万元"], values={"stated": "97.47"}), label)
    assert label_matches(ff("RATIO_MISMATCH", message="118.97/119.60=99.47%，报告列为97.47%"), label)
    assert not label_matches(ff("RATIO_MISMATCH", quotes=["118.97万元"]), label)


def test_numbers_compare_as_numbers_not_substrings() -> None:
    label = ExpectedFinding(rule="OVER_BUDGET", keys=["1239.52", "1220.2"])
    assert label_matches(ff("OVER_BUDGET", quotes=["1,239.52", "１２２０.２０万元"]), label)
    five = ExpectedFinding(rule="SUM_MISMATCH", keys=["5.5"])
    assert not label_matches(ff("SUM_MISMATCH", message="预算15.5万元"), five)
    assert label_matches(ff("SUM_MISMATCH", message="预算5.50万元"), five)


def test_rule_alternatives_and_any_keys() -> None:
    label = ExpectedFinding(rule="RATIO_MISMATCH", alternatives=["OVER_BUDGET"], keys=["225.81"],
                            any_keys=["175.81", "128.44"])
    assert label_matches(ff("OVER_BUDGET", message="225.81 超过 175.81"), label)
    assert not label_matches(ff("OVER_BUDGET", message="225.81"), label)
    assert not label_matches(ff("LOW_EXECUTION", message="225.81 175.81"), label)


def test_required_optional_and_false_alarms() -> None:
    sample = Sample(id="s", path="x.txt", expected=[
        ExpectedFinding(rule="OVER_BUDGET", severity="warning", keys=["1683.71"]),
        ExpectedFinding(rule="MISSING_ITEM", severity="info", required=False, any_keys=["三公"]),
        ExpectedFinding(rule="LOW_EXECUTION", severity="warning", keys=["61.6"]),
    ])
    run = SampleRun(id="s", path="x.txt", findings=[
        ff("OVER_BUDGET", "warning", quotes=["使用1683.71万元"], id="a"),
        ff("OVER_BUDGET", "warning", quotes=["使用1683.71万元"], id="a2"),  # a second finding on the same problem
        ff("MISSING_ITEM", "info", message="未说明三公经费", id="b"),
        ff("RATIO_MISMATCH", "error", message="nothing labelled", id="c"),
    ])
    score = score_sample(sample, run)
    # the second finding on the same label is a duplicate: reported, neither tp nor false alarm
    assert [f.outcome for f in score.findings] == ["tp", "duplicate", "optional", "false_alarm"]
    assert [lb.found for lb in score.labels] == [True, True, False]
    assert score.labels[0].duplicates == 1
    s = aggregate([score])
    assert (s.overall.tp, s.overall.fp, s.overall.found, s.overall.expected) == (1, 1, 1, 2)
    assert s.overall.duplicates == 1
    assert s.overall.precision == 0.5 and s.overall.recall == 0.5
    assert s.per_rule["LOW_EXECUTION"].recall == 0.0
    assert s.per_rule["RATIO_MISMATCH"].precision == 0.0
    # the optional MISSING_ITEM neither counts as a miss nor as a false alarm
    assert "MISSING_ITEM" not in s.per_rule
    assert s.per_rule_incl_info["MISSING_ITEM"].expected == 0 and s.per_rule_incl_info["MISSING_ITEM"].fp == 0


def test_info_findings_count_only_in_the_incl_info_figures() -> None:
    sample = Sample(id="s", path="x.txt", expected=[ExpectedFinding(rule="PRIVACY", severity="info", keys=["18670870880"])])
    run = SampleRun(id="s", path="x.txt", findings=[ff("PRIVACY", "info", quotes=["联系电话：18670870880"]),
                                                    ff("DUPLICATE_TEXT", "info", quotes=["重复"])])
    s = aggregate([score_sample(sample, run)])
    assert s.overall.expected == 0 and s.overall.tp == 0 and s.overall.fp == 0
    assert (s.overall_incl_info.tp, s.overall_incl_info.fp, s.overall_incl_info.found) == (1, 1, 1)


def test_clean_documents_count_serious_false_alarms() -> None:
    clean = Sample(id="c", path="c.txt", clean=True)
    runs = SampleRun(id="c", path="c.txt", findings=[ff("SUM_MISMATCH", "error"), ff("DUPLICATE_TEXT", "info")])
    other = Sample(id="d", path="d.txt", clean=True)
    s = aggregate([score_sample(clean, runs), score_sample(other, SampleRun(id="d", path="d.txt"))])
    assert s.clean_documents == 2 and s.clean_false_alarms == 1
    assert s.false_alarms_per_clean_document == 0.5


def test_near_miss_tolerates_info_but_flags_errors() -> None:
    sample = Sample(id="s", path="x.txt", near_misses=[
        NearMiss(rule="SUM_MISMATCH", keys=["1489.93"], max_severity="info"),
        NearMiss(rule="RATIO_MISMATCH", keys=["18123"]),
    ])
    run = SampleRun(id="s", path="x.txt", findings=[
        ff("SUM_MISMATCH", "info", message="1,489.93 尾数误差"),
        ff("RATIO_MISMATCH", "error", quotes=["办结18123个事项，办结率99%"]),
    ])
    score = score_sample(sample, run)
    assert [f.outcome for f in score.findings] == ["tolerated", "false_alarm"]
    assert len(score.near_miss_violations) == 1
    assert aggregate([score]).near_miss_violations == 1


def test_failed_sample_misses_its_labels() -> None:
    sample = Sample(id="s", path="x.txt", expected=[ExpectedFinding(rule="YEAR_MISMATCH", severity="warning", keys=["2023"])])
    s = aggregate([score_sample(sample, SampleRun(id="s", path="x.txt", error="InputError: boom"))])
    assert s.samples_failed == 1 and s.overall.recall == 0.0


def test_a_labelled_problem_is_never_a_near_miss_violation() -> None:
    sample = Sample(id="s", path="x.txt",
                    expected=[ExpectedFinding(rule="SUM_MISMATCH", keys=["2025.19"])],
                    near_misses=[NearMiss(rule="SUM_MISMATCH", keys=["2025.09"], max_severity="info")])
    run = SampleRun(id="s", path="x.txt", findings=[ff("SUM_MISMATCH", message="支出合计为2025.19万元，但分项合计为2025.09万元")])
    score = score_sample(sample, run)
    assert score.findings[0].outcome == "tp" and not score.near_miss_violations


def test_duplicates_do_not_inflate_precision() -> None:
    """Five findings on one labelled problem and one false alarm: precision 1/2, not 5/6."""
    sample = Sample(id="s", path="x.txt", expected=[ExpectedFinding(rule="SUM_MISMATCH", keys=["45.00", "47.00"])])
    run = SampleRun(id="s", path="x.txt", findings=[
        *[ff("SUM_MISMATCH", message="调增45.00万元，分项合计47.00万元", id=f"d{i}") for i in range(5)],
        ff("RATIO_MISMATCH", message="unlabelled", id="x")])
    s = aggregate([score_sample(sample, run)])
    assert (s.overall.tp, s.overall.duplicates, s.overall.fp) == (1, 4, 1)
    assert s.overall.precision == 0.5


def test_a_finding_on_two_labels_leaves_the_other_label_to_a_second_finding() -> None:
    """Credit is a maximum matching: f1 matches A and B, f2 only A -> both are true positives."""
    sample = Sample(id="s", path="x.txt", expected=[
        ExpectedFinding(rule="SUM_MISMATCH", keys=["10.00"]),
        ExpectedFinding(rule="SUM_MISMATCH", keys=["20.00"]),
    ])
    run = SampleRun(id="s", path="x.txt", findings=[
        ff("SUM_MISMATCH", message="10.00 and 20.00", id="f1"), ff("SUM_MISMATCH", message="10.00", id="f2")])
    score = score_sample(sample, run)
    assert [f.outcome for f in score.findings] == ["tp", "tp"]
    assert aggregate([score]).overall.duplicates == 0


def test_severity_is_scored_alongside_the_rule_only_figures() -> None:
    sample = Sample(id="s", path="x.txt", expected=[
        ExpectedFinding(rule="RATIO_MISMATCH", alternatives=["OVER_BUDGET"], severity="error", keys=["225.81", "99.95"]),
        ExpectedFinding(rule="LOW_EXECUTION", severity="warning", keys=["11.45", "116.2"]),
    ])
    run = SampleRun(id="s", path="x.txt", findings=[
        ff("OVER_BUDGET", "warning", quotes=["支出225.81万元，完成预算的99.95%"], id="a"),  # right problem, graded lower
        ff("LOW_EXECUTION", "warning", quotes=["11.45 / 116.2"], id="b"),
    ])
    score = score_sample(sample, run)
    assert [f.severity_ok for f in score.findings] == [False, True]
    assert [f.outcome for f in score.findings] == ["tp", "tp"]
    assert [f.outcome_severity for f in score.findings] == ["false_alarm", "tp"]
    assert [lb.found_with_severity for lb in score.labels] == [False, True]
    s = aggregate([score])
    assert (s.overall.precision, s.overall.recall, s.overall.severity_mismatch) == (1.0, 1.0, 1)
    assert (s.overall_severity.tp, s.overall_severity.fp, s.overall_severity.found) == (1, 1, 1)
    assert s.overall_severity.precision == 0.5 and s.overall_severity.recall == 0.5


def test_an_info_note_does_not_take_the_credit_from_an_error_on_the_same_label() -> None:
    sample = Sample(id="s", path="x.txt", expected=[ExpectedFinding(rule="SUM_MISMATCH", keys=["5.5"])])
    run = SampleRun(id="s", path="x.txt", findings=[ff("SUM_MISMATCH", "info", message="5.5", id="i"),
                                                    ff("SUM_MISMATCH", "error", message="5.5", id="e")])
    score = score_sample(sample, run)
    assert [f.outcome for f in score.findings] == ["duplicate", "tp"]
    s = aggregate([score])
    assert s.overall.tp == 1 and s.overall_severity.tp == 1 and s.overall_severity.found == 1
