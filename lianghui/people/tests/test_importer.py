"""The roster import: the pure rules first, then the action, the command and the API."""

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lianghui.audit.models import Event
from lianghui.errors import PermissionDenied
from lianghui.people import roster_rules as rules
from lianghui.people.access import secretariat_group
from lianghui.people.importer import ImportResult, RosterRejected, import_roster
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role

TODAY = date(2025, 1, 10)
HEADER = ["姓名", "性别", "民族", "出生年月", "代表团", "职务", "手机"]
GOOD_ROWS = [
    HEADER,
    ["张岚", "女", "汉族", "1970.05", "东城代表团", "东城区区长", "13800138000"],
    ["王　伟", "男", "回族", date(1968, 11, 3), "东城代表团", "", ""],  # padded name
    ["麦珏", "女", "", "1975年3月", "西城代表团", "西城医院院长", "139 0000 1111"],
]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def world_counts():
    return (
        Person.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        Event.objects.count(),
    )


@pytest.fixture
def congress(db):
    return Organisation.objects.create(kind=OrgKind.CONGRESS, name="某市人民代表大会")


@pytest.fixture
def cppcc(db):
    return Organisation.objects.create(kind=OrgKind.CPPCC, name="政协某市委员会")


@pytest.fixture
def officer(db):
    user = User.objects.create_user("officer", password="x" * 12)
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def delegate_user(db):
    return User.objects.create_user("delegate", password="x" * 12)


# Rules: no database --------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "1970.05",
        "1970.5",
        "1970-05",
        "1970/5",
        "1970年5月",
        "1970年05月",
        "197005",
        197005,
        "1970-05-23",
        "19700523",
        datetime(1970, 5, 23),  # noqa: DTZ001 - openpyxl reads date cells as naive
        "1970/5/23 0:00",
        date(1970, 5, 23),
        1970.05,
        1970.5,
    ],
)
def test_birth_month_formats(cell):
    assert rules.parse_birth_month(cell, TODAY) == (date(1970, 5, 1), None)


@given(st.integers(1900, 2006), st.integers(1, 12))
def test_birth_month_text_formats_agree(year, month):
    texts = [f"{year}.{month:02d}", f"{year}-{month}", f"{year}/{month}", f"{year}年{month}月"]
    texts.append(f"{year}{month:02d}")
    for text in texts:
        assert rules.parse_birth_month(text, TODAY) == (date(year, month, 1), None), text


def test_birth_month_number_cell_ending_in_1_is_ambiguous():
    # Excel stores 1970.10 and 1970.1 as the same number: January or October?
    birth, reason = rules.parse_birth_month(1970.1, TODAY)
    assert birth is None and "有歧义" in reason
    assert rules.parse_birth_month("1970.1", TODAY)[0] == date(1970, 1, 1)  # text is clear
    assert rules.parse_birth_month("1970.10", TODAY)[0] == date(1970, 10, 1)
    assert rules.parse_birth_month(1970.12, TODAY)[0] == date(1970, 12, 1)


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("1970", "无法识别"),
        ("七零年五月", "无法识别"),
        ("1970.13", "月份不存在"),
        ("1970-02-30", "不是有效日期"),
        ("1850.01", "不在合理范围"),
        ("2025.02", "不在合理范围"),  # after TODAY
        (1970.123, "无法识别"),
    ],
)
def test_bad_birth_months_are_explained(cell, words):
    birth, reason = rules.parse_birth_month(cell, TODAY)
    assert birth is None and words in reason


def test_blank_birth_month_is_allowed():
    assert rules.parse_birth_month(None, TODAY) == (None, None)
    assert rules.parse_birth_month("  ", TODAY) == (None, None)


@pytest.mark.parametrize(
    ("cell", "mobile"),
    [
        ("13800138000", "13800138000"),
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("", ""),
        (None, ""),
    ],
)
def test_mobile_accepted(cell, mobile):
    assert rules.parse_mobile(cell) == (mobile, None)


