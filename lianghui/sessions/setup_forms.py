"""The set-up pages' forms: they parse what was typed; the rules live in the actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianghui.people.models import BODY_KINDS, Level, Membership, Organisation, OrgKind, Person
from lianghui.sessions.models import ItemKind, MeetingKind, PresidingRole, Term
from lianghui.sessions.setup_rules import MEETING_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class BodyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=[(k.value, k.label) for k in OrgKind if k in BODY_KINDS]
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices, initial=Level.COUNTY)


class TermForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("机关"), queryset=Organisation.objects.filter(kind__in=BODY_KINDS)
    )
    number = forms.IntegerField(label=_("届次"), min_value=1)
    start = forms.DateField(label=_("起始日期"), widget=DATE)
    end = forms.DateField(label=_("终止日期"), widget=DATE, required=False)


class SessionForm(forms.Form):
    term = forms.ModelChoiceField(label=_("届"), queryset=Term.objects.select_related("body"))
    number = forms.IntegerField(label=_("次"), min_value=1)
    title = forms.CharField(label=_("会议名称"), max_length=120)
    short_title = forms.CharField(label=_("简称"), max_length=40, required=False)
    start_date = forms.DateField(label=_("开幕日期"), widget=DATE)
    end_date = forms.DateField(label=_("闭幕日期"), widget=DATE)
    venue = forms.CharField(label=_("会址"), max_length=120, required=False)
    public = forms.BooleanField(label=_("向公众公开"), required=False, initial=True)
    clone = forms.BooleanField(
        label=_("以本机关上一次会议为模板（复制各场会议和议程框架）"), required=False
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"))
    title = forms.CharField(label=_("名称"), max_length=120)
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=MOMENT, input_formats=MOMENT_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=MOMENT, input_formats=MOMENT_FORMATS, required=False
    )
    venue = forms.CharField(label=_("地点"), max_length=120, required=False)
    group = forms.ModelChoiceField(
        label=_("代表团或界别"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, body: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = MEETING_KINDS.get(body.kind, ())
        self.fields["kind"].choices = [(k.value, k.label) for k in MeetingKind if k in allowed]
        self.fields["group"].queryset = Organisation.objects.filter(parent=body)


class ItemForm(forms.Form):
    # A number, not a choice of this session's meetings: a meeting of another session is
    # refused by the action with its own message naming the field.
    meeting = forms.IntegerField(label=_("所属会议"), widget=forms.Select)
    title = forms.CharField(label=_("议题"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=ItemKind.choices, initial=ItemKind.REPORT)
    presenter = forms.ModelChoiceField(
        label=_("报告人"), queryset=Person.objects.none(), required=False
    )
    presenter_title = forms.CharField(label=_("报告人职务"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Once a congress session's presidium is elected, the agenda is its decision (沪议事规则 14).
    decision = forms.IntegerField(
        label=_("主席团关于会议日程的决定编号（主席团选出后必填）"), required=False, min_value=1
    )

    def __init__(self, *args, meetings, body: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].widget.choices = [(m.pk, m.title) for m in meetings]
        self.fields["presenter"].queryset = people_of(body)


class OfficerForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("身份"), choices=PresidingRole.choices)
    title = forms.CharField(label=_("职务"), max_length=100, required=False)

    def __init__(self, *args, body: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(body)


def people_of(body: Organisation):
    """Whoever belongs to the body or one of its groups and committees, in pinyin order."""
    ids = Membership.objects.filter(
        organisation__in=[body.pk, *body.children.values_list("pk", flat=True)]
    )
    return Person.objects.filter(pk__in=ids.values("person_id")).order_by("pinyin", "id")
