"""bench batch: the line through the best rounds splits a batch's cost into fixed and per press."""

from bench.batch import _fit


def test_the_fit_finds_the_fixed_cost_and_the_cost_per_press():
    assert _fit({1: 2.06, 5: 2.3, 10: 2.6, 20: 3.2}) == {"fixed_per_batch": 2.0, "per_press": 0.06}


def test_one_size_alone_fits_no_line():
    assert _fit({5: 2.3}) == {}