@pytest.mark.parametrize("cell", ["1380013800", "23800138000", "010-12345678", "138001380001"])
def test_mobile_rejected(cell):
    mobile, reason = rules.parse_mobile(cell)
    assert mobile == "" and "11 位手机号码" in reason


def test_gender():
    assert rules.parse_gender("男") == ("M", None)
    assert rules.parse_gender(" 女 ") == ("F", None)
    assert rules.parse_gender("M") == (None, "性别须为“男”或“女”，而不是“M”")
    assert rules.parse_gender(None) == (None, "性别不能为空")


def test_name_padding_is_removed_only_from_chinese_names():
    assert rules.clean_name("王　伟") == "王伟"
    assert rules.clean_name(" 王 伟 ") == "王伟"
    assert rules.clean_name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert rules.clean_name("John  Smith") == "John Smith"


def test_parse_roster_reports_every_problem_of_every_row():
    table = [
        ["手机", "代表团", "性别", "姓名", "出生年月", "备注"],  # any order, extra column
        ["13800138000", "东城代表团", "女", "张岚", "1970.05", "x"],
        ["12345", "", "M", "", "abc"],  # row 3: five problems
        [None, None, None, None, None],  # blank: skipped
        ["", "西城代表团", "男", "李明", ""],
        ["", "西城代表团", "男", "李明", ""],  # row 6 repeats row 5
        ["", "东城代表团", "女", "张岚", "1970-05"],  # row 7 repeats row 2
    ]
    parsed = rules.parse_roster(table, rules.DELEGATION, TODAY)
    assert [r.row for r in parsed.rows] == [2, 5]
    assert sorted(parsed.errors) == [3, 6, 7]
    assert parsed.errors[3] == [
        "第 3 行：姓名不能为空",
        "第 3 行：性别须为“男”或“女”，而不是“M”",
        "第 3 行：出生年月“abc”无法识别，请写成 1970.05、1970-05、1970年5月 或 197005",
        "第 3 行：代表团不能为空",
        "第 3 行：手机号“12345”不是以 1 开头的 11 位手机号码",
    ]
    assert "与第 5 行是同一人" in parsed.errors[6][0]
    assert "与第 2 行是同一人" in parsed.errors[7][0]
    assert parsed.error_rows()[0] == {"row": 3, "errors": parsed.errors[3]}


def test_parse_roster_missing_columns_are_reported_on_the_header_row():
    parsed = rules.parse_roster([["姓名", "民族"], ["张岚", "汉族"]], rules.SECTOR, TODAY)
    assert parsed.errors == {
        1: ["第 1 行：（表头）缺少必填列“性别”", "第 1 行：（表头）缺少必填列“界别”"]
    }


def test_parse_roster_header_aliases_and_required_marks():
    table = [["*姓名", "* 性别", "所属代表团", "出生日期", "工作单位及职务", "手机号码"]]
    table.append(["张岚", "女", "东城代表团", "1970.05", "区长", "13800138000"])
    parsed = rules.parse_roster(table, rules.DELEGATION, TODAY)
    assert not parsed.errors
    assert parsed.rows[0].work == "区长" and parsed.rows[0].mobile == "13800138000"


@pytest.mark.parametrize(
    ("table", "words"),
    [([], "文件为空"), ([[None, ""], []], "文件为空"), ([HEADER], "只有表头")],
)
def test_parse_roster_empty_files(table, words):
    with pytest.raises(rules.RosterFileError, match=words):
        rules.parse_roster(table, rules.DELEGATION, TODAY)


def test_read_table_formats_and_encodings():
    rows = [["姓名", "性别"], ["张岚", "女"]]
    assert rules.read_table(xlsx(rows), "名单.XLSX") == rows
    assert rules.read_table(csv_bytes(rows, "utf-8-sig"), "a.csv") == rows
    assert rules.read_table(csv_bytes(rows, "utf-8"), "a.csv") == rows
    assert rules.read_table(csv_bytes(rows, "gb18030"), "a.csv") == rows
    with pytest.raises(rules.RosterFileError, match="仅支持 .xlsx 和 .csv 文件"):
        rules.read_table(b"whatever", "名单.xls")
    with pytest.raises(rules.RosterFileError, match="仅支持"):
        rules.read_table(b"whatever", "名单")
    with pytest.raises(rules.RosterFileError, match="已损坏"):
        rules.read_table(b"not a zip", "名单.xlsx")


