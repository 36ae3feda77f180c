"""Reading a plan's printed rules and targets: 年均增长10%以上, 累计提高2个百分点, 控制在4.5%以内, 突破600亿元.

A growth rule (:func:`parse_rule`) says how an indicator moves over a period:

========================================= ======== ======== ==============================
printed                                   basis    reading  value, bound
========================================= ======== ======== ==============================
年均增长 10% / 年均 10% / 年均递增10%     annual   relative 10, equal
年均增长10%以上 / 年均增速不低于10%       annual   relative 10, at least
年均增长7%左右                            annual   relative 7, about
年均增长6%–7% / 年均增长6-7%              annual   relative 6 to 7, range
年均下降3% (以上)                         annual   relative −3 (at most: a fall of 3% or more)
年均提高1.2个百分点 / 每年提高0.5个百分点 annual   points   1.2, equal
年均增长1万元 / 每年新增10家              annual   absolute 1 (in the unit printed), equal
累计增长15% / 累计下降13.5% / 下降12%     cumulative relative 15 / −13.5 / −12
累计提高2个百分点                         cumulative points 2
累计新增2万人 / 再增加5000张              cumulative absolute 2 / 5000
累计 15% / 累计15%以上                    cumulative (open) 15: the text does not say which reading
翻番, 翻一番 / 翻两番                       cumulative relative 100 / 300
——, —, 无                                 none
========================================= ======== ======== ==============================

Words of intent (要, 需, 将, 确保, 力争: 每年要提高0.16个百分点) change nothing.
``力争 y%`` after a rule (年均增长6.5%以上，力争7%) is kept as the aim; the rule is the
first figure. A target (:func:`parse_level`) is a value with a side: 突破600亿元 and
达到95%以上 are floors, 控制在4.5%以内 and 下降到35以下 ceilings, 保持100% and a plain
figure equal; 由35%提高到45% also gives the start. Full-width digits and signs
(１５％) are read as ASCII. A phrase the grammar does not know raises
:class:`PhraseError`, quoting the text.

Values are :class:`decimal.Decimal`, as printed (their decimals are the precision).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .errors import character, shown

#: sides a printed figure can be on
BOUNDS = ("equal", "at_least", "at_most", "about", "range")


class PhraseError(ValueError):
    """A printed rule or target that the grammar cannot read (the message quotes it)."""


@dataclass(frozen=True)
class Rule:
    """A growth rule as printed: ``basis`` (annual, cumulative, none), ``reading`` (relative, points, absolute,
    or None where the text leaves it open), the signed ``value`` (and ``high`` for a range), the ``bound`` on the
    signed value, an ``aim`` (力争), and the ``unit`` printed with an amount (万元, 户)."""

    printed: str
    basis: str
    reading: str | None = None
    value: Decimal | None = None
    high: Decimal | None = None
    bound: str = "equal"
    aim: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Level:
    """A printed target or level: ``value`` (and ``high`` for a range), its ``bound``, the ``unit`` printed after
    it, and ``start`` where the text also gives where it starts from (由 A 提高到 B)."""

    printed: str
    value: Decimal
    bound: str = "equal"
    high: Decimal | None = None
    unit: str | None = None
    start: Decimal | None = None


_NUM = r"[+-]?\d+(?:\.\d+)?"
_DASH = r"(?:-|–|—|~|至|到)"
_NONE = {"", "-", "—", "——", "–", "无", "/", "－"}
#: what makes a rule a yearly one
_ANNUAL = re.compile(r"^(?:年均|年平均|平均每年|每年|逐年|年)")
_CUMULATIVE = re.compile(r"^(?:累计|五年累计|期间累计|期内累计|再(?=增加|新增|增长|提高|减少|下降)|“十[一二三四五六七八九]五”期间累计|"
                         r"(?:比|较)(?:\d{4}年|“十[一二三四五六七八九]五”末|基期)?(?:累计)?)")  # fmt: skip
#: words of intent between the parts of a rule (每年要提高, 年均需增长, 确保年均增长): they change nothing
_MODAL = re.compile(r"^(?:确保|力争|争取|需要|要|需|将|应)")
_UP = r"(?:实现增长|增长实现|增速达到|增长|增加|提高|提升|上升|递增|新增|增速|增幅|扩大)?"
_DOWN = r"(?:下降|降低|减少|递减|压减|缩减|回落)"
_FLOOR_BEFORE = ("不低于", "不少于", "不小于", "超过", "突破", "高于", "力争达到", "力争", "达到", "保持在", "稳定在",
                 "保持", "稳定", "冲刺", "达", "增加到", "增长到", "提高到", "提升到", "扩大到", "上升到")  # fmt: skip
_CEILING_BEFORE = ("不超过", "不高于", "不大于", "控制在", "低于", "少于", "下降到", "降低到", "降到", "降至", "压减到",
                   "减少到", "控制")  # fmt: skip
#: prefixes that name a figure without a side (达到 x is x; 达到 x 以上 a floor)
_PLAIN_BEFORE = ("达到", "保持在", "稳定在", "保持", "稳定", "力争达到", "力争", "冲刺", "达", "增加到", "增长到", "提高到",
                 "提升到", "扩大到", "上升到")  # fmt: skip
_AFTER = {"以上": "at_least", "及以上": "at_least", "以内": "at_most", "以下": "at_most", "及以下": "at_most",
          "左右": "about", "": "equal"}  # fmt: skip


#: traditional forms of the characters the grammar reads (pages published in big5: 年均增長, 達到, 億元, 個百分點)
_TRADITIONAL = str.maketrans("達億萬長計個點實現穩過兩內減壓擴遞於幣質僅總額爭較產",
                             "达亿万长计个点实现稳过两内减压扩递于币质仅总额争较产")  # fmt: skip


#: a character NFKC would read as a digit (a footnote mark ¹, ₂, ①) next to a digit: not part of the figure
_MARK = re.compile(r"(?<=[0-9０-９.])[^\W0-9０-９_]|[^\W0-9０-９_](?=[0-9０-９])")


_SPACED_DIGITS = re.compile(r"\d+(?:\s+\d+)+")
_SPACE_GROUPED = re.compile(r"\d{1,3}(\s)\d{3}(?:\1\d{3})*")


def _normal(text: str) -> str:
    """Full-width forms as ASCII, traditional characters of the grammar as simplified, no spaces, and a trailing full
    stop or comma dropped. A superscript, subscript or circled digit next to a digit (150.2¹, a footnote mark) raises
    :class:`PhraseError`: NFKC would make it part of the figure."""
    for m in _MARK.finditer(text):
        if unicodedata.digit(m.group(), None) is not None:
            raise PhraseError(f"cannot read {shown(text)}: {character(m.group())} is not part of a number")
    out = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    out = out.replace("％", "%").replace("－", "-").replace("～", "~").replace("—", "—")
    for run in _SPACED_DIGITS.finditer(out):  # 1 502 is thousands; 12 34 is not a number a reader can tell
        if not _SPACE_GROUPED.fullmatch(run.group()):
            raise PhraseError(f"cannot read {shown(text)}: digits separated by a space are thousands only in groups "
                              "of three (1 502)")  # fmt: skip
    out = re.sub(r"\s+", "", out)
    return out.rstrip("。，,;；")


def plain_unit(unit: str) -> str:
    """A unit as the grammar reads it (full width as ASCII, traditional as simplified): 萬元 and 万元 are one unit."""
    return unicodedata.normalize("NFKC", unit).translate(_TRADITIONAL).strip()


def _aim(text: str) -> tuple[str, Decimal | None]:
    """``…，力争 y%`` split off the rule: (the rule, y)."""
    m = re.search(rf"[,，;；、]?力争(?:达到|实现)?({_NUM})%?(?:以上|左右)?$", text)
    if m and m.start() > 0:
        return text[: m.start()], Decimal(m.group(1))
    return text, None


def _after(rest: str) -> tuple[str, str]:
    """(bound, unit) from what follows a figure: a unit, then 以上 / 以内 / 左右."""
    for word in sorted(_AFTER, key=len, reverse=True):
        if word and rest.endswith(word):
            return _AFTER[word], rest[: -len(word)]
    return "equal", rest


def parse_rule(printed: str) -> Rule:
    """The growth rule a plan prints (see the module docstring for the grammar).

    >>> r = parse_rule("年均增长10%以上")
    >>> r.basis, r.reading, r.value, r.bound
    ('annual', 'relative', Decimal('10'), 'at_least')
    >>> r = parse_rule("年均提高 1.2 个百分点")
    >>> r.basis, r.reading, r.value
    ('annual', 'points', Decimal('1.2'))
    >>> parse_rule("累计 15%").reading is None  # the text leaves the reading open
    True
    """
    text = _normal(printed)
    if text in _NONE:
        return Rule(printed=printed, basis="none")
    text, aim = _aim(text)
    double = re.fullmatch(r"(?:比\d{4}年|较\d{4}年)?(?:实现)?翻(一|两|二|三)?番(?:以上)?", text)
    if double:  # 翻番 alone is 翻一番
        times = {"一": 1, "两": 2, "二": 2, "三": 3, None: 1}[double.group(1)]
        return Rule(printed=printed, basis="cumulative", reading="relative", value=Decimal(2**times - 1) * 100,
                    bound="at_least" if text.endswith("以上") else "equal", aim=aim)  # fmt: skip
    basis, marked = "cumulative", False
    text = _MODAL.sub("", text)
    m = _ANNUAL.match(text)
    if m:
        basis, text = "annual", _MODAL.sub("", text[m.end() :])
    else:
        m = _CUMULATIVE.match(text)
        if m and m.end():
            marked, text = True, _MODAL.sub("", text[m.end() :])
    sign = 1
    verb = re.match(rf"^(?:{_DOWN})", text)
    if verb:
        sign, text = -1, text[verb.end() :]
    else:
        text = re.sub(rf"^{_UP}", "", text)
    bound, text = _before(text)
    if text.startswith("[") and basis == "cumulative":
        marked = True  # [15]: a five-year figure, as national tables print cumulative ones
    if not marked and not verb and basis != "annual" and not _says_growth(printed):
        raise PhraseError(f"cannot read {printed!r} as a growth rule: say whether the figure is a yearly one "
                          "(年均, 每年) or over the period (累计)")  # fmt: skip
    m = re.fullmatch(rf"\[?({_NUM})\]?(%|个百分点|百分点)?{_DASH}({_NUM})(%|个百分点|百分点)?(.*)", text)
    high = None
    if m:
        low, high = Decimal(m.group(1)), Decimal(m.group(3))
        unit = m.group(4) or m.group(2)
        after, rest = _after(m.group(5))
        if rest or high < low:
            raise PhraseError(f"cannot read {printed!r} as a growth rule (a range must read low–high, e.g. 6%–7%)")
        bound = "range"
    else:
        m = re.fullmatch(rf"\[?({_NUM})\]?(.*)", text)
        if not m:
            raise PhraseError(f"cannot read {printed!r} as a growth rule (expected e.g. 年均增长10%, 累计15%, "
                              "年均提高1个百分点, 每年新增5家)")  # fmt: skip
        low = Decimal(m.group(1))
        after, unit = _after(m.group(2))
        if after != "equal":
            bound = after
    unit = unit or None
    if unit in ("%",):
        reading: str | None = "relative" if (basis == "annual" or verb or _says_growth(printed)) else None
    elif unit in ("个百分点", "百分点"):
        reading = "points"
    elif unit is None:
        if basis == "annual" or verb or _says_growth(printed):
            reading = "relative"  # 年均 10 in a table column headed 年均增长 (%)
        else:
            reading = None
    elif re.fullmatch(r"[^\d%]{1,8}", unit):
        reading = "absolute"
    else:
        raise PhraseError(f"cannot read {printed!r} as a growth rule (unexpected {unit!r} after the figure)")
    if basis == "cumulative" and unit in (None, "%") and not verb and not _says_growth(printed):
        reading = None  # a bare 累计 x%: relative, points or an absolute change, the text does not say
    value = low * sign
    if high is not None:
        high = high * sign
        if sign < 0:
            value, high = high, value
    if sign < 0 and bound in ("at_least", "at_most"):  # 下降3%以上: the signed growth is −3% or less
        bound = "at_most" if bound == "at_least" else "at_least"
    return Rule(printed=printed, basis=basis, reading=reading, value=value, high=high, bound=bound, aim=aim,
                unit=unit if reading == "absolute" else None)  # fmt: skip


def _before(text: str) -> tuple[str, str]:
    """(bound, rest) from a word before a figure: 不低于 and 突破 floors, 不超过 and 控制在 ceilings, 达到 none."""
    for word in sorted(_FLOOR_BEFORE + _CEILING_BEFORE, key=len, reverse=True):
        if text.startswith(word):
            side = "equal" if word in _PLAIN_BEFORE else "at_least" if word in _FLOOR_BEFORE else "at_most"
            return side, text[len(word) :]
    return "equal", text


def _says_growth(printed: str) -> bool:
    """The text names the kind of change (增长 x% is relative; 累计 x% alone is not)."""
    return bool(re.search(r"增长|增速|增幅|递增|翻", printed))


def parse_level(printed: str) -> Level:
    """A target or level as printed: a figure, its side, its unit, and a start where the text gives one.

    >>> t = parse_level("突破600亿元")
    >>> t.value, t.bound, t.unit
    (Decimal('600'), 'at_least', '亿元')
    >>> t = parse_level("控制在4.5%以内")
    >>> t.value, t.bound, t.unit
    (Decimal('4.5'), 'at_most', '%')
    >>> t = parse_level("由35%提高到45%")
    >>> t.start, t.value
    (Decimal('35'), Decimal('45'))
    """
    text = _normal(printed)
    if text in _NONE:
        raise PhraseError(f"{printed!r} states no figure")
    start = None
    text = _MODAL.sub("", text)
    m = re.match(
        rf"^(?:由|从)(?:\d{{4}}年的?|目前的?|现在的?|当前的?|现阶段的?)?({_NUM})[^\d]*?"
        rf"(?:提高|增长|增加|上升|提升|下降|降低|减少|扩大)(?:到|至)(?:\d{{4}}年的?)?",
        text,
    )
    if m:
        start = Decimal(m.group(1))
        text = _MODAL.sub("", text[m.end() :])
    bound, text = _before(text)
    m = re.fullmatch(rf"({_NUM})(?:[^\d]{{0,6}}?)(?:{_DASH})({_NUM})(.*)", text)
    if m:
        after, unit = _after(m.group(3))
        low, high = Decimal(m.group(1)), Decimal(m.group(2))
        if high < low:
            raise PhraseError(f"cannot read {printed!r} as a target (a range must read low–high)")
        return Level(printed=printed, value=low, high=high, bound="range", unit=unit or None, start=start)
    m = re.fullmatch(rf"({_NUM})(.*)", text)
    if not m:
        raise PhraseError(f"cannot read {printed!r} as a target (expected e.g. 600亿元, 突破600亿元, 达到95%以上, "
                          "控制在4.5%以内)")  # fmt: skip
    after, unit = _after(m.group(2))
    if after != "equal":
        bound = after
    if unit and re.search(r"\d", unit):
        raise PhraseError(f"cannot read {printed!r} as a target (unexpected {unit!r} after the figure)")
    return Level(printed=printed, value=Decimal(m.group(1)), bound=bound, unit=unit or None, start=start)
