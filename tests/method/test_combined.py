import math

import pytest

from berakhlak.method.combined import (
    DEFAULT_RUBRIC,
    Criterion,
    Rubric,
    combined_index,
    evidence_score,
    instansi_evidence,
)
from berakhlak.method.params import Params


def test_the_combined_index_weighs_the_survey_0_8_and_the_evidence_0_2():
    # 0.8 * 61.1 + 0.2 * 75.0 = 48.88 + 15.0 = 63.88
    assert combined_index(61.1, 75.0) == pytest.approx(63.88)


def test_the_weights_are_parameters_of_the_cycle():
    params = Params(survey_weight=0.7, evidence_weight=0.3)
    # 0.7 * 60 + 0.3 * 90 = 42 + 27 = 69
    assert combined_index(60.0, 90.0, params) == pytest.approx(69.0)


def test_weights_that_do_not_add_up_to_one_are_refused():
    with pytest.raises(ValueError):
        Params(survey_weight=0.8, evidence_weight=0.3)


def test_without_an_index_or_an_evaluation_there_is_no_combined_index():
    assert combined_index(None, 80.0) is None
    assert combined_index(math.nan, 80.0) is None
    assert combined_index(60.0, None) is None


def test_the_evidence_score_is_the_weighted_mean_of_the_rubric_scores_as_a_percentage():
    rubric = Rubric((Criterion("a", "A", "A", 2.0), Criterion("b", "B", "B", 1.0)), scale_max=4)
    # (2 * 3/4 + 1 * 1/4) / 3 = (1.5 + 0.25) / 3 = 0.58333 -> 58.33
    assert evidence_score({"a": 3, "b": 1}, rubric) == pytest.approx(58.3333333)


def test_a_unit_with_a_missing_or_out_of_scale_score_has_no_evidence_score():
    codes = [c.code for c in DEFAULT_RUBRIC.criteria]
    full = dict.fromkeys(codes, 4)
    assert evidence_score(full) == pytest.approx(100.0)
    assert evidence_score({k: v for k, v in full.items() if k != codes[0]}) is None
    assert evidence_score({**full, codes[0]: 5}) is None
    assert evidence_score({**full, codes[0]: -1}) is None


def test_the_instansi_evidence_is_the_mean_of_its_evaluated_units():
    assert instansi_evidence([80.0, None, 60.0]) == pytest.approx(70.0)
    assert instansi_evidence([None, None]) is None


def test_a_rubric_needs_unique_positive_criteria():
    with pytest.raises(ValueError):
        Rubric(())
    with pytest.raises(ValueError):
        Rubric((Criterion("a", "A", "A"), Criterion("a", "B", "B")))
    with pytest.raises(ValueError):
        Rubric((Criterion("a", "A", "A", 0.0),))
