"""Recall and resignation rules at each boundary (LOL 31, 32; EL 51)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.recall import rules


def recall(post="gov_leader", proposer="delegates", signers=3, total=21, **kw):
    return rules.recall_refusal(
        post,
        proposer,
        reasons=kw.pop("reasons", "严重失职。"),
        delegates_total=total,
        signers=signers,
        **kw,
    )


@pytest.mark.parametrize(
    "total,needed", [(0, 0), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3), (300, 30), (301, 31)]
)
def test_a_tenth_or_more(total, needed):
    assert rules.tenth_of(total) == needed


@given(st.integers(0, 100_000))
def test_a_tenth_is_the_least_count_at_or_above_one_tenth(total):
    needed = rules.tenth_of(total)
    assert needed * 10 >= total and (needed - 1) * 10 < total


def test_delegates_jointly_at_the_boundary():
    assert recall(signers=3, total=21) is None
    message = recall(signers=2, total=21)
    assert "地方组织法第三十一条" in message and "至少3人" in message


def test_a_non_delegate_signer_is_refused():
    assert "不是本届代表" in recall(signers=5, non_delegate_signers=1)


@pytest.mark.parametrize("proposer", ["presidium", "standing_committee"])
def test_the_presidium_and_the_standing_committee_need_no_signers(proposer):
    assert recall(proposer=proposer, signers=0) is None


def test_reasons_are_required():
    assert "罢免理由" in recall(reasons=" ")


@pytest.mark.parametrize("post", sorted(rules.RECALLABLE))
def test_each_post_the_law_names_may_be_recalled(post):
    assert recall(post=post) is None


def test_a_special_committee_member_is_not_recalled_by_lol_31():
    assert "地方组织法第三十一条" in recall(post="special_committee")
    assert recall(post="mayor") is not None


def test_a_deputy_above_is_not_recalled_on_the_standing_committees_proposal_in_session():
    assert "选举法第五十一条" in recall(post="upper_deputy", proposer="standing_committee")
    assert recall(post="upper_deputy", proposer="presidium") is None


def test_unknown_proposer():
    assert recall(proposer="party") is not None


@pytest.mark.parametrize("post", sorted(rules.MAY_RESIGN))
def test_each_post_lol_32_names_may_resign_to_the_congress(post):
    assert rules.resignation_refusal(post, "因工作调动，请求辞去职务。") is None


@pytest.mark.parametrize("post", ["gov_department", "upper_deputy", "other"])
def test_others_do_not_resign_to_the_congress(post):
    assert "地方组织法第三十二条" in rules.resignation_refusal(post, "请求辞职。")


def test_a_resignation_states_its_request():
    assert rules.resignation_refusal("gov_leader", "  ") is not None


def test_the_vote_waits_for_the_defence_or_its_refusal():
    assert "申辩" in rules.vote_refusal_before_defence(None)
    assert "申辩" in rules.vote_refusal_before_defence("")
    for d in rules.Defence:
        assert rules.vote_refusal_before_defence(d.value) is None


def test_only_the_procurator_waits_for_approval():
    assert {rules.Post.PROCURATOR} == rules.NEEDS_APPROVAL
