"""The hall's big screen, steered over the API as the chair's console steers it."""

from ninja import Field, Router, Schema

from lianghui.hall import actions, rules
from lianghui.sessions import access

router = Router(tags=["hall 会场大屏幕"])


class HallScreenIn(Schema):
    # Plain strings, not enums: a value out of range is refused by the action with a
    # Chinese message naming it, rather than by the schema with a generic one.
    layout: str | None = Field(
        None,
        description="大屏幕版式；不填则不变",
        json_schema_extra={"enum": [*rules.LAYOUTS, None]},
    )
    message: str | None = Field(
        None,
        description=f"会场提示（最多 {rules.MESSAGE_MAX} 个字）；空字符串清除，不填则不变",
    )


class HallScreenOut(Schema):
    meeting_id: int
    layout: str = Field(json_schema_extra={"enum": list(rules.LAYOUTS)})
    message: str


@router.post(
    "/meetings/{meeting_id}/screen",
    response=HallScreenOut,
    summary="切换大屏幕版式、设置会场提示（主持人或会务组）",
)
def set_screen(request, meeting_id: int, payload: HallScreenIn):
    meeting = access.meeting_for(request.user, meeting_id)
    state = actions.set_screen(
        meeting, request.user, layout=payload.layout, message=payload.message
    )
    return {
        "meeting_id": meeting.pk,
        "layout": state.screen_layout,
        "message": state.screen_message,
    }
