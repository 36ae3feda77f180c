"""The parse cache gives back exactly what parsing gives, and never stands in the way."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from lingyuan_targets.io import yamlfile
from lingyuan_targets.io.plandir import default_plan_dir, load_plan
from lingyuan_targets.io.yamlfile import LineDict, load_yaml
from lingyuan_targets.plan.errors import PlanError


def _same(a, b, where="doc"):
    """Equal values, types, Decimal text (242 vs 242.0) and every line number."""
    assert type(a) is type(b), where
    if isinstance(a, LineDict):
        assert (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b)), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert (str(a), a) == (str(b), b), where


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(yamlfile.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("name", ["indicators.yaml", "relations.yaml"])
def test_a_cached_parse_is_the_parse(cache, name):
    path = default_plan_dir() / name
    first = load_yaml(path)  # parsed, then stored
    assert len(list(cache.glob("yaml-*.json"))) == 1
    second = load_yaml(path)  # read back
    _same(first, second)
    _same(yamlfile._parse(path, path.read_text(encoding="utf-8")), second)


def test_numbers_keep_their_printed_precision_through_the_cache(cache, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 242\nb: 242.0\nc:\n  - 20.60\n  - {d: -0.250, e: null, f: true, g: text}\n", encoding="utf-8")
    load_yaml(path)
    doc = load_yaml(path)
    assert [str(doc["a"]), str(doc["b"]), str(doc["c"][0])] == ["242", "242.0", "20.60"]
    assert doc["c"][1] == {"d": Decimal("-0.250"), "e": None, "f": True, "g": "text"}
    assert str(doc["c"][1]["d"]) == "-0.250"
    assert (doc.line_of("c"), doc["c"][1].line, doc["c"][1].line_of("g")) == (3, 5, 5)


def test_a_changed_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path) == {"a": Decimal(1)}
    path.write_text("a: 2\n", encoding="utf-8")
    assert load_yaml(path) == {"a": Decimal(2)}
    assert len(list(cache.glob("yaml-*.json"))) == 2


def test_a_damaged_cache_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_yaml(path)
    (stored,) = cache.glob("yaml-*.json")
    for damage in (
        "{not json",
        '{"\\u0000map": 5}',
        "[]",
        '{"lingyuan-targets-yaml-cache": 1, "doc": {"\\u0000map": 5}}',
    ):
        stored.write_text(damage, encoding="utf-8")
        doc = load_yaml(path)
        assert doc == {"a": Decimal(1)} and isinstance(doc, LineDict)


def test_errors_are_not_cached(cache, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PlanError, match="duplicate key"):
            load_yaml(path)
    assert not cache.exists() or not list(cache.glob("yaml-*.json"))


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(yamlfile.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yamlfile.cache_dir() is None
    load_plan()
    assert not list(tmp_path.rglob("*.json"))


def test_default_is_the_users_cache_directory(tmp_path, monkeypatch):
    monkeypatch.delenv(yamlfile.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yamlfile.cache_dir() == tmp_path / "lingyuan-targets"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv(yamlfile.CACHE_ENV, str(locked / "cache"))
    assert len(load_plan().indicators) > 100


def test_a_cache_path_that_is_a_file_is_skipped(tmp_path, monkeypatch):
    """A cache 'directory' that cannot be made (here: a file stands there) is no error: the plan loads as always."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(yamlfile.CACHE_ENV, str(blocker))
    assert len(load_plan().indicators) > 100
    assert blocker.read_text(encoding="utf-8") == ""


def test_a_second_load_reads_the_cache(cache, monkeypatch):
    """The second load of an unchanged file does not parse it."""
    path = default_plan_dir() / "relations.yaml"
    first = load_yaml(path)

    def no_parse(*_):
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlfile, "_parse", no_parse)
    _same(first, load_yaml(path))


@pytest.mark.parametrize("damage", [
    ('{"\\u0000dec":"', '{"\\u0000dec":"x'),  # a number that is not one
    ('"doc":', '"doc":' + "[" * 100_000),  # nesting deeper than JSON can read
])  # fmt: skip
def test_a_cache_file_damaged_inside_is_parsed_again(cache, tmp_path, damage):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1.5\nb: [2]\n", encoding="utf-8")
    load_yaml(path)
    (stored,) = cache.glob("yaml-*.json")
    text = stored.read_text(encoding="utf-8")
    assert damage[0] in text
    stored.write_text(text.replace(damage[0], damage[1], 1), encoding="utf-8")
    assert load_yaml(path) == {"a": Decimal("1.5"), "b": [Decimal(2)]}


def test_a_mapping_too_deep_to_cache_still_loads(cache, tmp_path):
    """A parse JSON cannot hold (nesting deeper than its encoder's recursion) is not cached, and loads as before."""
    path = tmp_path / "x.yaml"
    depth = 300
    path.write_text("x: " + "{b: " * depth + "1" + "}" * depth + "\n", encoding="utf-8")
    for _ in range(2):
        doc = load_yaml(path)
        for _ in range(depth + 1):  # x, then depth levels of b
            doc = doc["x"] if "x" in doc else doc["b"]
        assert doc == Decimal(1)


def test_no_home_directory_means_no_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(yamlfile.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert yamlfile.cache_dir() is None
    assert len(load_plan().indicators) > 100
