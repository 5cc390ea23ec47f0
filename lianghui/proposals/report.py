"""The annual report on proposal work (提案工作情况报告), or on delegates' suggestions.

The text is generated from the statistics (stats.py) in the plain style of the report a
vice chair reads to the plenary ("区政协十五届四次会议以来，共收到提案……件"), with its
tables filled from the same figures. The secretariat edits the text; the generated and the
edited text are kept apart (models.ReportDraft), so generating again after more replies
come in never overwrites an edit, and the page says when the generated text has changed
since the edit was made. Exports: PDF (WeasyPrint, Noto CJK) and XLSX (one sheet per table).

Writes (generate, save_edit, discard_edit) are the secretariat's, each with its audit event
in the same transaction. Reading (report_data, generated_text, tables) writes nothing.
"""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.pdf import render as render_pdf
from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import rules
from lianghui.proposals.models import FilerType, Kind, ReportDraft
from lianghui.proposals.stats import Statistics, statistics
from lianghui.sessions.models import Session
from lianghui.spreadsheets import append_row

MEMBER_ROWS_SHOWN = 30


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    footer: list | None = None
    note: str = ""
    limit: int | None = None  # rows shown on the page and in the PDF; the XLSX has all

    @property
    def shown_rows(self) -> list[list]:
        return self.rows[: self.limit] if self.limit else self.rows

    @property
    def cut(self) -> bool:
        return len(self.shown_rows) < len(self.rows)

    @property
    def sheet_name(self) -> str:
        name = self.title
        for ch in "[]:*?/\\":
            name = name.replace(ch, "")
        return name[:31]


@dataclass
class ReportData:
    body: Organisation
    year: int
    session: Session | None
    stats: Statistics
    as_of: date

    @property
    def cppcc(self) -> bool:
        return self.body.kind == OrgKind.CPPCC

    @property
    def main_kind(self) -> str:
        return Kind.PROPOSAL if self.cppcc else Kind.SUGGESTION

    @property
    def word(self) -> str:
        return "提案" if self.cppcc else "建议"

    @property
    def filer_word(self) -> str:
        return "委员" if self.cppcc else "代表"

    @property
    def since(self) -> str:
        """区政协十五届四次会议以来 / 2024年以来."""
        if self.session is not None:
            return f"{self.session.short_title or self.session.title}以来"
        return f"{self.year}年以来"

    @property
    def title(self) -> str:
        if self.cppcc:
            return f"关于{self.since}提案工作情况的报告"
        return f"关于{self.since}代表建议、批评和意见办理情况的报告"


def _pct(value) -> str:
    """96.5% — and 100% rather than 100.0%."""
    text = rules.percent(value)
    return text.replace(".0%", "%")


def session_of(body: Organisation, year: int) -> Session | None:
    """The body's session held in the year (the report covers the filings since it)."""
    return (
        Session.objects.select_related("term")
        .filter(term__body=body, start_date__year=year)
        .order_by("start_date")
        .first()
    )


def report_data(body: Organisation, year: int, *, today: date | None = None) -> ReportData:
    today = today or timezone.localdate()
    return ReportData(
        body=body,
        year=year,
        session=session_of(body, year),
        stats=statistics(body.pk, year, today=today),
        as_of=today,
    )


# --- the text ------------------------------------------------------------------------


def _listing(parts: list[tuple[str, int]], unit: str = "件") -> str:
    """'委员提出120件，党派提出30件' — only the non-zero parts, joined with 、."""
    return "，".join(f"{label}{n}{unit}" for label, n in parts if n)


def _review_paragraph(d: ReportData) -> str:
    f = d.stats.kind_figures(d.main_kind)
    word = d.word
    by_type = {r.key: r.counts.get(d.main_kind, 0) for r in d.stats.by_filer_type.rows}
    if d.cppcc:
        who = _listing(
            [
                ("委员个人或联名提出", by_type.get(FilerType.MEMBER, 0)),
                ("各民主党派提出", by_type.get(FilerType.PARTY, 0)),
                ("人民团体提出", by_type.get(FilerType.PEOPLES_ORG, 0)),
                ("专门委员会提出", by_type.get(FilerType.COMMITTEE, 0)),
                ("界别提出", by_type.get(FilerType.SECTOR, 0)),
            ]
        )
    else:
        who = ""
    text = f"{d.since}，共收到{word}{f.received}件"
    text += f"。其中，{who}。" if who else "。"
    outcomes = _listing(
        [
            ("并案处理", f.state("merged")),
            ("转为社情民意信息", f.state("as_opinion")),
            ("作为来信处理", f.state("as_letter")),
            ("不予立案" if d.cppcc else "退回", f.state("declined")),
            ("尚在审查", f.state("submitted")),
            ("提出后撤回", f.state("withdrawn")),
        ]
    )
    verb = "立案" if d.cppcc else "受理"
    text += f"经审查，{verb}{f.registered}件，{verb}率{_pct(rules.rate(f.registered, f.received))}"
    text += f"；{outcomes}。" if outcomes else "。"
    if f.key:
        text += f"确定重点{word}{f.key}件，由区领导领衔督办。"
    subjects = [
        (r.label, r.counts.get(d.main_kind, 0))
        for r in d.stats.by_subject.rows
        if r.counts.get(d.main_kind) and r.key
    ]
    subjects.sort(key=lambda t: -t[1])
    if subjects and f.received:
        top = "；".join(
            f"涉及{label}方面的{n}件，占{_pct(rules.rate(n, f.received))}"
            for label, n in subjects[:4]
        )
        text += f"从内容看，{top}。"
    return text


