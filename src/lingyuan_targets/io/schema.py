"""A JSON Schema of ``indicators.yaml``, built from the allowed values in :mod:`~lingyuan_targets.plan.vocabulary` (one source)."""

from __future__ import annotations

from typing import Any

from ..plan import vocabulary

_SOURCE = {
    "type": "object",
    "minProperties": 1,
    "properties": {
        "section": {"type": "string", "description": "chapter/section or table, e.g. 第二章第二节 主要指标表"},
        "line": {"type": "integer", "minimum": 1, "description": "line of the plan text"},
        "snippet": {"type": "string", "description": "the original text, verbatim"},
        "url": {"type": "string", "description": "where the text was published (a page of a government site)"},
    },
    "additionalProperties": False,
}
_NUMBER = {"type": "number", "description": "as printed; its decimals are kept (242 ≠ 242.0)"}
_FIGURE = {
    "type": ["number", "string", "null"],
    "description": "a number as printed (242), or the printed phrase (突破600亿元, 达到95%以上, 控制在4.5%以内, 由35%提高到45%)",
}
_GROWTH = {
    "description": "the rule as printed (年均增长10%以上, 累计15%, 年均提高1个百分点, 每年新增5家), or its fields",
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "properties": {
                "printed": {"type": "string"},
                "basis": {"enum": list(vocabulary.GROWTH_BASES)},
                "value": _NUMBER,
                "reading": {"enum": list(vocabulary.READINGS)},
                "bound": {"enum": list(vocabulary.GROWTH_BOUNDS)},
                "high": _NUMBER,
            },
            "additionalProperties": False,
        },
    ],
}


def indicators_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a plan's ``indicators.yaml``."""
    quote = {
        "type": "object",
        "required": ["what", "value"],
        "properties": {
            "what": {"enum": list(vocabulary.QUOTE_KINDS)},
            "value": _NUMBER,
            "year": {"type": "integer"},
            "period": {"type": "string", "description": "e.g. 2016-2020 when the quote is of another period"},
            "unit": {"type": "string"},
            "direction": {"enum": list(vocabulary.DIRECTIONS)},
            "printed": {"type": "string"},
            "note": {"type": "string"},
            "source": _SOURCE,
        },
        "additionalProperties": False,
    }
    goal = {
        "type": "object",
        "required": ["year"],
        "properties": {
            "year": {"type": "integer", "description": "the horizon: 2030, 2035, or a milestone inside the period"},
            "target": _FIGURE,
            "growth": _GROWTH,
            "direction": {"enum": list(vocabulary.DIRECTIONS)},
            "source": _SOURCE,
        },
        "additionalProperties": False,
    }
    indicator = {
        "type": "object",
        "required": ["id", "name", "unit", "kind"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "name": {"type": "string", "description": "as printed"},
            "name_en": {"type": "string"},
            "category": {"type": "string", "examples": list(vocabulary.CATEGORIES_EN)},
            "unit": {"type": "string", "description": "as printed; equal to the unit in the baseline CSV"},
            "unit_en": {"type": "string"},
            "kind": {
                "enum": list(vocabulary.KINDS),
                "description": "; ".join(f"{k}: {v}" for k, v in vocabulary.KINDS.items()),
            },
            "direction": {"enum": list(vocabulary.DIRECTIONS), "description": "default: as the target is printed"},
            "bounds": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": ["number", "null"]}},
            "attribute": {"enum": list(vocabulary.ATTRIBUTES)},
            "origin": {"enum": list(vocabulary.ORIGINS)},
            "group": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "base": {**_FIGURE, "description": "the base-year figure (else in the baseline CSV)"},
            "base_source": _SOURCE,
            "base_year": {"type": "integer", "description": "the indicator's own base year (default: the plan's)"},
            "target": {**_FIGURE, "description": "the target-year figure"},
            "target_year": {"type": "integer", "description": "the indicator's own target year (default: the plan's)"},
            "growth": _GROWTH,
            "goals": {"type": "array", "items": goal, "description": "further horizons (2030, 2035) or milestones"},
            "interpolation": {"enum": list(vocabulary.INTERPOLATIONS)},
            "prices": {
                "enum": list(vocabulary.PRICE_BASES),
                "description": "the prices the planned rate is at (GDP: comparable; revenue: current)",
            },
            "scope": {"type": "string", "description": "what the figures cover, as the plan says (不含凌钢)"},
            "source": _SOURCE,
            "quotes": {"type": "array", "items": quote},
            "note": {"type": "string"},
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lingyuan-targets/schema/indicators-1.json",
        "title": "lingyuan-targets plan: indicators.yaml",
        "type": "object",
        "required": ["plan", "indicators"],
        "properties": {
            "schema_version": {"const": 1},
            "plan": {
                "type": "object",
                "required": ["id", "base_year", "target_year"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "name_en": {"type": "string"},
                    "region": {"type": "string"},
                    "base_year": {"type": "integer"},
                    "target_year": {"type": "integer"},
                    "horizon_year": {"type": "integer"},
                    "source": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "indicators": {"type": "array", "minItems": 1, "items": indicator},
        },
        "additionalProperties": False,
    }
