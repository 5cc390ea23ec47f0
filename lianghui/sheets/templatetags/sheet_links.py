"""Links to the sheets on the pages they belong to (the session, a person, a vote's and an
election's result), shown only to the secretariat of the body, for whom they answer (a link
that 404s for its reader is a dead link). A tag, so the other apps' views name no sheet code.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from lianghui.people.access import is_secretariat
from lianghui.people.models import VOTING_ROLES
from lianghui.sessions.models import Term

register = template.Library()
TEMPLATE = "sheets/_links.html"


def _both(name: str, query: str = "", **kwargs) -> tuple[str, str]:
    return tuple(
        reverse(f"sheets:{name}_{kind}", kwargs=kwargs) + query for kind in ("xlsx", "pdf")
    )


def _user(context):
    request = context.get("request")
    return request.user if request else None


@register.inclusion_tag(TEMPLATE, takes_context=True)
def session_sheets(context, session):
    if not is_secretariat(_user(context), session.term.body_id):
        return {"links": []}
    word = _("委员名单") if session.term.body.kind == "cppcc" else _("代表名单")
    return {
        "links": [
            (_("出席情况汇总"), *_both("session_attendance", pk=session.pk)),
            (_("%(roster)s（姓氏笔画）") % {"roster": word}, *_both("roster", pk=session.pk)),
            (
                _("%(roster)s（拼音）") % {"roster": word},
                *_both("roster", "?order=pinyin", pk=session.pk),
            ),
        ]
    }


@register.inclusion_tag(TEMPLATE, takes_context=True)
def person_sheets(context, person):
    user = _user(context)
    bodies = person.memberships.filter(role__in=VOTING_ROLES).values("organisation_id")
    terms = (
        Term.objects.filter(body_id__in=bodies).select_related("body").order_by("body", "number")
    )
    return {
        "links": [
            (
                _("%(body)s第%(number)s届出席情况") % {"body": t.body.name, "number": t.number},
                *_both("person_attendance", pk=person.pk, term_id=t.pk),
            )
            for t in terms
            if is_secretariat(user, t.body_id)
        ]
    }


@register.inclusion_tag(TEMPLATE, takes_context=True)
def vote_sheets(context, poll):
    counted = poll.state in ("closed", "published") and poll.yes is not None
    if not counted or not is_secretariat(_user(context), poll.meeting.session.term.body_id):
        return {"links": []}
    return {"links": [(_("表决结果表"), *_both("vote_result", pk=poll.pk))]}


@register.inclusion_tag(TEMPLATE, takes_context=True)
def election_sheets(context, election):
    counted = election.state in ("counted", "void", "published") and election.result
    if not counted or not is_secretariat(_user(context), election.meeting.session.term.body_id):
        return {"links": []}
    return {"links": [(_("选举结果表"), *_both("election_result", pk=election.pk))]}