def _motion_paragraph(d: ReportData) -> str:
    m = d.stats.kind_figures(Kind.MOTION)
    if not m.received:
        return ""
    text = f"{d.since}，代表依法提出议案{m.received}件。"
    parts = _listing(
        [
            ("列入大会议程", m.state("on_agenda", "voted")),
            ("交有关专门委员会在闭会后审议", m.state("study", "studied")),
            ("作为代表建议处理", m.state("as_suggestion")),
            ("由提出人撤回", m.state("withdrawn")),
        ]
    )
    if parts:
        text += f"经大会主席团决定，{parts}。"
    return text


def _handling_paragraphs(d: ReportData) -> list[str]:
    f = d.stats.kind_figures(d.main_kind)
    h = d.stats.handling
    word, filer = d.word, d.filer_word
    verb = "立案" if d.cppcc else "受理"
    if not f.assigned:
        return [f"{verb}的{word}尚未交办。"]
    roles = _listing([("主办", h.lead), ("分办", h.split), ("会办", h.co)], "件次")
    first = f"{verb}的{word}交由{h.units}家承办单位办理" + (f"，其中{roles}" if roles else "")
    first += (
        f"。截至{d.as_of.year}年{d.as_of.month}月{d.as_of.day}日，已办复{f.replied}件，"
        f"办复率{_pct(f.reply_rate)}；承办单位共答复{h.replies}件次，"
        f"按期答复率{_pct(h.on_time_rate)}。"
    )
    if h.overdue:
        first += f"尚有{h.overdue}件次逾期未答复，已督促承办单位抓紧办理。"
    paragraphs = [first]
    if h.answers:
        paragraphs.append(
            "从办理结果看，"
            f"所提问题已经解决或采纳的{h.solved}件次，占{_pct(h.share(h.solved))}；"
            f"正在解决或列入计划解决的{h.planned}件次，占{_pct(h.share(h.planned))}；"
            f"因条件限制或其他原因作说明解释、留作参考的{h.explained}件次，"
            f"占{_pct(h.share(h.explained))}。"
        )
    if h.rated:
        text = (
            f"{filer}对承办单位的答复，表示满意的{h.satisfied}件次、"
            f"基本满意的{h.basic}件次，满意和基本满意率{_pct(h.satisfaction_rate)}"
        )
        if h.unsatisfied:
            text += f"；表示不满意的{h.unsatisfied}件次"
        text += "。"
        if f.rehandled:
            text += f"因{filer}不满意而再次办理的{word}{f.rehandled}件。"
        paragraphs.append(text)
    return paragraphs


def _opinion_paragraph(d: ReportData) -> str:
    o = d.stats.opinions
    t = o.total
    if not t.submitted:
        return ""
    text = (
        f"{d.year}年，共收到社情民意信息{t.submitted}篇，编报采用{t.adopted}篇，"
        f"采用率{_pct(t.adoption_rate)}；报送区委、区政府领导和有关部门{t.forwarded}篇"
    )
    if t.instructed:
        text += f"，获区领导批示{t.instructed}篇（{t.instructions}次）"
    text += "。"
    top = [r.label for r in o.by_sector if r.submitted and r.key is not None][:3]
    if top:
        text += f"从界别和提出单位看，提交较多的是{'、'.join(top)}。"
    members = [r for r in o.by_member if r.submitted][:3]
    if members:
        names = "、".join(f"{r.label}（{r.submitted}篇）" for r in members)
        text += f"提交较多的{d.filer_word}有{names}。"
    return text


