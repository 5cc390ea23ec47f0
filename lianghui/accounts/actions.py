"""Issue, revoke and use sign-in slips, as audited actions.

Each action checks permission and state, writes, and records its event in the same
transaction. No event ever holds a slip's secret (its token or short code): they exist in
plain text only in what issue_slips() returns, for printing, and on the printed slip.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from lianghui.accounts import roster, rules
from lianghui.accounts.digest import digest
from lianghui.accounts.models import SignInSlip
from lianghui.audit.log import record
from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.people.models import Person
from lianghui.sessions.models import Session, Term

SUPERSEDED = "重新签发"
PRIVILEGED = "会务组或管理员账号，不通过签到条登录"


@dataclass
class Printed:
    """One slip as it goes to the printer: the only place its secrets exist in plain text."""

    slip_id: int
    person: Person
    group: str
    token: str
    code: str
    expires_at: datetime

    @property
    def code_display(self) -> str:
        return rules.display_code(self.code)


@dataclass
class Issue:
    scope: roster.Scope
    printed: list[Printed] = field(default_factory=list)
    skipped: list[tuple[Person, str]] = field(default_factory=list)
    accounts_created: int = 0


def _recipients(scope, person_ids, organisation_id: int | None) -> set[int]:
    """The roster's people, or those named (refused if any is not on it), within one
    delegation or sector if given."""
    ids = roster.member_ids(scope)
    if person_ids is not None:
        wanted = set(person_ids)
        strangers = wanted - ids
        if strangers:
            names = "、".join(
                Person.objects.filter(pk__in=strangers).values_list("name", flat=True)
            )
            raise ActionError(
                "not_member",
                f"{names or '所选人员'} 不是{'本次会议' if scope.session else '本届'}的代表或委员，"
                "不能签发签到条。",
                status=422,
            )
        ids = wanted
    if organisation_id is not None:
        ids &= set(
            Person.objects.filter(memberships__organisation_id=organisation_id).values_list(
                "pk", flat=True
            )
        )
    return ids


def _choose(people, open_slips: dict, privileged: set, only_missing: bool, now, issue) -> list:
    """Who gets a slip; whoever is left out goes on issue.skipped with the reason."""
    chosen = []
    for person in people:
        if person.user_id in privileged:
            issue.skipped.append((person, PRIVILEGED))
        elif (
            only_missing
            and person.pk in open_slips
            and open_slips[person.pk].state(now) == (rules.SlipState.VALID)
        ):
            issue.skipped.append((person, "已有有效的签到条"))
        else:
            chosen.append(person)
    return chosen


def _new_slips(chosen, secrets, scope, actor, now, expires_at) -> list[SignInSlip]:
    """A slip for each person chosen, with only the digests of their token and code kept."""
    return SignInSlip.objects.bulk_create(
        [
            SignInSlip(
                person=person,
                session=scope.session,
                token_digest=digest("token", token),
                code_digest=digest("code", code),
                issued_at=now,
                issued_by=actor,
                expires_at=expires_at,
            )
            for person, (token, code) in zip(chosen, secrets, strict=True)
        ],
        batch_size=500,
    )


def issue_slips(
    owner: Session | Term,
    actor,
    *,
    valid_days: int = rules.DEFAULT_VALID_DAYS,
    person_ids=None,
    organisation_id: int | None = None,
    only_missing: bool = True,
) -> Issue:
    """Issue a slip to everyone in a session's or a term's roster (roster.scope_of), or to the
    persons named, or to one delegation or sector. only_missing: leave out whoever holds a
    slip still valid.

    A person without an account gets one, with an unusable password: a slip is their only
    way in, and nobody shares or is told a password. Any earlier slip still open is revoked.
    """
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以签发签到条。")
    refusal = rules.check_valid_days(valid_days)
    if refusal:
        raise ActionError("bad_valid_days", refusal, status=422)
    scope = roster.scope_of(owner)
    ids = _recipients(scope, person_ids, organisation_id)
    now = timezone.now()
    issue = Issue(scope)
    privileged = roster.privileged_user_ids()
    with transaction.atomic():
        people = list(
            Person.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .order_by("pinyin", "name", "id")
        )
        open_slips = {
            s.person_id: s
            for s in SignInSlip.objects.select_for_update().filter(
                person_id__in=ids, used_at__isnull=True, revoked_at__isnull=True
            )
        }
        chosen = _choose(people, open_slips, privileged, only_missing, now, issue)
        if not chosen:
            return issue
        created = _give_accounts([p for p in chosen if p.user_id is None])
        superseded = [open_slips[p.pk].pk for p in chosen if p.pk in open_slips]
        SignInSlip.objects.filter(pk__in=superseded).update(
            revoked_at=now, revoked_by=actor, revoke_reason=SUPERSEDED
        )
        expires_at = rules.expiry(now, valid_days)
        secrets = [(rules.new_token(), rules.new_short_code()) for _ in chosen]
        slips = _new_slips(chosen, secrets, scope, actor, now, expires_at)
        groups = roster.groups_of(scope, [p.pk for p in chosen])
        issue.printed = [
            Printed(slip.pk, person, groups.get(person.pk, ""), token, code, expires_at)
            for slip, person, (token, code) in zip(slips, chosen, secrets, strict=True)
        ]
        issue.accounts_created = len(created)
        record(
            "accounts.slips_issued",
            scope.subject,
            actor=actor,
            data={
                "people": [p.pk for p in chosen],
                "slips": [s.pk for s in slips],
                "accounts_created": created,
                "superseded": superseded,
                "expires_at": expires_at.isoformat(),
                "organisation": organisation_id,
            },
        )
    return issue


def _give_accounts(people: list[Person]) -> list[int]:
    """An account for each person who has none; returns their person ids."""
    if not people:
        return []
    user_model = get_user_model()
    wanted = {p.pk: f"p{p.pk}" for p in people}
    taken = set(
        user_model.objects.filter(username__startswith="p").values_list("username", flat=True)
    )
    users = []
    for person in people:
        name, n = wanted[person.pk], 1
        while name in taken:
            n += 1
            name = f"{wanted[person.pk]}-{n}"
        taken.add(name)
        # make_password(None) is an unusable password: no one can sign in with one.
        users.append(user_model(username=name, password=make_password(None)))
    users = user_model.objects.bulk_create(users, batch_size=500)
    for person, user in zip(people, users, strict=True):
        person.user = user
    Person.objects.bulk_update(people, ["user"], batch_size=500)
    return [p.pk for p in people]


def revoke_slip(slip_id: int, actor, reason: str) -> SignInSlip:
    """Void a slip. If it was already used, sign out the devices it signed in: an account
    with only an unusable password gets a new one, which ends its sessions (Django ties each
    session to the password hash). An account with a real password keeps it."""
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以作废签到条。")
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ActionError("reason_required", "作废签到条须说明原因（如：遗失）。", status=422)
    with transaction.atomic():
        slip = (
            SignInSlip.objects.select_for_update(of=("self",))
            .select_related("person__user")
            .filter(pk=slip_id)
            .first()
        )
        if slip is None:
            raise NotFound("未找到该签到条。")
        if slip.revoked_at is not None:
            raise ActionError("already_revoked", "该签到条已经作废。", status=409)
        slip.revoked_at, slip.revoked_by, slip.revoke_reason = timezone.now(), actor, reason
        slip.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        user = slip.person.user
        signed_out = False
        if slip.used_at is not None and user is not None and not user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
            signed_out = True
        record(
            "accounts.slip_revoked",
            slip,
            actor=actor,
            data={"person": slip.person_id, "reason": reason, "signed_out": signed_out},
        )
    return slip


def slip_by_token(token: str) -> SignInSlip | None:
    """The slip a link token belongs to, in any state; None for a token of no slip."""
    if not rules.looks_like_token(token):
        return None
    return (
        SignInSlip.objects.select_related("person__user")
        .filter(token_digest=digest("token", token))
        .first()
    )


def slip_by_code(typed: str) -> SignInSlip | None:
    canonical = rules.normalize_code(typed)
    if canonical is None:
        return None
    return (
        SignInSlip.objects.select_related("person__user")
        .filter(code_digest=digest("code", canonical))
        .first()
    )


def redeem(*, token: str | None = None, code: str | None = None):
    """Use a slip: by its link token or its typed short code. Returns the account to sign in.

    Refusals (ActionError): unknown_slip (404), slip_used / slip_expired / slip_revoked (410),
    account_unavailable (403). A slip is used once, even by two devices at the same instant:
    the conditional UPDATE lets exactly one of them through.
    """
    via = "link" if token is not None else "code"
    slip = slip_by_token(token) if token is not None else slip_by_code(code or "")
    if slip is None:
        raise ActionError("unknown_slip", rules.UNKNOWN, status=404)
    now = timezone.now()
    _refuse_unless_valid(slip, now)
    user = slip.person.user
    if user is None or not user.is_active or user.pk in roster.privileged_user_ids():
        raise ActionError("account_unavailable", "此账号不能通过签到条登录，请联系会务组。", 403)
    with transaction.atomic():
        taken = SignInSlip.objects.filter(
            pk=slip.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not taken:
            slip.refresh_from_db()
            _refuse_unless_valid(slip, now)
            raise ActionError("slip_used", rules.REFUSALS[rules.SlipState.USED], status=410)
        record(
            "accounts.slip_used",
            slip,
            actor=user,
            data={"person": slip.person_id, "via": via},
        )
    return user


def _refuse_unless_valid(slip: SignInSlip, now) -> None:
    state = slip.state(now)
    if state != rules.SlipState.VALID:
        raise ActionError(f"slip_{state}", rules.REFUSALS[state], status=410)
