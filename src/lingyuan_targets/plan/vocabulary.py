"""The allowed values of every plan field, their labels, and the defaults that follow from an indicator's kind.

One source for the readers (which refuse other values), the JSON Schema, the typed
arrays (whose int8 codes are positions in these tuples) and the views (labels).
"""

from __future__ import annotations

#: kind → what the numbers are (see docs/data-format.md)
KINDS: dict[str, str] = {
    "level": "a level (GDP, income, a count): compounds; unbounded above",
    "share": "a percentage in [0, 100] (coverage, intensity, a ratio)",
    "period_total": "a five-year total; the base-year column holds the previous period's total",
    "period_change": "a change over the five years (e.g. energy intensity down 12%), in percent",
    "limit": "a floor or ceiling to hold (e.g. water quality ≥ 100%), not a path",
}
#: the side a target is on: a floor, a ceiling, the figure itself, or a range (1至2名: target to target_high)
DIRECTIONS = ("at_least", "at_most", "equal", "range")
#: Chinese labels for display (data and JSON keep the codes)
KIND_ZH = {
    "level": "总量/水平",
    "share": "比重",
    "period_total": "期内累计",
    "period_change": "期内变化",
    "limit": "限值",
}
#: the side of a printed base (2020年达到42%以上: at least 42); a base is never a range
BASE_SIDES = ("equal", "at_least", "at_most")
DIRECTION_ZH = {"at_least": "不低于", "at_most": "不高于", "equal": "达到", "range": "区间"}
PHASE_ZH = {"base": "基期", "plan": "规划期", "outlook": "展望"}
ATTRIBUTES = ("预期性", "约束性")
ATTRIBUTE_EN = {"预期性": "anticipatory", "约束性": "binding"}
CATEGORIES_EN = {
    "经济发展": "Economic development",
    "创新驱动": "Innovation",
    "民生福祉": "Well-being",
    "生态文明": "Ecology",
    "城乡建设": "Urban and rural development",
    "开放合作": "Opening up",
    "社会治理": "Social governance",
    "文化": "Culture",
}
#: growth basis → meaning of growth.value (always in percent, or in the
#: indicator's unit for an absolute change)
GROWTH_BASES = ("annual", "cumulative", "none")
#: how a growth figure is read: a relative change (compounding when yearly), in percentage points, or in the
#: indicator's own unit; ``unresolved`` records a cumulative figure that fits none
READINGS = ("relative", "points", "absolute", "unresolved")
#: the side a growth figure is on (年均增长10%以上: at least; 左右: about; 6%–7%: a range to growth_high)
GROWTH_BOUNDS = ("equal", "at_least", "at_most", "about", "range")
INTERPOLATIONS = ("geometric", "linear")
#: the prices a level's planned rate is at: comparable (real growth: GDP, value added) or current (nominal: revenue,
#: retail sales, income); an indicator that is no money amount has neither
PRICE_BASES = ("comparable", "current")
PRICE_ZH = {"comparable": "可比价", "current": "现价"}
ORIGINS = ("table", "text")
ORIGIN_ZH = {"table": "主要指标表", "text": "正文"}
#: what a quote of an indicator states
QUOTE_KINDS = ("base", "target", "growth", "change")

#: units that mean "percent" (a period change in them compounds; in points or other units it accrues evenly)
PERCENT_UNITS = ("百分比", "%", "％")
#: units of measure as Chinese statistics print them, in English, for messages where a plan gives no ``unit_en``
#: (counters such as 个 or 家 are left out: their English depends on what is counted)
UNIT_EN = {
    "亿元": "100 million yuan", "万元": "10,000 yuan", "元": "yuan", "万美元": "10,000 US dollars",
    "亿美元": "100 million US dollars", "万人": "10,000 people", "人": "people", "万户": "10,000 households",
    "户": "households", "亩": "mu", "万亩": "10,000 mu", "公顷": "ha", "平方米": "m²", "万平方米": "10,000 m²",
    "平方公里": "km²", "公里": "km", "千米": "km", "吨": "tonnes", "万吨": "10,000 tonnes", "万头": "10,000 head",
    "千瓦": "kW", "万千瓦": "10,000 kW", "千瓦时": "kWh", "亿千瓦时": "100 million kWh", "岁": "years",
    "年": "years", "天": "days", "小时": "hours", "百分比": "%", "%": "%", "％": "%", "‰": "‰",
    "个百分点": "percentage points", "微克/立方米": "µg/m³",
}  # fmt: skip
#: tags that the built-in ad-hoc ``rate:X`` scenario applies to
VALUE_TAGS = ("output", "income")
TAG_ZH = {"output": "产出", "income": "收入"}
#: how a scenario carries indicators on after the target year
SCENARIO_METHODS = ("continue", "rate", "multiple")
METHOD_ZH = {"continue": "延续规划期规则", "rate": "固定年均增速", "multiple": "倍增目标"}

#: default shape of a path between baseline and target when no rate is stated
DEFAULT_INTERPOLATION = {"level": "geometric", "share": "linear"}
#: natural bounds by kind when a file gives none
DEFAULT_BOUNDS = {
    "level": (0.0, None),
    "share": (0.0, 100.0),
    "period_total": (0.0, None),
    "period_change": (-100.0, 100.0),
    "limit": (None, None),
}

INDICATOR_COLUMNS = [
    "id", "name", "name_en", "category", "unit", "unit_en", "kind", "direction",
    "lower", "upper", "attribute", "origin", "group",
    "base", "base_decimals", "base_side", "target", "target_decimals",
    "growth_printed", "growth_basis", "growth_value", "growth_decimals", "growth_reading",
    "growth_bound", "growth_high", "growth_aim", "target_high", "base_year", "target_year",
    "interpolation", "prices", "scope", "tags", "section", "line", "snippet", "url",
    "base_section", "base_line", "base_snippet", "base_note", "note",
    "yaml_line", "target_line", "csv_line",
]  # fmt: skip
QUOTE_COLUMNS = ["id", "what", "year", "period", "value", "decimals", "unit", "direction", "printed",
                 "section", "line", "snippet", "url", "note", "yaml_line"]  # fmt: skip
#: an indicator's further horizons (2030, 2035) or milestones: one row per goal
GOAL_COLUMNS = ["id", "year", "target", "target_decimals", "target_high", "direction", "growth_printed",
                "growth_basis", "growth_value", "growth_decimals", "growth_reading", "growth_bound", "growth_high",
                "section", "line", "snippet", "url", "yaml_line"]  # fmt: skip
