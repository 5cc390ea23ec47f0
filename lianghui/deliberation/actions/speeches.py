"""Speeches in order, and the opinions and suggestions raised in them."""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.deliberation.actions._base import (
    TOPIC_MAX,
    UNCHANGED,
    _clean,
    _locked_draft,
    _refuse,
    _require_recorder,
    may_speak,
)
from lianghui.deliberation.models import Deliberation, Opinion, Speech
from lianghui.people.models import Person
from lianghui.rows import next_number
from lianghui.sessions import live
from lianghui.sessions.models import Meeting


def _check_speech(meeting: Meeting, speaker: Person, topic: str) -> None:
    if not topic:
        raise _refuse("topic_required", "请填写发言主题。", 422)
    if not may_speak(meeting, speaker):
        raise _refuse(
            "not_member",
            f"{speaker.name}不是{meeting.group.name}成员，也不是出席会议的领导，不能登记为发言人。",
            422,
        )


def add_speech(
    record_: Deliberation,
    speaker: Person,
    topic: str,
    summary: str,
    actor,
    *,
    synthetic: bool = False,
) -> Speech:
    """The next speech in order: who spoke, on what, and the recorder's short summary."""
    _require_recorder(actor, record_)
    topic, summary = _clean(topic, TOPIC_MAX), _clean(summary)
    _check_speech(record_.meeting, speaker, topic)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        order = next_number(rec.speeches)
        speech = Speech.objects.create(
            deliberation=rec,
            order=order,
            speaker=speaker,
            topic=topic,
            summary=summary,
            synthetic=synthetic,
            recorded_by=actor,
        )
        record(
            "deliberation.speech_added",
            speech,
            actor=actor,
            data={
                "deliberation": rec.pk,
                "meeting": rec.meeting_id,
                "order": order,
                "speaker": speaker.pk,
                "name": speaker.name,
                "topic": topic,
                "synthetic": synthetic,
            },
        )
    live.meeting_changed(rec.meeting_id)
    return speech


def edit_speech(
    speech: Speech, actor, *, speaker=UNCHANGED, topic=UNCHANGED, summary=UNCHANGED
) -> Speech:
    record_ = speech.deliberation
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        speech = (
            Speech.objects.select_for_update(of=("self",))
            .select_related("speaker")
            .get(pk=speech.pk)
        )
        new_speaker = speech.speaker if speaker is UNCHANGED else speaker
        new_topic = speech.topic if topic is UNCHANGED else _clean(topic, TOPIC_MAX)
        new_summary = speech.summary if summary is UNCHANGED else _clean(summary)
        _check_speech(rec.meeting, new_speaker, new_topic)
        changed = {}
        if new_speaker.pk != speech.speaker_id:
            changed["speaker"] = new_speaker.pk
            changed["name"] = new_speaker.name
        if new_topic != speech.topic:
            changed["topic"] = new_topic
        if new_summary != speech.summary:
            changed["summary"] = True  # the text is in the row; the event says it changed
        if not changed:
            return speech
        speech.speaker, speech.topic, speech.summary = new_speaker, new_topic, new_summary
        speech.save(update_fields=["speaker", "topic", "summary", "updated_at"])
        record("deliberation.speech_edited", speech, actor=actor, data=changed)
    live.meeting_changed(rec.meeting_id)
    return speech


def add_opinion(speech: Speech, text: str, actor, *, synthetic: bool = False) -> Opinion:
    record_ = speech.deliberation
    _require_recorder(actor, record_)
    text = _clean(text)
    if not text:
        raise _refuse("text_required", "请填写意见建议的内容。", 422)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        opinion = Opinion.objects.create(
            speech=speech, text=text, synthetic=synthetic, recorded_by=actor
        )
        record(
            "deliberation.opinion_added",
            opinion,
            actor=actor,
            data={"speech": speech.pk, "deliberation": rec.pk, "synthetic": synthetic},
        )
    return opinion