def generated_text(d: ReportData) -> str:
    """The report's text: a title line, then paragraphs separated by blank lines."""
    heads = ["一、", "二、", "三、", "四、"]
    sections = []
    if d.cppcc:
        sections.append(("提案提交和审查立案情况", [_review_paragraph(d)]))
        sections.append(("提案办理情况", _handling_paragraphs(d)))
        opinion = _opinion_paragraph(d)
        if opinion:
            sections.append(("社情民意信息工作情况", [opinion]))
    else:
        motion = _motion_paragraph(d)
        if motion:
            sections.append(("代表议案提出和处理情况", [motion]))
        sections.append(("代表建议提出和受理情况", [_review_paragraph(d)]))
        sections.append(("代表建议办理情况", _handling_paragraphs(d)))
    lines = [d.title, ""]
    work = "提案工作" if d.cppcc else "代表建议办理工作"
    lines.append(f"现将{d.since}{work}有关情况报告如下。")
    for i, (head, paragraphs) in enumerate(sections):
        lines += ["", f"{heads[i]}{head}"]
        for p in paragraphs:
            lines += ["", p]
    lines += [
        "",
        f"（本报告数据由系统根据办理记录生成，统计截至{d.as_of.year}年{d.as_of.month}月"
        f"{d.as_of.day}日；各项数据见附表。）",
    ]
    return "\n".join(lines)


def paragraphs(text: str) -> list[tuple[str, str]]:
    """(kind, text) for printing: "title" (first line), "head" (一、…), or "p"."""
    out = []
    for i, line in enumerate(t.strip() for t in text.splitlines()):
        if not line:
            continue
        if not out and i == 0:
            out.append(("title", line))
        elif line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、"):
            out.append(("head", line))
        else:
            out.append(("p", line))
    return out


# --- the tables ----------------------------------------------------------------------


def _pivot_table(title: str, first: str, pivot) -> Table:
    return Table(
        title,
        [first, *pivot.kind_labels, "合计"],
        [[r.label, *r.cells(pivot.kinds), r.total] for r in pivot.rows],
        ["合计", *pivot.totals, pivot.total],
    )


def tables(d: ReportData) -> list[Table]:
    return tables_of(d.stats, d.filer_word)


UNIT_HEADERS = [
    "承办单位",
    "主办",
    "分办",
    "会办",
    "答复（件次）",
    "按期答复",
    "按期答复率",
    "满意",
    "基本满意",
    "不满意",
    "满意和基本满意率",
    "逾期未答复",
]


def _unit_cells(u) -> list:
    """A unit's row (stats.UnitRow), or the sum of them (stats.Handling), after its name."""
    return [
        u.lead,
        u.split,
        u.co,
        u.replies,
        u.on_time,
        _pct(u.on_time_rate),
        u.satisfied,
        u.basic,
        u.unsatisfied,
        _pct(u.satisfaction_rate),
        u.overdue,
    ]


def units_table(s: Statistics) -> Table:
    """承办单位办理情况: each unit's assignments, replies on time and ratings, and the sum."""
    return Table(
        "承办单位办理情况",
        UNIT_HEADERS,
        [[u.name, *_unit_cells(u)] for u in s.units],
        ["合计", *_unit_cells(s.handling)],
        note="答复和评价按件次计（再次办理的，每次答复、评价各计一次）；"
        "办理结果以各承办单位最近一次答复为准。",
    )


def results_table(s: Statistics) -> Table:
    """办理结果: solved, planned, explained, each with its share of the answers."""
    h = s.handling
    return Table(
        "办理结果",
        ["办理结果", "件次", "占比"],
        [
            ["解决或采纳", h.solved, _pct(h.share(h.solved))],
            ["正在解决或列入计划", h.planned, _pct(h.share(h.planned))],
            ["说明解释、留作参考", h.explained, _pct(h.share(h.explained))],
        ],
        ["合计", h.answers, _pct(rules.rate(h.answers, h.answers))],
    )


OPINION_HEADERS = ["提交", "采用", "采用率", "报送", "获批示（篇）", "批示（次）"]


def _opinion_cells(r) -> list:
    return [
        r.submitted,
        r.adopted,
        _pct(r.adoption_rate),
        r.forwarded,
        r.instructed,
        r.instructions,
    ]


def opinion_tables(s: Statistics, member_word: str = "委员") -> list[Table]:
    """Opinion reports by sector and by member; none where no sector has any."""
    o = s.opinions
    if not o.by_sector:
        return []
    return [
        Table(
            "社情民意信息按界别统计",
            ["界别或提出单位", *OPINION_HEADERS],
            [[r.label, *_opinion_cells(r)] for r in o.by_sector],
            ["合计", *_opinion_cells(o.total)],
        ),
        Table(
            "社情民意信息按委员统计",
            [member_word, *OPINION_HEADERS],
            [[r.label, *_opinion_cells(r)] for r in o.by_member],
            note=f"联名提交的，每位联名{member_word}各计一篇。",
            limit=MEMBER_ROWS_SHOWN,
        ),
    ]


