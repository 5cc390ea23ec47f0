"""Election pages: the chair's steps, the clerk's keying, the scrutineers' differences, the
delegate's electronic ballot and the 选举结果报告. Each step is one action; refusals are shown
in Chinese as the action words them."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lianghui.attendance.queries import checked_in_to_vote
from lianghui.ballots.ballot import fingerprint as ballot_fingerprint
from lianghui.elections import actions, catalogue, count, encrypted, keying, printing
from lianghui.elections.access import batch_for, election_for, is_clerk, is_scrutineer
from lianghui.elections.api import create_election
from lianghui.elections.models import (
    CODE_LABELS,
    ElectionMode,
    ElectionState,
    ElectionVoter,
    KeyedBallot,
    Office,
    OfficerRole,
)
from lianghui.elections.outputs import election_out, result_out, result_visible
from lianghui.elections.schemas import ElectionIn, OfficeIn
from lianghui.errors import ActionError
from lianghui.pages import gate, posted_ids
from lianghui.people.access import person_of
from lianghui.people.models import OrgKind, Person
from lianghui.presidium.models import Decision
from lianghui.sessions.access import can_chair, meeting_for


def _number(raw, what: str) -> int:
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit():
        raise ActionError("bad_number", f"请填写{what}（非负整数）。", status=422)
    return int(raw)


def _person(raw) -> Person:
    person = Person.objects.filter(pk=_number(raw, "人员")).first()
    if person is None:
        raise ActionError("no_person", "未找到该人员。", status=404)
    return person


def _write_in_people(election, candidates):
    """Who may be written in, for a picker: not the candidates; for standing-committee seats
    only the body's delegates (the action refuses anyone else)."""
    eligible = actions.eligible_write_ins(election)
    people = Person.objects.exclude(pk__in=[c.person_id for c in candidates])
    return people if eligible is None else people.filter(pk__in=eligible)


# --- setting up -------------------------------------------------------------------------


@login_required
def create(request, meeting_id: int):
    """The chair sets up an election: an office of the body (or a new one), seats, method."""
    meeting = gate(meeting_for, request.user, meeting_id)
    if not can_chair(request.user, meeting):
        raise Http404()
    offices = Office.objects.filter(body=meeting.session.term.body)
    status = 200
    if request.method == "POST":
        p = request.POST
        try:
            title = p.get("title", "").strip()
            surplus = p.get("surplus", "").strip()
            payload = ElectionIn(
                meeting_id=meeting.pk,
                office_id=_number(p["office"], "职务") if p.get("office") else None,
                office=OfficeIn(
                    title=title,
                    code=p.get("code", ""),
                    kind=p.get("kind", ""),
                    needs_approval=p.get("needs_approval") == "1",
                )
                if title
                else None,
                seats=_number(p.get("seats"), "应选名额"),
                by_election=p.get("by_election") == "1",
                contested=p.get("contested", "1") == "1",
                surplus=_number(surplus, "差额数") if surplus else None,
                write_in_only_beside_no=p.get("write_in_only_beside_no") == "1",
                mode=p.get("mode", ElectionMode.PAPER),
                new_term=p.get("new_term") == "1",
            )
            election = create_election(request.user, payload)
        except ActionError as e:
            messages.error(request, e.message)
            status = e.status
        else:
            return redirect("elections:election", pk=election.pk)
    kinds = Office._meta.get_field("kind").choices
    body = meeting.session.term.body
    # A congress names a new office from the catalogue of its level (LOL 26, 47).
    entries = None
    if body.kind == OrgKind.CONGRESS:
        entries = [(e, CODE_LABELS[e.code]) for e in catalogue.offices_at(body.level)]
    return render(
        request,
        "elections/create.html",
        {
            "meeting": meeting,
            "offices": offices,
            "kinds": kinds,
            "entries": entries,
            "modes": ElectionMode.choices,
        },
        status=status,
    )


