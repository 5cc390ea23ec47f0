"""People, organisations of typed kinds, and memberships with role and dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.names import pinyin_key, stroke_key


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    birth_date = models.DateField(_("出生年月"), null=True, blank=True)
    work = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    mobile = models.CharField(_("手机"), max_length=20, blank=True)
    photo = models.FileField(_("照片"), upload_to="photos/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    pinyin = models.CharField(_("拼音排序键"), max_length=200, editable=False, db_index=True)
    strokes = models.CharField(_("笔画排序键"), max_length=240, editable=False, db_index=True)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)

    class Meta:
        ordering = ["pinyin", "name", "id"]
        verbose_name = pgettext_lazy("model", "人员")
        verbose_name_plural = pgettext_lazy("plural", "人员")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pinyin = pinyin_key(self.name)
        self.strokes = stroke_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "pinyin", "strokes"}
        super().save(*args, **kwargs)


class OrgKind(models.TextChoices):
    CONGRESS = "congress", _("人民代表大会")
    CPPCC = "cppcc", _("政协委员会")
    STANDING_COMMITTEE = "standing", _("常务委员会")
    PRESIDIUM = "presidium", _("主席团")
    CHAIRS = "chairs", _("主席会议")
    DELEGATION = "delegation", _("代表团")
    SECTOR = "sector", _("界别")
    SPECIAL_COMMITTEE = "committee", _("专门委员会")
    PARTY_GROUP = "party", _("党派团体")
    GOVERNMENT = "government", _("人民政府")
    HANDLING_UNIT = "unit", _("承办单位")
    SECRETARIAT = "secretariat", _("会务组")
    OTHER = "other", _("其他")


BODY_KINDS = (OrgKind.CONGRESS, OrgKind.CPPCC)


class Level(models.TextChoices):
    """The administrative level of a congress or CPPCC committee: what it elects (LOL 47)
    and how many delegates nominate jointly (LOL 26) depend on it."""

    COUNTY = "county", _("县级（县、不设区的市、市辖区）")
    CITY = "city", _("设区的市级")
    PROVINCE = "province", _("省级（省、自治区、直辖市）")


class Organisation(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=OrgKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)
    level = models.CharField(
        _("层级"),
        max_length=10,
        choices=Level.choices,
        default=Level.COUNTY,
        help_text=_("人民代表大会或政协委员会的层级"),
    )

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("机构")
        verbose_name_plural = pgettext_lazy("plural", "机构")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_in_parent"),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_body(self) -> bool:
        return self.kind in BODY_KINDS


class Role(models.TextChoices):
    DELEGATE = "delegate", _("代表")
    MEMBER = "member", _("委员")
    GROUP_MEMBER = "group_member", _("成员")
    CONVENER = "convener", _("召集人")
    DEPUTY_CONVENER = "deputy_convener", _("副召集人")
    HEAD = "head", _("主任")
    DEPUTY_HEAD = "deputy_head", _("副主任")
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    COMMITTEE_CHAIR = "committee_chair", _("主任委员")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    STAFF = "staff", _("工作人员")
    OFFICIAL = "official", _("领导职务")


# Roles that carry a vote in a body (a congress delegate, a CPPCC member).
VOTING_ROLES = (Role.DELEGATE, Role.MEMBER)


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(start__isnull=True) | Q(start__lte=day)).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )

    def voting_in(self, body, day):
        return self.active_on(day).filter(organisation=body, role__in=VOTING_ROLES)


class Membership(models.Model):
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("职务"), max_length=100, blank=True, help_text=_("如：区长、区委书记")
    )
    start = models.DateField(_("起始日期"), null=True, blank=True)
    end = models.DateField(_("终止日期"), null=True, blank=True)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "role", "person__pinyin"]
        verbose_name = _("任职")
        verbose_name_plural = pgettext_lazy("plural", "任职")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "role", "start"],
                name="membership_unique_role_start",
            ),
            # NULLs are distinct in a unique index: without this, an undated membership
            # could be stored twice (a roster imported again, say).
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(start__isnull=True),
                name="membership_unique_role_undated",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self):
        return f"{self.person} · {self.organisation} · {self.get_role_display()}"


class Kinship(models.Model):
    """A declared near relative (近亲属): who may not count an election they stand in (EL 43)."""

    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.CASCADE,
        related_name="kin",
    )
    relative = models.ForeignKey(
        Person, verbose_name=_("近亲属"), on_delete=models.CASCADE, related_name="+"
    )
    relation = models.CharField(
        _("关系"), max_length=20, help_text=_("配偶、父母、子女、兄弟姐妹等")
    )

    class Meta:
        verbose_name = _("近亲属")
        verbose_name_plural = pgettext_lazy("plural", "近亲属")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="kinship_once"),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="kinship_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.relative}（{self.relation}）"


def near_relatives(person_ids) -> set[int]:
    """Everyone declared a near relative of any of these people, in either direction."""
    ids = list(person_ids)
    forward = Kinship.objects.filter(person_id__in=ids).values_list("relative_id", flat=True)
    backward = Kinship.objects.filter(relative_id__in=ids).values_list("person_id", flat=True)
    return set(forward) | set(backward)


class SecretariatSeat(models.Model):
    """A secretariat member of one body (a congress or CPPCC committee): the secretariat for
    that body's sessions, meetings, votes, elections and proposals, and for nothing else
    (lianghui.people.access.is_secretariat). The "secretariat" group remains the secretariat
    of every body (the demo's 会务组)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="secretariat_seats",
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("人大或政协"),
        on_delete=models.CASCADE,
        related_name="secretariat_seats",
        limit_choices_to={"kind__in": list(BODY_KINDS)},
    )

    class Meta:
        verbose_name = _("本机构会务组成员")
        verbose_name_plural = pgettext_lazy("plural", "本机构会务组成员")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="secretariat_seat_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.body}"
