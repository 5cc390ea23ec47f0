"""What the chair may put on the big screen: a layout and a one-line message (会场提示).

Plain Python, checked before anything is written; the labels the chair reads are the
model's choices (hall/models.py ScreenLayout), kept to these codes by a test.
"""

import unicodedata

# auto: whatever is under way (the vote or election, the speaker), as the screen always did.
LAYOUTS = ("auto", "agenda", "speaker", "vote", "seats")
# One line across a projector at the screen's type size; a longer text would be cut off.
MESSAGE_MAX = 50


def clean_message(text: str | None) -> str:
    """The message as shown: one line, runs of spaces and line breaks made single spaces."""
    return " ".join((text or "").split())


def layout_refusal(layout: str | None) -> str | None:
    if layout not in LAYOUTS:
        return "大屏幕版式只能是自动、议程、发言计时、表决/选举或座位图之一。"
    return None


def message_refusal(message: str) -> str | None:
    """Why a (cleaned) message cannot go up, or None. Empty is fine: it clears the line."""
    if len(message) > MESSAGE_MAX:
        return f"会场提示最多 {MESSAGE_MAX} 个字，现为 {len(message)} 个字。"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in message):
        return "会场提示含有无法显示的控制字符。"
    return None