def election(request, pk: int):
    """State, office, slate and officers; for the chairs, the form of each step that the
    state allows; for the clerks and scrutineers, their batches."""
    election = gate(election_for, request.user, pk)
    chair = can_chair(request.user, election.meeting)
    context = {
        "election": election,
        "data": election_out(election),
        "State": ElectionState,
        "can_chair": chair,
        "is_clerk": is_clerk(request.user, election),
        "is_scrutineer": is_scrutineer(request.user, election),
        "result_visible": result_visible(election, request.user),
        "paper": election.mode == ElectionMode.PAPER,
        "preliminary_rounds": election.next_rounds.filter(round_kind="preliminary").order_by("pk"),
    }
    if chair:
        # The presidium's adopted decisions on this election, for the steps that cite them.
        adopted = Decision.objects.filter(
            session_id=election.meeting.session_id, adopted=True, matter__election=election.pk
        ).order_by("pk")
        context["decisions"] = {
            subject: [d for d in adopted if d.subject == subject]
            for subject in ("nomination", "candidates", "preliminary", "validity", "next_round")
        }
    if chair:
        delegates = Person.objects.filter(pk__in=actions.delegates_of(election))
        context |= {
            "people": Person.objects.all(),
            "delegates": delegates,
            "roles": OfficerRole.choices,
            "scrutineers": election.officers.filter(
                role__in=[OfficerRole.CHIEF, OfficerRole.SCRUTINEER]
            ).select_related("person"),
            "remaining": (election.returned or 0)
            - sum(b["size"] for b in context["data"]["batches"]),
            "further_suggestion": _further_suggestion(election),
            "not_elected": [
                t
                for t in (election.result or {}).get("tallies", [])
                if t["on_slate"] and t["verdict"] != "elected"
            ],
        }
    return render(request, "elections/election.html", context)


def _decision(post) -> int | None:
    """The presidium's decision a step cites, by its number (None when none is chosen)."""
    return (posted_ids([post.get("decision", "")]) or [None])[0]


def _further_suggestion(election) -> list[Person]:
    """The further round's nominees by the first round's order, shown beside the form."""
    if election.state != ElectionState.PUBLISHED or not (election.result or {}).get("unfilled"):
        return []
    ids = actions.further_round_suggestion(election)
    people = Person.objects.in_bulk(ids)
    return [people[i] for i in ids if i in people]


def _nominate(election, p, user):
    actions.nominate(
        election,
        _person(p.get("person")),
        user,
        by_presidium=p.get("by") == "presidium",
        signer_ids=posted_ids(p.getlist("signers")),
        decision=_decision(p),
    )


def _withdraw(election, p, user):
    nomination = election.nominations.filter(pk=_number(p.get("nomination"), "提名")).first()
    if nomination is None:
        raise ActionError("no_nomination", "未找到该提名。", status=404)
    actions.withdraw_nomination(
        nomination,
        p.get("reason", ""),
        user,
        by=p.get("by", ""),
        requested_by=posted_ids(p.getlist("requested_by")),
    )


def _officer(election, p, user):
    person = _person(p.get("person"))
    actions.appoint_officer(election, person, p.get("role", ""), user, user=person.user)


def _issued(election, p, user):
    issued = _number(p.get("issued"), "发出选票数")
    actions.record_issued(election, issued, posted_ids(p.getlist("scrutineers")), user)


def _returned(election, p, user):
    returned = _number(p.get("returned"), "收回选票数")
    actions.record_returned(election, returned, posted_ids(p.getlist("scrutineers")), user)


def _next_round(election, p, user):
    person_ids = posted_ids(p.getlist("person")) or None
    return actions.next_round(election, user, _decision(p), person_ids=person_ids)


def _stay(action):
    """A step after which the page shows the same election."""

    def run(election, p, user):
        action(election, p, user)

    return run


# Each step a chair may post from the election page: (election, POST, user) -> the election
# to show next (a preliminary or a next round just made), or None to stay on this one.
STEPS = {
    "nominate": _nominate,
    "withdraw": _withdraw,
    "fix": _stay(
        lambda e, p, u: actions.fix_candidates(e, posted_ids(p.getlist("person")), _decision(p), u)
    ),
    "preliminary": lambda e, p, u: actions.hold_preliminary(e, u, _decision(p)),
    "preliminary_revote": lambda e, p, u: actions.preliminary_revote(e, u),
    "officer": _officer,
    "open": _stay(lambda e, p, u: actions.open_election(e, u)),
    "close": _stay(lambda e, p, u: actions.close_voting(e, u)),
    "issued": _issued,
    "returned": _returned,
    "batch": _stay(lambda e, p, u: actions.add_batch(e, _number(p.get("size"), "本批张数"), u)),
    "count": _stay(lambda e, p, u: actions.count(e, u)),
    "declare": _stay(lambda e, p, u: actions.declare(e, u, _decision(p))),
    "next_round": _next_round,
}


