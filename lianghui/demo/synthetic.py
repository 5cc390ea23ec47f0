"""Plausible, deterministic, clearly invented people to fill the halls (no Django imports)."""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段侯史陶黎贺顾毛郝"
    "龚邵钱严武戴莫孔向汤庞俞施殷倪"
)
MALE_CHARS = "伟强磊军洋勇杰涛明超辉刚平建华国峰东文斌浩宇俊鹏志海波亮晨毅博宏健翔瑞凯立新振德"
FEMALE_CHARS = "芳娜静丽敏燕艳娟霞玲婷雪慧琳颖洁倩萍红梅莉琴蓉晶怡佳欣悦薇璐妍雯岚秀兰珍"
MINORITIES = ("回族", "满族", "蒙古族", "朝鲜族", "壮族", "土家族", "苗族", "白族")
WORK = (
    "居民区党总支书记",
    "社区卫生服务中心医生",
    "社区事务受理服务中心主任",
    "中学教师",
    "小学校长",
    "高校教授",
    "科研院所研究员",
    "区属国有企业职工",
    "民营企业负责人",
    "科技企业工程师",
    "律师事务所律师",
    "医院副院长",
    "社会组织负责人",
    "街道办事处干部",
    "商户",
)
# The sub-district (街道) or town behind each delegation, for invented work places.
AREAS = {
    "天平": "天平路街道",
    "湖南": "湖南路街道",
    "斜土": "斜土路街道",
    "枫林": "枫林路街道",
    "长桥": "长桥街道",
    "田林": "田林街道",
    "虹梅": "虹梅路街道",
    "康健": "康健新村街道",
    "徐家汇": "徐家汇街道",
    "凌云": "凌云路街道",
    "龙华": "龙华街道",
    "漕河泾": "漕河泾街道",
    "华泾镇": "华泾镇",
}
LEAVE_REASONS = ("因公出差", "病假", "因事请假", "参加上级会议", "家中有事")


@dataclass(frozen=True)
class Fake:
    name: str
    gender: str  # "M" / "F"
    ethnicity: str
    birth_date: date
    work: str


class PeopleFactory:
    """Unique invented names from a surname list and given-name characters."""

    def __init__(self, seed: int, taken: Iterable[str] = ()):
        self.rng = random.Random(seed)
        self.taken = set(taken)

    def name(self, gender: str) -> str:
        chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
        rng = self.rng
        while True:
            length = 1 if rng.random() < 0.25 else 2
            name = rng.choice(SURNAMES) + "".join(rng.choice(chars) for _ in range(length))
            if name not in self.taken:
                self.taken.add(name)
                return name

    def person(self, *, female_share: float = 0.35, place: str = "") -> Fake:
        rng = self.rng
        gender = "F" if rng.random() < female_share else "M"
        ethnicity = rng.choice(MINORITIES) if rng.random() < 0.05 else "汉族"
        born = date(rng.randint(1958, 1992), rng.randint(1, 12), rng.randint(1, 28))
        work = rng.choice(WORK)
        if place and work in ("居民区党总支书记", "街道办事处干部", "社区事务受理服务中心主任"):
            work = f"{AREAS.get(place, place)}{work}"
        return Fake(self.name(gender), gender, ethnicity, born, work)
