"""Figures in a plan's sentences: 到2025年…达到 X, 年均增长 x%(以上), 由 A 提高到 B, 控制在…以内, 新增 x, 每年 x.

:func:`read_sentences` walks the lines of a plan (outside its main table) and returns every figure it can place:
a target with its name, value, unit, side, year and line; a growth rule; a figure of the review of the last
period (a base); and the figures that look like a named project's specification (kept out of the indicators).
What it is unsure of is said in each figure's ``doubts``.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ...plan.phrases import PhraseError, parse_rule

#: full-width ASCII forms and the ideographic space as ASCII, and the traditional forms of the characters the reading
#: looks for (萬畝, 達到, 個, 專欄) as simplified: one character for one, so positions in the printed text are kept
_WIDTH = (
    {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20, 0x00A0: 0x20, 0x2236: ord(":")}
    | str.maketrans(
        "萬億畝噸個條項處輛張種隻頭歲戶間場冊臺時鐘達過實現穩壓縮長減設創爭進總專欄節計內較別確點兩幣額產擴遞於質僅區級為與從將發園規劃標準業農態鎮鄉縣電氣網線車傳運輸廠學醫衛療機構體優億",
        "万亿亩吨个条项处辆张种只头岁户间场册台时钟达过实现稳压缩长减设创争进总专栏节计内较别确点两币额产扩递于质仅区级为与从将发园规划标准业农态镇乡县电气网线车传运输厂学医卫疗机构体优亿",
    )
)
#: Chinese numerals (two, ten, hundred, thousand, ten thousand, hundred million)
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
#: counters a Chinese numeral is read before (四家, 两条); a numeral before another word (一流, 二级) is no figure
_CN_COUNTERS = "个家所条项座处名台辆套张件种批支只头"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = f"[{CN_DIGITS}]+"

_PREFIX = ("万亿", "亿", "千万", "百万", "十万", "万", "千", "百")
#: units a figure may carry, longest first (a multiplier before a counter is generated: 万头, 亿枝)
_BASE_UNITS = (
    "个百分点", "百分点", "%", "‰",
    "元人民币", "美元", "欧元", "元",
    "平方公里", "平方千米", "平方米", "立方米", "亩", "公顷",
    "公里", "千米", "米",
    "吨标准煤", "吨", "公斤", "斤",
    "人次", "人", "户", "名", "位",
    "个工作日", "工作日", "个", "家", "所", "条", "项", "座", "处", "台", "辆", "套", "张", "床", "件", "种",
    "支", "只", "头", "羽", "枝", "粒", "株", "部", "块", "栋", "间", "场", "次", "册", "篇",
    "千伏安", "千伏", "兆瓦", "千瓦时", "千瓦", "兆伏安", "伏",
    "小时", "分钟", "天", "岁", "年",
    "微克/立方米", "毫克/立方米",
)  # fmt: skip
UNITS = tuple(sorted({p + u for p in ("", *_PREFIX) for u in _BASE_UNITS} | {"亿", "万"}, key=len, reverse=True))
#: units of a named project's specification: voltage, capacity, power
SPEC_UNITS = ("千伏", "千伏安", "兆瓦", "千瓦", "万千瓦", "兆伏安", "伏", "千瓦时", "万千瓦时", "亿千瓦时")
_UNIT = "|".join(re.escape(u) for u in UNITS)
#: a unit: one of UNITS, or one per another (公里/百平方公里, 元/人), or a ratio to one (2.2∶1)
_UNIT = rf"(?:{_UNIT})(?:/(?:{_UNIT}))?|:1(?![\d.])"
_AFTER = r"(?:及以上|以上|及以下|以下|以内|之内|左右|上下|内(?![容部外]))"
FIGURE = re.compile(
    rf"(?P<num>{_NUM}|{_CN})(?:\s*(?P<dash>[-–—~至到])\s*(?P<high>{_NUM}|{_CN}))?\s*(?P<unit>{_UNIT})?\s*"
    rf"(?P<after>{_AFTER})?"
)
#: a year (2025年, 2025 年) is no figure
_YEAR = re.compile(r"(?:19|20)\d\d\s*(?:年|[-–—~至到]\s*(?:19|20)\d\d\s*年)")
#: what ends a sentence and what ends a clause
#: how many characters before a figure its reading looks at (a verb, a side, a kind)
WINDOW = 60
_SENTENCE_END = "。！？!?；;"
_CLAUSE_END = "，,：:\t"
#: a time marker opening a sentence's targets
#: 提高到2020年的70%: a level reached in a year, not a sentence's horizon
NOT_REACHED = "".join(
    f"(?<!{w})" for w in ("提高", "提升", "增长", "增加", "上升", "下降", "降低", "减少", "扩大", "达")
)
_BY_YEAR = re.compile(rf"(?:{NOT_REACHED}(?:到|至)|截至|截止到?)\s*(?P<year>(?:19|20)\d\d)\s*年")
_PERIOD_END = re.compile(r"到?“?十([一二三四五六七八九])五”?(?:末|期末)")
_PAST = re.compile(r"(?:目前|现有|已经|已有|已|截至目前|当前|现状)")
#: words that make a figure a total over the period (新增 5 家, 引进 300 家)
_OVER_PERIOD = re.compile(r"新增|新建|建设|建成|培育|引进|实施|完成|创建|争创|改造|新开|开工|输送|转化|吸引|培养|累计|栽植|成立|"
                          r"上市|打造|招引|落地|认证|申报|新创|扶持|新培育|改扩建|扩建|整治|治理|修复|造林")  # fmt: skip
_LEADING = re.compile(
    r"^(?:[\s，,、：:“”\"]|(?:到|至|截至)?\s*(?:19|20)\d\d\s*年(?:底|末)?|“?十[一二三四五六七八九]五”?(?:期间|末|时期|期末)?|"
    r"力争到|力争|争取|确保|全市|全县|全区|全省|全旗|同时|其中|并且|并|要|将|使|预计|年内|此外|另外|以及|和|及|今年|全年|明年|本年|"
    r"每年|年均|累计)+"
)
_TRAILING = re.compile(
    r"(?:要|力争|预计|将|需|确保|争取)?(?:达到了|达到|达|突破|超过|超|实现|稳定在|保持在|控制在|压缩到|压缩至|提高到|提升到|"
    r"增长到|增加到|降低到|降到|下降到|减少到|增至|降至|提高至|为|是|在|至|到|约|共|总计|合计|累计|新增|保持|稳定)?"
    r"(?:[\s，,、：:的]|以上|以内)*$"
)
_SPLIT_NAMES = re.compile(r"、|和|与|及")
_PROJECT = re.compile(r"总投资|项目[:：]|工程[:：]|建设内容|占地面积|项目建设")


@dataclass
class Place:
    """Where a figure is printed: the section (第三章第一节, 专栏2-1), the line, and the clause as printed."""

    section: str
    line: int
    snippet: str
    sentence: int = 0


@dataclass
class Figure:
    """A figure of a plan's text.

    ``role`` is ``target`` (a figure for the target year or a later one), ``growth`` (a growth rule without a
    level), ``base`` (a figure of the review of the last period) or ``spec`` (a named project's specification).
    ``value``/``high`` are as printed (``high`` for a range), ``side`` is ``at_least``, ``at_most``, ``equal``,
    ``about`` or ``range``; ``growth`` is a growth rule printed in the same clause or the next one;
    ``start`` a start the text gives (由 A 提高到 B); ``doubts`` what the reading is unsure of.
    """

    role: str
    name: str
    value: Decimal | None
    unit: str
    side: str
    year: int | None
    place: Place
    kind: str = "level"
    high: Decimal | None = None
    printed: str = ""
    growth: str | None = None
    growth_place: Place | None = None
    start: Decimal | None = None
    aim: bool = False
    doubts: list[str] = field(default_factory=list)


def ascii_width(text: str) -> str:
    """Full-width digits, signs and letters as ASCII and traditional characters as simplified, one for one.

    >>> ascii_width("１５％，达到"), ascii_width("完成營造林45萬畝")
    ('15%,达到', '完成營造林45万亩')
    """
    return text.translate(_WIDTH)


def number(text: str) -> Decimal | None:
    """A printed number: Arabic digits as printed (1,500 is 1500), or Chinese numerals through cn2an (两千 is 2000).

    >>> number("1,500"), number("26.80"), number("四"), number("两千")
    (Decimal('1500'), Decimal('26.80'), Decimal('4'), Decimal('2000'))
    """
    if len(text) == 1 and text in CN_DIGITS:
        # one character: its value in the Unicode database (两 is the counting form of 二), without cn2an's start-up
        return Decimal(int(unicodedata.numeric("二" if text == "两" else text)))
    if text and text[0] in CN_DIGITS and len(text) > 12:
        return None  # a run of Chinese numerals longer than any figure (cn2an is slow on those)
    if text and text[0] in CN_DIGITS:
        import cn2an  # type: ignore[import-untyped]  # a well-kept converter of Chinese numerals (imported only when one is read)

        try:
            value = cn2an.cn2an(text, "normal")
        except (ValueError, KeyError, IndexError):
            return None
        return Decimal(int(value)) if value == int(value) else Decimal(str(value))
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _side(before: str, after: str | None) -> str:
    if after in ("以上", "及以上"):
        return "at_least"
    if after in ("以下", "及以下", "以内", "之内", "内"):
        return "at_most"
    if after in ("左右", "上下"):
        return "about"
    if re.search(r"(?:不低于|不少于|不小于|突破|超过|超|高于|大于|力争超过)\s*$", before):
        return "at_least"
    if re.search(r"(?:不超过|不高于|不大于|控制在|低于|少于|压缩到|压缩至|下降到|降低到|降到|降至|减少到)\s*$", before):
        return "at_most"
    return "equal"


def clean_name(text: str) -> str:
    """A figure's name from the words before it: time markers, words of intent and the verb left out.

    >>> clean_name("到2025年，全市社会消费品零售总额达到")
    '社会消费品零售总额'
    >>> clean_name("力争新增省级企业技术中心 ")
    '新增省级企业技术中心'
    """
    text = text.strip()[-WINDOW:]  # a name is the words just before its figure (a long run stays linear)
    for _ in range(3):
        before = text
        text = _TRAILING.sub("", _LEADING.sub("", text)).strip()
        if text == before:
            break
    return text.strip("（(“”\"' ")


def _is_year(line: str, m: re.Match[str]) -> bool:
    return bool(_YEAR.match(line, m.start()))


def _bad_neighbour(line: str, m: re.Match[str]) -> bool:
    """A number that is part of a name (PM2.5, 3A级, 5G, 第三), a ratio (31: 17: 52) or a date is no figure."""
    start, end = m.start("num"), m.end()
    before = line[start - 1] if start else ""
    after_num = line[m.end("num") : m.end("num") + 1]
    if before and ((before.isascii() and (before.isalnum() or before in "./-")) or before == "第"):
        return True
    if not m.group("unit"):
        rest = line[m.end("num") : m.end("num") + 8].lstrip()
        if (rest[:1].isascii() and rest[:1].isalpha()) or rest[:1] in ("级", "星", "类", "型", "号", "代", "期", "届",
                                                                       "环", "线", "月", "日", "版", "度", "倍"):  # fmt: skip
            return True
        if rest[:1] in (":", "："):
            return True
        if m.group("num")[0] in CN_DIGITS:
            return True
    if m.group("num")[0] in CN_DIGITS and not (m.group("unit") and m.group("unit")[-1] in _CN_COUNTERS
                                                and len(m.group("unit")) == 1):  # fmt: skip
        return True
    del end, after_num
    return False


@dataclass
class _Sentence:
    line: int
    section: str
    review: bool
    box: bool
    year: int | None = None
    index: int = 0


def _clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a sentence as (start, end): split at commas and colons, and at 、 between two figures (not in a
    list of figures alone: 36.6亿元、77.8亿元). Linear in the sentence's length."""
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch in _CLAUSE_END and not (ch in ":：" and text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit()):
            spans.append((start, i))  # a colon between digits is a ratio (2.2∶1), not a clause's end
            start = i + 1
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        piece = text[a:b]
        if "、" not in piece:
            out.append((a, b))
            continue
        figures = [(m.start(), m.end()) for m in _figures(piece)
                   if m.group("unit") and not _is_year(piece, m) and not _bad_neighbour(piece, m)]  # fmt: skip
        starts = [f[0] for f in figures]
        ends = {f[1] for f in figures}
        firsts = set(starts)
        cut = 0
        for m in re.finditer("、", piece):
            p = m.start()
            k = bisect.bisect_left(starts, cut)
            left = k < len(figures) and figures[k][1] <= p
            right = bisect.bisect_left(starts, p + 1) < len(figures)
            q = p
            while q > cut and piece[q - 1].isspace():
                q -= 1
            r = p + 1
            while r < len(piece) and piece[r].isspace():
                r += 1
            if left and right and not (q in ends and r in firsts):
                out.append((a + cut, a + p))
                cut = p + 1
        out.append((a + cut, b))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _figures(text: str) -> list[re.Match[str]]:
    return [m for m in FIGURE.finditer(text) if m.group("num")]


def _growth_rule(clause: str, start: int) -> tuple[str, int] | None:
    """A growth rule whose figure is at ``start`` in ``clause``: the rule as printed and where its cue begins."""
    low = max(0, start - WINDOW)
    head = clause[low:start]
    cue = None
    for m in re.finditer(r"年均|年平均|平均每年|每年|逐年|累计|比(?:(?:19|20)\d\d\s*年|“?十[一二三四五六七八九]五”?末|基期)|"
                         r"较(?:(?:19|20)\d\d\s*年|“?十[一二三四五六七八九]五”?末|基期)|翻", head):  # fmt: skip
        cue = m
    if cue is None:
        verb = re.search(r"(?:增长|增速|下降|降低|减少|提高|提升|增加)\s*$", head)
        if not verb or re.search(r"(?:提高|增长|增加|下降|降低)(?:到|至)\s*$", head):
            return None
        if not (clause[start:].lstrip().startswith(tuple("0123456789")) and re.match(r"[^%]*%|[^个]*个百分点",
                                                                                    clause[start:])):  # fmt: skip
            return None
        cue_start = low + verb.start()
    else:
        cue_start = low + cue.start()
    fig = FIGURE.match(clause, start)
    if fig is None:
        return None
    printed = clause[cue_start : fig.end()].strip()
    if re.match(r"累计\s*(?:达到|实现|完成|引进|到位|投入|超过|突破|建成|新建|培育)", printed) or \
            re.match(r"(?:较|比).*个百分点$", printed):  # fmt: skip
        return None  # a total over the period (累计达到 6.6 亿元), a change in points: a target, not a rate
    try:
        rule = parse_rule(printed)
    except PhraseError:
        return None
    if rule.basis == "none" or rule.value is None:
        return None
    return printed, cue_start


def read_sentences(lines: list[str], sections: list[str], skip: set[int], review: list[bool], box: list[bool],
                   target_year: int, base_year: int, horizon: int) -> list[Figure]:  # fmt: skip
    """Every figure of the lines (1-based line numbers, ``skip`` the lines of the main table and the headings)."""
    figures: list[Figure] = []
    carry = ""  # the end of a line broken inside a sentence (a PDF's line break), to name a figure on the next line
    past = False  # after “十三五”以来 and until the text turns to what is planned (展望, 力争, 到2025年)
    k = (base_year - 2005) // 5
    own = f"十{'一二三四五六七八九'[k]}五" if 0 <= k < 9 else "\x00"
    future = re.compile(
        rf"展望|力争|今后|未来五年|预期目标|主要目标|发展目标|{own}(?:时期|期间|末)|{NOT_REACHED}到\s*(?:19|20)\d\d\s*年"
    )
    for number_, raw in enumerate(lines, start=1):
        if number_ in skip:
            carry, past = "", False
            continue
        raw_line = raw.rstrip()
        line = ascii_width(raw_line)
        if not line.strip():
            continue
        state = _Sentence(number_, sections[number_ - 1], review[number_ - 1], box[number_ - 1])
        start = 0
        pieces = []
        for i, ch in enumerate(line):
            if ch in _SENTENCE_END:
                pieces.append((start, i + 1))
                start = i + 1
        if start < len(line):
            pieces.append((start, len(line)))
        review_line = state.review
        for k, (a, b) in enumerate(pieces):
            sentence = line[a:b]
            prefix = carry if k == 0 else ""
            state.index = k
            if _SINCE.match(sentence.lstrip(' “”"*-—●■')[:20]) or _SINCE.match(sentence.lstrip()):
                past = True
            if future.search(sentence):
                past = False
            state.review = review_line or past
            figures.extend(_read_sentence(sentence, raw_line[a:b], prefix, state, target_year, base_year, horizon))
        last = raw_line[pieces[-1][0] :] if pieces else ""
        carry = "" if (not last or last[-1] in _SENTENCE_END) else last.split("，")[-1].split(",")[-1][-30:]
    return figures


_SINCE = re.compile(r"(?:“?十[一二三四五六七八九]五”?|(?:19|20)\d\d\s*年)以来|过去五年|五年来|近五年")
_PLAIN_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年(?:底|末)?")
_COMPARED = re.compile(r"(?:较|比|同|相比|与|对比)\s*$")


def _year_marks(sentence: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The years a sentence names, as (end, year): those it sets targets for (到2025年), and the others (2020年),
    leaving out those it compares with (较2020年)."""
    by = [(m.end(), int(m.group("year"))) for m in _BY_YEAR.finditer(sentence)]
    plain = [(m.end(), int(m.group("year"))) for m in _PLAIN_YEAR.finditer(sentence)
             if not _COMPARED.search(sentence[max(0, m.start() - 4) : m.start()])]  # fmt: skip
    return by, plain


def _last_before(marks: list[tuple[int, int]], at: int) -> int | None:
    k = bisect.bisect_right(marks, (at, 10**6))
    return marks[k - 1][1] if k else None


def _year_of(context: _Context, at: int, state: _Sentence, target_year: int) -> tuple[int | None, bool]:
    """The year a figure at ``at`` is for, and whether the sentence says it (到2035年; 到“十四五”末)."""
    year = _last_before(context.by_year, at)
    if year is None:
        year = _last_before(context.years, at)
    if year is not None:
        return year, True
    if state.year is not None:
        return state.year, True
    return (None if state.review else target_year), False


@dataclass
class _Context:
    """What a sentence says once, looked up by position for each of its figures (so a long sentence is read in
    linear time)."""

    by_year: list[tuple[int, int]]
    years: list[tuple[int, int]]
    first_verb: int  # the end of the first verb setting a target, or a position past the sentence
    first_works: int  # the end of the first word of a named work (铁路, 公路), likewise
    first_aim: int  # the start of the first 力争 or 争取
    first_estimate: int  # the start of the first 预计
    project: bool  # the sentence names a project's investment or scale
    since: int  # the end of a 以来 of the past (“十三五”以来, 2016年以来, 五年来), or a position past the sentence
    aimed: bool  # the sentence speaks of a target or of this year (目标, 今年): 预计 is then a forecast of it


def _context(sentence: str) -> _Context:
    far = len(sentence) + 1

    def end(pattern: re.Pattern[str]) -> int:
        m = pattern.search(sentence)
        return m.end() if m else far

    aim = re.search(r"力争|争取", sentence)
    estimate = sentence.find("预计")
    since = _SINCE.search(sentence)
    by, plain = _year_marks(sentence)
    return _Context(by, plain, end(_TARGET_VERB), end(_NAMED_WORKS), aim.start() if aim else far,
                    estimate if estimate >= 0 else far, bool(_PROJECT.search(sentence)),
                    since.end() if since else far, bool(re.search(r"目标|今年", sentence)))  # fmt: skip


_ORDINAL = {c: k for k, c in enumerate("一二三四五六七八九", start=1)}


def _period_end(sentence: str) -> int | None:
    """The last year of a five-year period a sentence names as its horizon (到“十四五”末: 2025), not one it
    compares with (较“十二五”末)."""
    for m in _PERIOD_END.finditer(sentence):
        if not re.search(r"(?:较|比|同|与)\s*$", sentence[max(0, m.start() - 4) : m.start()]):
            return 1955 + 5 * (10 + _ORDINAL[m.group(1)])
    return None


def _read_sentence(sentence: str, raw_sentence: str, prefix: str, state: _Sentence, target_year: int,
                   base_year: int, horizon: int) -> list[Figure]:  # fmt: skip
    out: list[Figure] = []
    by = _BY_YEAR.search(sentence)
    state.year = int(by.group("year")) if by else _period_end(sentence)
    previous: Figure | None = None
    if re.search(r"[”\"]指", sentence):
        return out  # “三区”指…: a definition of the plan's words, no targets
    context = _context(sentence)
    for a, b in _clauses(sentence):
        clause, raw = sentence[a:b], raw_sentence[a:b]
        found = [m for m in _figures(clause) if _counts(clause, m, context.first_verb <= a + m.start())]
        if not found:
            if re.search(r"翻(?:一|两|三)?番", clause) and previous is not None and previous.growth is None:
                previous.growth = re.search(r"(?:实现)?翻(?:一|两|三)?番", clause).group()  # type: ignore[union-attr]
            continue
        plain = [m for m in found if (m.group("unit") or "") not in SPEC_UNITS]
        for m in found:
            if m not in plain:
                out.append(_spec(raw, m, state))
        if not plain:
            continue
        several = len(plain) > 1 and (
            ("分别" in clause)
            or all(
                re.fullmatch(r"\s*(?:和|与|及|、)\s*", clause[x.end() : y.start()])
                for x, y in itertools.pairwise(plain)
            )
        )
        chosen = plain if several else [plain[-1]]
        names = _names((prefix if a == 0 else "") + raw[: plain[0].start()], len(chosen), "")
        if len(chosen) == 1 and len(names) > 1:
            chosen = chosen * len(names)  # A、B均达到 x: one figure for each name
        for k, m in enumerate(chosen):
            figure = _figure(clause, raw, m, names[k] if k < len(names) else names[-1], state, context, a,
                             target_year, base_year, horizon)  # fmt: skip
            if figure is None:
                continue
            if figure.role == "growth" and not figure.name and previous is not None and previous.growth is None \
                    and previous.role in ("target", "base"):  # fmt: skip
                previous.growth, previous.growth_place = figure.printed, figure.place
                continue
            if figure.role in ("target", "base") and not figure.name and previous is not None \
                    and previous.role == "growth" and previous.value is None:  # fmt: skip
                figure.name, figure.growth, figure.growth_place = previous.name, previous.printed, previous.place
                out.remove(previous)
            out.append(figure)
            previous = figure
    return out


#: verbs that set a target or a count to reach (a Chinese numeral or a count before a noun needs one before it)
_TARGET_VERB = re.compile(r"新增|新建|建设|建成|培育|引进|实施|完成|创建|争创|改造|改扩建|打造|成立|达到|达|突破|超过|设立|设有|"
                          r"保留|输送|吸引|培养|招引|认证|开通|开工|升级|提升|组建|遴选|确保|力争|实现")  # fmt: skip
#: measure units: a figure in one directly before a noun is a thing's size (60 万立方米商砼站), no target
_MEASURE = (
    "吨",
    "米",
    "立方米",
    "平方米",
    "亩",
    "公顷",
    "千瓦",
    "瓦",
    "伏",
    "千伏",
    "亿米",
    "万米",
    "万吨",
    "亿立方米",
)
#: units of a duration or an age: a figure in one is a target only after a verb (达到15年), not 未来15年
_DURATION = ("年", "岁", "天", "小时", "分钟", "个工作日", "工作日", "个月")
_CAPACITY = re.compile(r"(?:年产|日产|年处理|日处理|年加工|日熔化量|产能|装机|容量|扩能|总投资|投资)\s*$")
_RELATIVE = re.compile(r"(?:高于|低于|快于|慢于|高出|低出)[^，,。；;]*?(?:增长速度|增速|增长率|增幅|速度|平均水平)\s*$")
_NAMED_WORKS = re.compile(r"(?:铁路|专用线|高速公路|高速|公路|大道|管线|管网|线路|干线|输电|电站|变电站)")


def _counts(clause: str, m: re.Match[str], verb_before: bool) -> bool:
    """Whether a number of a clause is a figure to record (not a year, a name's digit, a list number, a duration
    without a verb, or a Chinese numeral of prose: 三个代表, 三十家子)."""
    if _is_year(clause, m) or _bad_neighbour(clause, m):
        return False
    unit = m.group("unit") or ""
    start, end = m.start("num"), m.end()
    if re.match(r"\s*[.．、]", clause[m.end("num") :]) and not m.group("unit") and not clause[:start].strip(" *"):
        return False  # 1. a numbered paragraph
    rest = clause[end : end + 8]
    before = clause[max(0, start - WINDOW) : start]
    if not unit and not m.group("after"):
        return False  # a figure without a unit or a side: a name's number (500强, “1+4”)
    if m.group("num")[0] in CN_DIGITS:
        if m.group("num") == "一" or not _TARGET_VERB.search(before) or re.search(r"[“\"「『每]\s*$", before) or \
                re.match(r"[子镇村乡街屯沟营]", rest):  # fmt: skip
            return False
    if re.match(r"\s*[“\"]?(?:专栏|章|篇|节)", rest):
        return False  # 设置27个“专栏”, 共17章: the parts of the document
    noun_after = (
        bool(rest[:1]) and "\u4e00" <= rest[0] <= "\u9fff"
        and not re.match(r"(?:以上|以内|左右|的|和|及|等|大关|目标)", rest)  # 突破200亿元大关: the figure itself
    )  # fmt: skip
    if noun_after and unit.endswith("元"):
        return False  # 500万元以上项目: a money figure before a noun qualifies it
    measure = unit.endswith(_MEASURE)  # a size before a noun: a specification, kept for the review
    if noun_after and unit not in ("%", "‰") and not measure and not m.group("after") and not verb_before:
        return False  # 落实…10 条政策: a count of things with no verb setting it
    if unit in _DURATION and m.group("after") and noun_after_side(rest):
        return False  # 3岁以下婴幼儿: an age or a duration qualifying a noun
    if unit in _DURATION and not re.search(r"(?:达到|达|提高到|延长到|稳定在|保持在|控制在|压缩到|压缩至|缩短到|缩短至|不超过|"
                                           r"不少于|为)\s*$", before) and not m.group("after"):  # fmt: skip
        return False
    return True


def noun_after_side(rest: str) -> bool:
    """Whether the words after a figure's side (以上, 以下) go on with a noun (3岁以下婴幼儿), not a clause's end."""
    return bool(rest[:1]) and "\u4e00" <= rest[0] <= "\u9fff" and not re.match(r"(?:的|和|及|或|等|为|是)", rest)


def _spec(raw: str, m: re.Match[str], state: _Sentence) -> Figure:
    value = number(m.group("num"))
    return Figure("spec", clean_name(raw[: m.start()]), value, m.group("unit") or "", "equal", None,
                  Place(state.section, state.line, raw.strip(), state.index), printed=raw[m.start() : m.end()].strip(),
                  doubts=["a voltage or a power: a project's specification"])  # fmt: skip


def _names(before: str, count: int, prefix: str) -> list[str]:
    """The names in the words before a clause's figures: one, or one for each of ``count`` figures (A、B均达到,
    A和B分别达到)."""
    plain = before
    if "均" in plain or "分别" in plain or count > 1 or re.search(r"率[、和与及]", plain):
        head = re.split(r"均|分别", plain)[0]
        parts = [clean_name(p) for p in (head.split("、") if "、" in head else _SPLIT_NAMES.split(head))]
        parts = [p for p in parts if p]
        if len(parts) > 1 and (count > 1 or re.search(r"率$", parts[-1])):
            if count > 1 and len(parts) != count:
                return [clean_name(head)] * count
            tail = re.search(r"(?:率|量|数|额|值|比重|面积|人数|收入)$", parts[-1])
            return [p if re.search(r"(?:率|量|数|额|值|比重|面积|人数|收入)$", p) or not tail else p + tail.group()
                    for p in parts]  # fmt: skip
    name = clean_name(plain)
    if not name and prefix:
        name = clean_name(prefix)
    return [name]


def _figure(clause: str, raw: str, m: re.Match[str], name: str, state: _Sentence, context: _Context, offset: int,
            target_year: int, base_year: int, horizon: int) -> Figure | None:  # fmt: skip
    value = number(m.group("num"))
    if value is None:
        return None
    unit = m.group("unit") or ""
    printed_unit = raw[m.start("unit") : m.end("unit")] if unit else ""  # as printed: 萬畝, ∶1
    high = number(m.group("high")) if m.group("high") else None
    snippet = raw.strip() if len(raw) <= SNIPPET else _around(raw, m.start(), m.end())
    place = Place(state.section, state.line, snippet, state.index)
    doubts: list[str] = []
    if m.group("num")[0] in CN_DIGITS:
        doubts.append(f"Chinese numeral {m.group('num')} read as {value}")
    before = clause[max(0, m.start() - WINDOW) : m.start()]
    at = offset + m.start()
    year, said = _year_of(context, at, state, target_year)
    role, why = ("base" if state.review else "target"), ""
    if state.review:
        pass
    elif state.box:
        role, why = "spec", "in a box (专栏) of projects or descriptions"
    elif context.project:
        role, why = "spec", "beside a named project's investment or scale (总投资, 建设规模)"
    elif unit in SPEC_UNITS:
        role, why = "spec", "a voltage or a power: a project's specification"
    elif year is not None and year <= base_year and said:
        role = "base"
    elif _PAST.search(before) and not re.search(r"(?:由|从)(?:目前|现有)", before):
        role = "base"
    elif context.first_estimate < at and not (year is not None and year > base_year and said) and not context.aimed:
        role = "base"  # 预计全年增长6%左右: an estimate of the last year, not a target (预计到2025年 is one)
    elif context.since < at:
        role = "base"  # “十三五”以来…: what the years before achieved
    if role == "target" and _is_spec(
        clause, m, before, unit, context.first_works <= at or bool(_NAMED_WORKS.search(name))
    ):
        role, why = "spec", "the capacity or size of a named project or work"
    if role == "target" and _RELATIVE.search(before):
        role, why = "spec", "a rate against another quantity's growth (高于…增长速度), which plan files do not state"
    if role == "spec":
        return Figure("spec", name, value, printed_unit, "equal", None, place, printed=raw[m.start() : m.end()].strip(),
                      doubts=[why])  # fmt: skip
    rule = _growth_rule(clause, m.start()) if role in ("target", "base") else None
    if rule is not None:
        if role == "base":
            return None  # a rate of the last period: no target
        _, cue = rule
        printed = raw[cue : m.end()].strip()
        rule_name = clean_name(raw[:cue])
        if not rule_name:
            doubts.append("no name found before the rate")
        return Figure("growth", rule_name, value, printed_unit, _side(before, m.group("after")), year, place,
                      kind="rule", printed=printed, doubts=doubts)  # fmt: skip
    start = None
    fromto = re.search(rf"(?:由|从)(?:目前的?|现在的?|(?:19|20)\d\d\s*年的?)?\s*(?P<start>{_NUM})", before)
    if fromto and re.search(r"(?:提高|增长|增加|上升|提升|下降|降低|减少|扩大)(?:到|至)\s*$", before):
        start = number(fromto.group("start"))
        name = clean_name(raw[: fromto.start()]) or name
    side = "range" if high is not None else _side(before, m.group("after"))
    if not unit:
        doubts.append("no unit printed after the figure")
    elif unit in ("亿", "万"):
        doubts.append(f"the unit is printed as {unit} alone (亿元? 万人?)")
    kind = _kind(unit, before, name, clause)
    if kind is None:
        kind = "level"
        if role == "target":
            doubts.append("kind guessed (level): the text has no word saying a total, a change or a share")
    if re.search(r"每年", before) and role == "target":
        doubts.append("a figure for every year (每年): read as a level to hold")
        kind = "limit"
    if not name:
        after = re.split(r"[，,。；;]", raw[m.end() : m.end() + 40])[0]
        name = clean_name(after)
        if name:
            doubts.append("name taken from the words after the figure")
        else:
            doubts.append("no name found before or after the figure")
    aim = bool(re.search(r"力争|争取|冲刺", before)) or context.first_aim < at
    if year is not None and year > target_year and year != horizon:
        doubts.append(f"a figure for {year}, after the plan's target year")
    if context.first_estimate < at:
        doubts.append("an estimate (预计)")
    printed = raw[m.start() : m.end()].strip()
    return Figure(role, name, value, printed_unit, side, year, place, kind=kind, high=high, printed=printed,
                  start=start, aim=aim, doubts=doubts)  # fmt: skip


def _is_spec(clause: str, m: re.Match[str], before: str, unit: str, named_works: bool) -> bool:
    """Whether a figure looks like a named project's specification: a capacity (年产 21 万吨), a measure before the
    thing it measures (60 万立方米商砼站), or the length of a named road, railway or line."""
    if _CAPACITY.search(before):
        return True
    rest = clause[m.end() : m.end() + 12].lstrip()
    if unit.endswith(_MEASURE) and rest[:1] and "\u4e00" <= rest[0] <= "\u9fff" and not m.group("after"):
        return not re.match(r"(?:以上|以内|左右|的|和|及|等|、)", rest)
    return unit in ("公里", "千米", "米") and named_works


#: the longest snippet kept for a figure: a longer clause is quoted around the figure
SNIPPET = 200


def _around(raw: str, start: int, end: int) -> str:
    """The words of a long clause around a figure, at most :data:`SNIPPET` characters, as printed."""
    low = max(0, start - (SNIPPET - (end - start)) // 2)
    return raw[low : low + SNIPPET].strip()


def _kind(unit: str, before: str, name: str, clause: str) -> str | None:
    """The kind of indicator a figure is, from its unit and the words before it; None when nothing says."""
    if unit in ("个百分点", "百分点"):
        return "period_change"
    if unit in ("%", "‰"):
        if re.search(r"降低|下降|减少|缩减|压减", before):
            return "period_change"
        if re.search(r"稳定在|保持在|保持|稳定|均达到|均保持", before):
            return "limit"
        return "share"
    if _OVER_PERIOD.search(before):
        return "period_total"
    if re.search(r"控制在|不超过|压缩到|压缩至|稳定在|保持在", before):
        return "limit"
    if re.search(r"达到|达|突破|超过|实现|提高到|增长到|增加到|总量|总产量|产量|规模|面积|人口|收入", before + name):
        return "level"
    return None
