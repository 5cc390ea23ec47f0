"""Handing an opinion to the suggestions and proposals workflow."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.deliberation.actions._base import _refuse, _require_recorder
from lianghui.deliberation.models import Opinion, OpinionState
from lianghui.errors import ActionError

# An opinion is routed by a function the suggestions and proposals workflow provides: given
# the opinion and the actor, it files a delegate's suggestion (a congress's group) or a
# member's proposal (a CPPCC's group), with the speech as its source, and returns its id.
# It runs inside this action's transaction, so the filing and the routed state commit or
# roll back together.
Router = Callable[[Opinion, Any], int]


def _not_wired(opinion: Opinion, actor) -> int:
    raise ActionError("routing_unavailable", "建议、提案办理功能尚未接入。", status=409)


_router: Router = _not_wired


def register_router(router: Router | None) -> None:
    """Plug in the suggestions and proposals workflow (lianghui.proposals); None unplugs it."""
    global _router
    _router = router or _not_wired


def route_opinion(opinion: Opinion, actor, router: Router | None = None) -> Opinion:
    """Hand an opinion to the suggestions and proposals workflow; it keeps the filing's id."""
    record_ = opinion.speech.deliberation
    _require_recorder(actor, record_)
    route = router or _router
    with transaction.atomic():
        opinion = (
            Opinion.objects.select_for_update(of=("self",))
            .select_related("speech__deliberation__meeting")
            .get(pk=opinion.pk)
        )
        if opinion.state != OpinionState.RECORDED:
            raise _refuse("already_routed", "该意见建议已转交办理。")
        filing_id = route(opinion, actor)
        if isinstance(filing_id, bool) or not isinstance(filing_id, int) or filing_id <= 0:
            raise _refuse("bad_filing", "建议、提案办理功能未返回有效的编号。", 502)
        opinion.state = OpinionState.ROUTED
        opinion.routed_filing_id = filing_id
        opinion.routed_by = actor
        opinion.routed_at = timezone.now()
        opinion.save(update_fields=["state", "routed_filing_id", "routed_by", "routed_at"])
        record(
            "deliberation.opinion_routed",
            opinion,
            actor=actor,
            data={"speech": opinion.speech_id, "filing": filing_id},
        )
    return opinion
