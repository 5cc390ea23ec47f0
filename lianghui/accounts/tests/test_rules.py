"""The slip's codes and states, as pure rules."""

import math
import string
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.accounts import rules
from lianghui.accounts.rules import SlipState

NOW = datetime(2024, 1, 10, 2, 0, tzinfo=UTC)
codes = st.text(alphabet=rules.CROCKFORD, min_size=10, max_size=10)


def test_the_short_code_carries_fifty_bits():
    assert len(set(rules.CROCKFORD)) == 32
    assert rules.SHORT_CODE_BITS == 50 == rules.SHORT_CODE_LENGTH * math.log2(32)
    # The token of the QR link is far beyond guessing.
    assert rules.TOKEN_BYTES * 8 >= 256


def test_new_codes_are_canonical_and_differ():
    made = {rules.new_short_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(rules.normalize_code(c) == c for c in made)


@given(codes)
def test_a_printed_code_reads_back_however_it_is_typed(code):
    printed = rules.display_code(code)
    assert printed[5] == "-" and printed.replace("-", "") == code
    assert rules.normalize_code(printed) == code
    assert rules.normalize_code(printed.lower()) == code
    assert rules.normalize_code(" ".join(printed)) == code


@given(codes)
def test_letters_that_look_like_digits_read_as_digits(code):
    typed = code.replace("0", "O").replace("1", "l")
    assert rules.normalize_code(typed) == code


@pytest.mark.parametrize(
    "typed", ["", "ABCDE", "ABCDE-FGHJKM", "ABCDE-FGHJU", "ABCDE-FGHJ!", "王五"]
)
def test_what_cannot_be_a_code_is_refused(typed):
    assert rules.normalize_code(typed) is None


def test_a_link_token_has_its_shape():
    assert rules.looks_like_token(rules.new_token())
    assert not rules.looks_like_token("abc")
    assert not rules.looks_like_token("a" * 42 + "/")


@given(st.text(alphabet=string.printable, max_size=60))
def test_anything_normalized_is_a_canonical_code(typed):
    code = rules.normalize_code(typed)
    assert code is None or (len(code) == 10 and set(code) <= set(rules.CROCKFORD))


@given(st.booleans(), st.booleans(), st.integers(-100, 100))
def test_state_precedence(used, revoked, minutes):
    expires = NOW + timedelta(minutes=minutes)
    state = rules.slip_state(used=used, revoked=revoked, expires_at=expires, now=NOW)
    if revoked:
        assert state == SlipState.REVOKED
    elif used:
        assert state == SlipState.USED
    elif minutes <= 0:
        assert state == SlipState.EXPIRED
    else:
        assert state == SlipState.VALID


def test_every_refusal_is_in_chinese():
    assert set(rules.REFUSALS) == {SlipState.USED, SlipState.EXPIRED, SlipState.REVOKED}
    for text in [*rules.REFUSALS.values(), rules.UNKNOWN, rules.THROTTLED]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(
    ("days", "ok"), [(0, False), (1, True), (30, True), (180, True), (181, False)]
)
def test_validity_range(days, ok):
    assert (rules.check_valid_days(days) is None) is ok
    if ok:
        assert rules.expiry(NOW, days) - NOW == timedelta(days=days)


def test_throttle_trips_at_the_limit():
    assert not rules.throttled(rules.FAILURE_LIMIT - 1)
    assert rules.throttled(rules.FAILURE_LIMIT)