# The import --------------------------------------------------------------------------


@pytest.mark.django_db
def test_good_xlsx_imports_people_groups_and_memberships(congress, officer):
    seen = []
    with time_machine.travel(datetime.fromisoformat("2025-03-01T17:30:00+00:00"), tick=False):
        result = import_roster(
            xlsx(GOOD_ROWS),
            "名单.xlsx",
            congress,
            officer,
            progress=lambda done, total: seen.append((done, total)),
        )
    assert result == ImportResult(created=3, updated=0, memberships=6)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)

    zhang = Person.objects.get(name="张岚")
    assert (zhang.gender, zhang.ethnicity, zhang.birth_date) == ("F", "汉族", date(1970, 5, 1))
    assert (zhang.work, zhang.mobile, zhang.synthetic) == ("东城区区长", "13800138000", False)
    assert zhang.pinyin == "zhang1 lan2" and zhang.strokes
    wang = Person.objects.get(name="王伟")
    assert wang.birth_date == date(1968, 11, 1) and wang.pinyin == "wang2 wei3"
    assert Person.objects.get(name="麦珏").mobile == "13900001111"

    east, west = Organisation.objects.filter(parent=congress).order_by("order")
    assert (east.name, east.kind, west.name, west.kind) == (
        "东城代表团",
        OrgKind.DELEGATION,
        "西城代表团",
        OrgKind.DELEGATION,
    )
    # 01:30 on 2 March in Beijing, though still 1 March in UTC.
    voting = Membership.objects.filter(organisation=congress, role=Role.DELEGATE)
    assert voting.count() == 3 and {m.start for m in voting} == {date(2025, 3, 2)}
    group = Membership.objects.filter(organisation=east, role=Role.GROUP_MEMBER)
    assert {m.person.name for m in group} == {"张岚", "王伟"}

    event = Event.objects.get(kind="people.roster_imported")
    assert event.actor_id == officer.pk and event.subject == f"people.organisation:{congress.pk}"
    assert event.data == {
        "filename": "名单.xlsx",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "memberships": 6,
        "groups_created": ["东城代表团", "西城代表团"],
    }


@pytest.mark.django_db
def test_cppcc_roster_uses_sectors_and_the_member_role(cppcc, officer):
    rows = [["姓名", "性别", "界别"], ["徐颖", "女", "中国共产党"], ["雷煌", "男", "经济界"]]
    import_roster(xlsx(rows), "委员.xlsx", cppcc, officer)
    assert set(Organisation.objects.filter(parent=cppcc).values_list("kind", flat=True)) == {
        OrgKind.SECTOR
    }
    assert Membership.objects.filter(organisation=cppcc, role=Role.MEMBER).count() == 2
    with pytest.raises(RosterRejected) as caught:  # a congress roster for a CPPCC
        import_roster(xlsx(GOOD_ROWS), "名单.xlsx", cppcc, officer)
    assert caught.value.details["rows"][0]["errors"] == ["第 1 行：（表头）缺少必填列“界别”"]