@login_required
@require_POST
def step(request, pk: int, step: str):
    """One chair's step, posted from the election page."""
    election = gate(election_for, request.user, pk)
    act = STEPS.get(step)
    if act is None:
        raise Http404()
    shown = None
    try:
        shown = act(election, request.POST, request.user)
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("elections:election", pk=shown.pk if shown is not None else pk)


# --- paper ballots: keying and differences ----------------------------------------------


@login_required
def entry(request, pk: int, entry: int):
    """The clerk's fast keyboard entry of a whole batch: one line per ballot (keying.py)."""
    batch = gate(batch_for, request.user, pk)
    if entry not in (1, 2):
        raise Http404()
    election = batch.election
    candidates = list(election.candidates.select_related("person"))
    keyed = (
        KeyedBallot.objects.filter(batch=batch, entry=entry).select_related("clerk__person").first()
    )
    text, error, status = "", None, 200
    if request.method == "POST":
        text = request.POST.get("lines", "")
        try:
            ballots = keying.parse_lines(text, [c.person_id for c in candidates])
            found = actions.key_batch(batch, entry, ballots, request.user)
        except ActionError as e:
            error, status = e.message, e.status
        else:
            words = {"batch": batch.number, "found": found}
            if found:
                done = (
                    gettext(
                        "第 %(batch)s 批第一遍录入完成，两遍录入有 %(found)s 张不一致，请监票人核定。"
                    )
                    if entry == 1
                    else gettext(
                        "第 %(batch)s 批第二遍录入完成，两遍录入有 %(found)s 张不一致，请监票人核定。"
                    )
                )
            else:
                done = (
                    gettext("第 %(batch)s 批第一遍录入完成。")
                    if entry == 1
                    else gettext("第 %(batch)s 批第二遍录入完成。")
                )
            messages.success(request, done % words)
            return redirect("elections:election", pk=election.pk)
    return render(
        request,
        "elections/entry.html",
        {
            "batch": batch,
            "election": election,
            "entry": entry,
            "candidates": candidates,
            "keyed_by": keyed.clerk.person.name if keyed else None,
            "people": _write_in_people(election, candidates),
            "is_clerk": is_clerk(request.user, election),
            "text": text,
            "error": error,
        },
        status=status,
    )


def _describe(content, order, names) -> str:
    """keying.describe in the reader's language: "甲 赞成、乙 未划；另选 丙"."""
    if content.get("void"):
        return gettext("废票")
    words = {"yes": gettext("赞成"), "no": gettext("反对"), "abstain": gettext("弃权")}
    unmarked = gettext("未划")
    sep = pgettext("list separator", "、")
    marks = content.get("marks") or {}
    text = sep.join(
        f"{names.get(c, c)} {words.get(marks.get(str(c)) or '', unmarked)}" for c in order
    )
    write_ins = content.get("write_ins") or []
    if write_ins:
        written = sep.join(str(names.get(int(p), p)) for p in write_ins)
        text += gettext("；另选 %(names)s") % {"names": written}
    return text


@login_required
def differences(request, pk: int):
    """The scrutineers look at each ballot the two entries disagree on and say what it shows."""
    batch = gate(batch_for, request.user, pk)
    election = batch.election
    candidates = list(election.candidates.select_related("person"))
    order = [c.person_id for c in candidates]
    if request.method == "POST":
        index = request.POST.get("index", "")
        try:
            content = keying.parse_line(request.POST.get("line", ""), order)
            actions.resolve(batch, _number(index, "选票序号"), content, request.user)
        except ActionError as e:
            messages.error(
                request,
                gettext("第 %(index)s 张：%(message)s") % {"index": index, "message": e.message},
            )
        else:
            messages.success(request, gettext("第 %(index)s 张已核定。") % {"index": index})
        return redirect("elections:differences", pk=pk)
    found = actions.differences(batch)
    written = {int(w) for _, a, b in found for w in a["write_ins"] + b["write_ins"]}
    names = {c.person_id: c.person.name for c in candidates}
    names |= dict(Person.objects.filter(pk__in=written).values_list("pk", "name"))
    rows = [
        {
            "index": i,
            "first": _describe(a, order, names),
            "first_line": keying.format_ballot(a, order),
            "second": _describe(b, order, names),
            "second_line": keying.format_ballot(b, order),
        }
        for i, a, b in found
    ]
    return render(
        request,
        "elections/differences.html",
        {
            "batch": batch,
            "election": election,
            "candidates": candidates,
            "rows": rows,
            "may_resolve": is_scrutineer(request.user, election)
            or can_chair(request.user, election.meeting),
        },
    )


