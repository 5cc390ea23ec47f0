from hypothesis import given
from hypothesis import strategies as st

from lianghui.people.names import pinyin_key, sort_by_pinyin, sort_by_strokes, stroke_key

SEED_NAMES = ["张岚", "张剑", "徐颖", "麦珏", "王育松", "万小岚", "雷煌", "程金华", "张桑"]


def test_pinyin_order():
    assert sort_by_pinyin(SEED_NAMES) == [
        "程金华",
        "雷煌",
        "麦珏",
        "万小岚",
        "王育松",
        "徐颖",
        "张剑",
        "张岚",
        "张桑",
    ]


def test_surname_stroke_order():
    # 万3 王4 麦7 张7 徐10 程12 雷13; among 7 strokes 麦 (first stroke 横) precedes 张 (折).
    assert sort_by_strokes(SEED_NAMES)[:3] == ["万小岚", "王育松", "麦珏"]
    assert sort_by_strokes(SEED_NAMES)[-2:] == ["程金华", "雷煌"]


def test_pinyin_key_is_lower_case_with_tones():
    assert pinyin_key("张岚") == "zhang1 lan2"


@given(st.text(alphabet="张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨", min_size=1, max_size=3))
def test_stroke_key_is_fixed_width_per_character(name):
    assert len(stroke_key(name)) == 6 * len(name)