@pytest.mark.django_db
def test_bad_file_is_rejected_whole_with_every_row_and_reason(congress, officer):
    Organisation.objects.create(kind=OrgKind.DELEGATION, name="东城代表团", parent=congress)
    before = world_counts()
    rows = [
        *GOOD_ROWS,
        ["李明", "M", "", "1970.13", "北区代表团", "", "1234"],  # row 5
        ["", "女", "", "", "北区代表团", "", ""],  # row 6
        ["徐颖", "女", "", "", "", "", ""],  # row 7
        ["张岚", "女", "", "1970-05", "东城代表团", "", ""],  # row 8 = row 2
    ]
    with pytest.raises(RosterRejected) as caught:
        import_roster(xlsx(rows), "名单.xlsx", congress, officer)
    error = caught.value
    assert (error.status, error.code) == (422, "roster_rejected")
    assert "4 行有误" in error.message
    assert error.details == {
        "rows": [
            {
                "row": 5,
                "errors": [
                    "第 5 行：性别须为“男”或“女”，而不是“M”",
                    "第 5 行：出生年月“1970.13”中的月份不存在",
                    "第 5 行：手机号“1234”不是以 1 开头的 11 位手机号码",
                ],
            },
            {"row": 6, "errors": ["第 6 行：姓名不能为空"]},
            {"row": 7, "errors": ["第 7 行：代表团不能为空"]},
            {
                "row": 8,
                "errors": ["第 8 行：与第 2 行是同一人（姓名和出生年月都相同），请删除重复的一行"],
            },
        ]
    }
    assert world_counts() == before


@pytest.mark.django_db
def test_rows_that_clash_with_the_database_are_rejected_and_nothing_is_written(congress, officer):
    Organisation.objects.create(kind=OrgKind.PRESIDIUM, name="主席团", parent=congress)
    Person.objects.create(name="麦珏", birth_date=date(1975, 3, 1))
    Person.objects.create(name="麦珏", birth_date=date(1975, 3, 1))
    before = world_counts()
    rows = [*GOOD_ROWS, ["雷煌", "男", "", "", "主席团", "", ""]]  # row 5
    with pytest.raises(RosterRejected) as caught:
        import_roster(xlsx(rows), "名单.xlsx", congress, officer)
    problems = {r["row"]: r["errors"] for r in caught.value.details["rows"]}
    assert problems[5] == ["第 5 行：“主席团”是本机关下的主席团，不是代表团"]
    assert "系统中已有 2 名“麦珏”" in problems[4][0]
    assert world_counts() == before  # the new delegations were not created either


@pytest.mark.django_db
def test_unknown_format_is_a_rejection_with_no_rows(congress, officer):
    with pytest.raises(RosterRejected) as caught:
        import_roster(b"\xd0\xcf\x11\xe0", "名单.xls", congress, officer)
    assert caught.value.message == "仅支持 .xlsx 和 .csv 文件"
    assert caught.value.details == {"rows": []}


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_excel_writes(congress, officer, encoding):
    rows = [
        [cell.isoformat() if isinstance(cell, date) else cell for cell in row] for row in GOOD_ROWS
    ]
    result = import_roster(csv_bytes(rows, encoding), "名单.csv", congress, officer)
    assert result.created == 3
    assert set(Person.objects.values_list("name", flat=True)) == {"张岚", "王伟", "麦珏"}
    assert Person.objects.get(name="王伟").birth_date == date(1968, 11, 1)


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(congress, officer):
    import_roster(xlsx(GOOD_ROWS), "名单.xlsx", congress, officer)
    rows = [row[:] for row in GOOD_ROWS]
    rows[1][5] = "东城区委书记"  # 张岚's new post
    rows[1][6] = ""  # a blank mobile keeps the stored one
    result = import_roster(xlsx(rows), "名单.xlsx", congress, officer)
    assert result == ImportResult(created=0, updated=3, memberships=0)
    assert Person.objects.count() == 3 and Membership.objects.count() == 6
    zhang = Person.objects.get(name="张岚")
    assert (zhang.work, zhang.mobile) == ("东城区委书记", "13800138000")
    assert Organisation.objects.filter(parent=congress).count() == 2
    assert Event.objects.filter(kind="people.roster_imported").count() == 2