# --- the delegate's electronic ballot and the report -------------------------------------


@login_required
def ballot(request, pk: int):
    """Three choices per candidate, encrypted on the device (keying.js, ballot-crypto.js) and
    cast through the API; the tracker of the ballot is the receipt."""
    election = gate(election_for, request.user, pk)
    person = person_of(request.user)
    voted = bool(person) and ElectionVoter.objects.filter(election=election, person=person).exists()
    entitled = checked_in_to_vote(election.meeting_id, person, election.opened_at)
    candidates = list(election.candidates.select_related("person"))
    return render(
        request,
        "elections/ballot.html",
        {
            "election": election,
            "candidates": candidates,
            "voted": voted,
            "entitled": entitled,
            "State": ElectionState,
            "electronic": election.mode == ElectionMode.ELECTRONIC,
            # The ballot is encrypted on this device for this pseudonymous index.
            "voter_index": encrypted.voter_index(election.pk, person.pk)
            if person and election.definition is not None
            else "",
        },
    )


# The void-ballot reasons are keys of the stored count (count.py, in Chinese): their words
# in the reader's language.
VOID_REASONS = {
    count.VOID_BY_SCRUTINEERS: _("监票人认定为废票"),
    count.OVERVOTE: _("所选人数多于应选名额"),
}


def result(request, pk: int):
    election = gate(election_for, request.user, pk)
    if not result_visible(election, request.user):
        return render(request, "elections/result.html", {"election": election, "hidden": True})
    r = result_out(election)
    r["void_reasons"] = {VOID_REASONS.get(k, k): n for k, n in r["void_reasons"].items()}
    if (translation.get_language() or "").startswith("en"):
        # The stored Chinese sentences are the record (the printed report keeps them).
        r["sentences"] = count.sentences_en(election.result)
    return render(
        request,
        "elections/result.html",
        {
            "election": election,
            "r": r,
            "slate": [t for t in r["tallies"] if t["on_slate"]],
            "write_ins": [t for t in r["tallies"] if not t["on_slate"]],
            "hidden": False,
        },
    )


def record(request, pk: int):
    """The public record of an encrypted election, and whether a receipt (tracker) is in it.

    Complete once the result may be seen (published; counted, for the chairs)."""
    election = gate(election_for, request.user, pk)
    if election.definition is None:
        raise Http404()
    decryption = actions.decryption_request(election)
    ready = (
        decryption is not None
        and decryption.counts is not None
        and result_visible(election, request.user)
    )
    tracker = request.GET.get("tracker", "").strip().lower().replace("-", "").replace(" ", "")
    trackers = sorted(election.encrypted_ballots.values_list("tracker", flat=True)) if ready else []
    found = None
    if tracker and ready:
        found = [t for t in trackers if t.startswith(tracker)] if len(tracker) >= 16 else []
    rows = []
    if ready:
        counts = encrypted.unflatten(decryption.counts, len(election.definition["questions"]))
        rows = [
            {"name": q.get("question", ""), "counts": c}
            for q, c in zip(election.definition["questions"], counts, strict=True)
        ]
    return render(
        request,
        "elections/record.html",
        {
            "election": election,
            "ready": ready,
            "trustees": election.tally_key.trustees.select_related("person"),
            "answered": {int(j) for j in decryption.partials} if decryption else set(),
            "trackers": trackers,
            "tracker": tracker,
            "found": found,
            "rows": rows,
            "fingerprint": ballot_fingerprint(election.definition),
        },
    )


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


def ballot_pdf(request, pk: int):
    """The printable paper ballot, candidates in surname stroke order."""
    election = gate(election_for, request.user, pk)
    if election.state == ElectionState.DRAFT:
        raise Http404("候选人尚未确定。")
    return _pdf(printing.ballot_pdf(election), f"选票-{election.office.title}.pdf")


def result_pdf(request, pk: int):
    """The 选举结果报告 as a PDF, once the result may be seen."""
    election = gate(election_for, request.user, pk)
    if not election.result or not result_visible(election, request.user):
        raise Http404("选举结果尚未公布。")
    return _pdf(printing.result_report_pdf(election), f"选举结果报告-{election.office.title}.pdf")
