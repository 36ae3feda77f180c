"""A JSON Schema of ``indicators.yaml``, built from the allowed values in :mod:`~lingyuan_targets.plan.vocabulary` (one source)."""

from __future__ import annotations

from typing import Any

from ..plan import vocabulary

_SOURCE = {
    "type": "object",
    "required": ["section", "snippet"],
    "properties": {
        "section": {"type": "string", "description": "chapter/section or table, e.g. 第二章第二节 主要指标表"},
        "line": {"type": "integer", "minimum": 1, "description": "line of the plan text"},
        "snippet": {"type": "string", "description": "the original text, verbatim"},
    },
    "additionalProperties": False,
}
_NUMBER = {"type": "number", "description": "as printed; its decimals are kept (242 ≠ 242.0)"}


def indicators_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a plan's ``indicators.yaml``."""
    quote = {
        "type": "object",
        "required": ["what", "value", "source"],
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
    indicator = {
        "type": "object",
        "required": ["id", "name", "name_en", "category", "unit", "kind", "direction", "origin", "source"],
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
            "direction": {"enum": list(vocabulary.DIRECTIONS)},
            "bounds": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": ["number", "null"]}},
            "attribute": {"enum": list(vocabulary.ATTRIBUTES)},
            "origin": {"enum": list(vocabulary.ORIGINS)},
            "group": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "target": {"type": ["number", "null"], "description": "the target-year figure as printed"},
            "growth": {
                "type": "object",
                "required": ["basis"],
                "properties": {
                    "printed": {"type": "string"},
                    "basis": {"enum": list(vocabulary.GROWTH_BASES)},
                    "value": _NUMBER,
                    "reading": {"enum": list(vocabulary.READINGS)},
                },
                "additionalProperties": False,
            },
            "interpolation": {"enum": list(vocabulary.INTERPOLATIONS)},
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
                "required": ["id", "name", "base_year", "target_year"],
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