@pytest.mark.django_db
def test_matching_prefers_the_namesake_who_sits_in_this_body(congress, cppcc, officer):
    elsewhere = Person.objects.create(name="张岚", birth_date=date(1970, 5, 1))
    here = Person.objects.create(name="张岚", birth_date=date(1970, 5, 1))
    Membership.objects.create(person=here, organisation=congress, role=Role.DELEGATE)
    demo = Person.objects.create(name="王伟", birth_date=date(1968, 11, 1), synthetic=True)

    result = import_roster(xlsx(GOOD_ROWS), "名单.xlsx", congress, officer)
    assert result == ImportResult(created=2, updated=1, memberships=5)
    here.refresh_from_db()
    assert here.work == "东城区区长"
    assert not elsewhere.memberships.exists()
    assert not demo.memberships.exists()  # a demo person is never taken for a real one
    # The standing voting membership (no start date) was kept, not doubled.
    assert here.memberships.filter(organisation=congress).count() == 1


@pytest.mark.django_db
def test_only_the_secretariat_may_import(congress, delegate_user):
    with pytest.raises(PermissionDenied):
        import_roster(xlsx(GOOD_ROWS), "名单.xlsx", congress, delegate_user)
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_3000_rows_take_a_bounded_number_of_queries(
    congress, officer, django_assert_max_num_queries
):
    surnames, given_names = (
        "张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平",
    )
    rows = [HEADER]
    for i in range(3000):
        name = surnames[i % 20] + given_names[(i // 20) % 20] + given_names[(i // 400) % 20]
        rows.append(
            [
                name,
                "男女"[i % 2],
                "汉族",
                f"{1950 + i % 50}.{1 + i % 12:02d}",
                f"第{i % 30 + 1}代表团",
                "",
                "",
            ]
        )
    data = xlsx(rows)
    # Django splits SQLite INSERTs into 999-parameter batches (about 90 people or 160
    # memberships each), so a first import is ~85 INSERTs plus a dozen reads and writes.
    with django_assert_max_num_queries(120):
        result = import_roster(data, "大名单.xlsx", congress, officer)
    assert result == ImportResult(created=3000, updated=0, memberships=6000)
    with django_assert_max_num_queries(30):
        result = import_roster(data, "大名单.xlsx", congress, officer)
    assert result == ImportResult(created=0, updated=3000, memberships=0)


# The command and the API --------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_a_file(congress, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", str(path), body="某市人民代表大会", stdout=out, stderr=err)
    assert "新建 3 人" in out.getvalue()
    assert Person.objects.count() == 3
    assert Event.objects.get(kind="people.roster_imported").actor_id is None


@pytest.mark.django_db
def test_command_prints_every_problem_and_fails(congress, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes(csv_bytes([*GOOD_ROWS[:2], ["李明", "M", "", "", "", "", ""]], "gb18030"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 行有误"):
        call_command("import_roster", str(path), body=str(congress.pk), stderr=err)
    assert "第 3 行：性别须为“男”或“女”，而不是“M”" in err.getvalue()
    assert "第 3 行：代表团不能为空" in err.getvalue()
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_an_unknown_body(congress, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS))
    with pytest.raises(CommandError, match="未找到"):
        call_command("import_roster", str(path), body="不存在的人大")


def post_roster(client, body, data, filename="名单.xlsx"):
    return client.post(
        "/api/people/import",
        {"body_id": body.pk, "file": SimpleUploadedFile(filename, data)},
    )


@pytest.mark.django_db
def test_api_import_by_the_secretariat(client, congress, officer):
    client.force_login(officer)
    response = post_roster(client, congress, xlsx(GOOD_ROWS))
    assert response.status_code == 201
    assert response.json() == {"created": 3, "updated": 0, "memberships": 6}


@pytest.mark.django_db
def test_api_import_is_forbidden_to_a_delegate(client, congress, delegate_user):
    client.force_login(delegate_user)
    response = post_roster(client, congress, xlsx(GOOD_ROWS))
    assert response.status_code == 403
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_api_import_of_a_bad_file_lists_the_rows(client, congress, officer):
    client.force_login(officer)
    rows = [*GOOD_ROWS, ["李明", "M", "", "", "北区代表团", "", ""]]
    response = post_roster(client, congress, xlsx(rows))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "roster_rejected"
    assert body["details"]["rows"] == [
        {"row": 5, "errors": ["第 5 行：性别须为“男”或“女”，而不是“M”"]}
    ]
    assert Person.objects.count() == 0