def tables_of(s: Statistics, member_word: str = "委员") -> list[Table]:
    """The annex: every table of the statistics, as rows ready to print or export."""
    return [
        Table(
            "收到件数",
            ["类别", "件数"],
            [[label, n] for _k, label, n in s.by_kind],
            ["合计", s.received],
        ),
        _pivot_table("按提出者统计", "提出者", s.by_filer_type),
        _pivot_table("按代表团界别统计", "代表团、界别或提出单位", s.by_group),
        _pivot_table("按内容类别统计", "内容类别", s.by_subject),
        Table("审查和办理状态", ["类别", "状态", "件数"], [list(t[1:]) for t in s.by_state]),
        units_table(s),
        results_table(s),
        *opinion_tables(s, member_word),
    ]


# --- the draft -----------------------------------------------------------------------


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied("只有秘书处可以生成和修改工作报告。")


def draft_of(body: Organisation, year: int) -> ReportDraft | None:
    return ReportDraft.objects.filter(body=body, year=year).select_related("edited_by").first()


def generate(body: Organisation, year: int, actor, *, today: date | None = None) -> ReportDraft:
    """Write (or write again) the generated text; an edit is kept as it is."""
    _secretariat(actor)
    text = generated_text(report_data(body, year, today=today))
    now = timezone.now()
    with transaction.atomic():
        draft, created = ReportDraft.objects.select_for_update(of=("self",)).get_or_create(
            body=body, year=year, defaults={"generated_text": text, "generated_at": now}
        )
        changed = created or draft.generated_text != text
        if not created:
            draft.generated_text, draft.generated_at, draft.updated_at = text, now, now
            draft.save(update_fields=["generated_text", "generated_at", "updated_at"])
        record(
            "proposals.report_generated",
            draft,
            actor=actor,
            data={"body": body.pk, "year": year, "digest": digest(text), "changed": changed},
        )
    return draft


def save_edit(body: Organisation, year: int, text: str, actor) -> ReportDraft:
    """Keep the secretariat's text beside the generated one (generating it first if none)."""
    _secretariat(actor)
    text = (text or "").replace("\r\n", "\n").strip()
    draft = draft_of(body, year) or generate(body, year, actor)
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update(of=("self",)).get(pk=draft.pk)
        if text == draft.generated_text.strip():
            text = ""  # unchanged from the generated text: no edit to keep
        draft.edited_text = text
        draft.edited_from = digest(draft.generated_text) if text else ""
        draft.edited_by = actor if text else None
        draft.updated_at = timezone.now()
        draft.save(update_fields=["edited_text", "edited_from", "edited_by", "updated_at"])
        record(
            "proposals.report_edited",
            draft,
            actor=actor,
            data={"body": body.pk, "year": year, "digest": digest(text), "length": len(text)},
        )
    return draft


def discard_edit(body: Organisation, year: int, actor) -> ReportDraft | None:
    return save_edit(body, year, "", actor) if draft_of(body, year) else None


def stale_edit(draft: ReportDraft | None) -> bool:
    """The generated text has changed since the secretariat's edit was made."""
    return bool(draft and draft.edited_text and draft.edited_from != digest(draft.generated_text))


def text_for(d: ReportData, draft: ReportDraft | None) -> str:
    """What is printed: the edit, else the stored generated text, else a fresh one."""
    if draft is not None:
        return draft.text
    return generated_text(d)


# --- exports -------------------------------------------------------------------------


def pdf(d: ReportData, draft: ReportDraft | None) -> bytes:
    with translation.override("zh-hans"):
        html = render_to_string(
            "proposals/reports/print.html",
            {
                "data": d,
                "paragraphs": paragraphs(text_for(d, draft)),
                "tables": tables(d),
                "draft": draft,
            },
        )
    return render_pdf(html)


def xlsx(d: ReportData, draft: ReportDraft | None) -> bytes:
    """One sheet for the text, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "报告正文"
    sheet.column_dimensions["A"].width = 100
    for kind, line in paragraphs(text_for(d, draft)):
        append_row(sheet, [line])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind != "p":
            cell.font = Font(bold=True)
    bold = Font(bold=True)
    for table in tables(d):
        ws = book.create_sheet(table.sheet_name)
        append_row(ws, [table.title])
        ws.cell(row=1, column=1).font = bold
        append_row(ws, table.headers)
        for cell in ws[2]:
            cell.font = bold
        for row in table.rows:
            append_row(ws, row)
        if table.footer:
            append_row(ws, table.footer)
            for cell in ws[ws.max_row]:
                cell.font = bold
        if table.note:
            ws.append([])
            append_row(ws, [table.note])
        ws.column_dimensions["A"].width = 28
        ws.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
