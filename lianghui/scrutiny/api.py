"""The key ceremony: start it, read its public messages, post a trustee's steps."""

from typing import Any

from ninja import Router, Schema, Status

from lianghui.scrutiny import actions
from lianghui.scrutiny.access import tally_key_for
from lianghui.sessions.access import meeting_for

router = Router(tags=["scrutiny 计票密钥"])


class TallyKeyIn(Schema):
    trustees: list[int]
    threshold: int | None = None


class KeyProofIn(Schema):
    challenge: str
    response: str


class EncryptionKeyIn(Schema):
    trustee: int
    encryption_key: str
    proof: KeyProofIn


class ShareBoxIn(Schema):
    ephemeral: str
    ciphertext: str
    tag: str


class ContributionIn(Schema):
    trustee: int
    coefexps: list[str]
    proof: KeyProofIn
    shares: dict[str, ShareBoxIn]


class KeyShareIn(Schema):
    trustee: int
    proof: KeyProofIn


class ShareComplaintIn(Schema):
    sender: int
    reason: str = ""


class TallyKeyCancelIn(Schema):
    reason: str


@router.post(
    "/meetings/{meeting_id}/tally-keys",
    response={201: dict[str, Any]},
    summary="发起计票密钥仪式（主持人或会务组）",
)
def start(request, meeting_id: int, payload: TallyKeyIn):
    meeting = meeting_for(request.user, meeting_id)
    key = actions.start(meeting, payload.trustees, payload.threshold, request.user)
    return Status(201, actions.public_state(key))


@router.get("/tally-keys/{key_id}", response=dict[str, Any], summary="密钥仪式的阶段与全部公开消息")
def detail(request, key_id: int):
    return actions.public_state(tally_key_for(request.user, key_id))


def _post(request, key_id: int, step, payload: Schema):
    key = tally_key_for(request.user, key_id)
    return actions.public_state(step(key.pk, request.user, payload.dict()))


@router.get(
    "/tally-keys/{key_id}/pending",
    response=list[dict[str, Any]],
    summary="待监票人设备解密的合计票数",
)
def pending(request, key_id: int):
    """Totals waiting for this key's trustees: their pages answer each one."""
    return actions.pending(tally_key_for(request.user, key_id))


@router.post(
    "/tally-keys/{key_id}/encryption-key", response=dict[str, Any], summary="监票人设备提交加密密钥"
)
def encryption_key(request, key_id: int, payload: EncryptionKeyIn):
    return _post(request, key_id, actions.post_encryption_key, payload)


@router.post(
    "/tally-keys/{key_id}/contribution",
    response=dict[str, Any],
    summary="监票人设备提交承诺与加密份额",
)
def contribution(request, key_id: int, payload: ContributionIn):
    return _post(request, key_id, actions.post_contribution, payload)


@router.post(
    "/tally-keys/{key_id}/key-share", response=dict[str, Any], summary="监票人设备提交密钥份额证明"
)
def key_share(request, key_id: int, payload: KeyShareIn):
    return _post(request, key_id, actions.post_key_share, payload)


@router.post(
    "/tally-keys/{key_id}/complaint",
    response=dict[str, Any],
    summary="报告未通过核验的份额（仪式作废）",
)
def complaint(request, key_id: int, payload: ShareComplaintIn):
    key = tally_key_for(request.user, key_id)
    return actions.public_state(
        actions.complain(key.pk, request.user, payload.sender, payload.reason)
    )


@router.post("/tally-keys/{key_id}/cancel", response=dict[str, Any], summary="作废未完成的密钥仪式")
def cancel(request, key_id: int, payload: TallyKeyCancelIn):
    key = tally_key_for(request.user, key_id)
    return actions.public_state(actions.cancel(key.pk, request.user, payload.reason))
