"""The parse cache gives back exactly what parsing gives, and never stands in the way."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from decimal import Decimal
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lingyuan_targets.cli import main
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
    ("[", "[" * 100_000),  # nesting deeper than JSON can read
])  # fmt: skip
@pytest.mark.parametrize("signed", [False, True])
def test_a_cache_file_damaged_inside_is_parsed_again(cache, tmp_path, damage, signed):
    """Damage is parsed again both as a hand edit (its MAC fails) and with a valid MAC (its JSON cannot be read)."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 1.5\nb: [2]\n", encoding="utf-8")
    load_yaml(path)
    entry = _entry_of(path)
    head, body = entry.file.read_bytes().split(b"\n", 1)
    assert damage[0].encode() in body
    body = body.replace(damage[0].encode(), damage[1].encode(), 1)
    entry.file.write_bytes((entry.head(body) if signed else head) + b"\n" + body)
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


# ------------------------------------------------------- tampered, planted and shared caches
POSIX = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and mode bits")
COMMANDS = (["project", "-f", "csv"], ["check", "-f", "json"])
INDICATORS = default_plan_dir() / "indicators.yaml"
GDP_TARGET = re.compile(rb'(\["target",\d+,\{"\\u0000dec":")242("\}\])')  # gdp's target, the first 242 one


def _entry_of(path: Path) -> yamlfile._Entry:
    entry = yamlfile._entry(path.read_text(encoding="utf-8"))
    assert entry is not None
    return entry


def _outputs() -> list[tuple[int, bytes]]:
    results = [CliRunner().invoke(click.Command("x", callback=lambda c=c: main(list(c))), [], catch_exceptions=False)
               for c in COMMANDS]  # fmt: skip
    return [(r.exit_code, r.stdout_bytes) for r in results]


@pytest.fixture(scope="module")
def reference() -> list[tuple[int, bytes]]:
    """The outputs with no cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(yamlfile.CACHE_ENV, "off")
        return _outputs()


def _moved_target(entry: yamlfile._Entry) -> bytes:
    """The cached indicators.yaml with gdp's target 242 made 300."""
    body = entry.file.read_bytes().split(b"\n", 1)[1]
    moved, n = GDP_TARGET.subn(rb"\g<1>300\g<2>", body, count=1)
    assert n == 1
    return moved


def _names(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir())


def test_the_cache_never_changes_the_outputs(cache, reference, monkeypatch):
    """project -f csv and check -f json give the same bytes and exit codes cold, warm, after a hand edit of an
    entry, and with entries planted the old way (sha256 names, no MAC); a re-signed edit shows the edit matters."""
    assert reference[1][0] == 1 and reference[0][1].startswith(b"id,name,unit,")
    assert _outputs() == reference  # cold
    assert len(list(cache.glob("yaml-*.json"))) >= 3  # indicators, relations, scenarios
    with monkeypatch.context() as mp:  # warm: from the cache, nothing parsed
        mp.setattr(yamlfile, "_parse", lambda *_: pytest.fail("parsed again"))
        assert _outputs() == reference
    entry = _entry_of(INDICATORS)
    good = entry.file.read_bytes()
    moved = _moved_target(entry)

    entry.file.write_bytes(good.split(b"\n", 1)[0] + b"\n" + moved)  # a hand edit: the MAC no longer fits
    assert _outputs() == reference
    assert entry.file.read_bytes() == good  # the edited entry was replaced by the parse

    text = INDICATORS.read_text(encoding="utf-8")
    old_name = hashlib.sha256(yamlfile._CODE[0] + hashlib.sha256(text.encode()).digest()).hexdigest()
    old_way = b'{"lingyuan-targets-yaml-cache":1,"doc":' + moved + b"}"
    (cache / f"yaml-{old_name}.json").write_bytes(old_way)  # planted where the old code looked
    assert _outputs() == reference
    entry.file.write_bytes(old_way)  # and where this code looks
    assert _outputs() == reference
    assert entry.file.read_bytes() == good

    entry.file.write_bytes(entry.head(moved) + b"\n" + moved)  # the same edit with the key's MAC is believed:
    changed = _outputs()  # what the MAC keeps out changes check's verdicts
    assert changed[0] == reference[0] and changed[1] != reference[1]


def test_an_entry_is_bound_to_its_text_and_code(cache, tmp_path):
    """A signed entry for another text, or from another version of this code, is not the parse of this file."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_yaml(path)
    entry = _entry_of(path)
    body = json.dumps(yamlfile._encode(yamlfile._parse(path, "a: 2\n"))).encode()
    text_digest = hashlib.sha256(b"a: 2\n").digest()
    for subject in (yamlfile._CODE[0] + text_digest, hashlib.sha256(b"other code").digest() + entry.subject[32:]):
        entry.file.write_bytes(entry._replace(subject=subject).head(body) + b"\n" + body)
        assert load_yaml(path) == {"a": Decimal(1)}


def test_the_key_is_private_random_and_names_cannot_be_computed_offline(tmp_path, monkeypatch):
    names = []
    for where in (tmp_path / "one", tmp_path / "two"):
        monkeypatch.setenv(yamlfile.CACHE_ENV, str(where))
        load_yaml(INDICATORS)
        key = where / "key"
        assert key.stat().st_size == 32 and _names(where)[0] == "key"
        if hasattr(os, "getuid"):
            assert stat.S_IMODE(key.stat().st_mode) == 0o600 and stat.S_IMODE(where.stat().st_mode) == 0o700
        names.append(_names(where)[1])
    assert names[0] != names[1]  # each user's key gives its own names
    text = INDICATORS.read_text(encoding="utf-8").encode()
    assert f"yaml-{hashlib.sha256(yamlfile._CODE[0] + hashlib.sha256(text).digest()).hexdigest()}.json" not in names


def _fill_and_resign(cache: Path) -> None:
    """Fill the cache, then give indicators.yaml's entry a moved target under the key's MAC."""
    assert len(_outputs()) == 2
    entry = _entry_of(INDICATORS)
    moved = _moved_target(entry)
    entry.file.write_bytes(entry.head(moved) + b"\n" + moved)


@POSIX
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o720, 0o702, 0o1777], ids=oct)
def test_a_directory_others_can_write_is_not_used(cache, reference, monkeypatch, mode):
    """Nothing is read from it (not even an entry with a valid MAC) and nothing is written to it."""
    _fill_and_resign(cache)
    cache.chmod(mode)
    assert _outputs() == reference
    fresh = cache.parent / "fresh"
    fresh.mkdir()
    fresh.chmod(mode)
    monkeypatch.setenv(yamlfile.CACHE_ENV, str(fresh))
    assert _outputs() == reference
    assert _names(fresh) == []


@POSIX
def test_a_directory_others_can_only_read_is_used(cache, reference):
    cache.mkdir(mode=0o755)
    cache.chmod(0o755)
    assert _outputs() == reference
    assert len(list(cache.glob("yaml-*.json"))) >= 3


@POSIX
def test_a_directory_of_another_user_is_not_used(cache, reference, monkeypatch):
    _fill_and_resign(cache)
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    assert _outputs() == reference


@POSIX
@pytest.mark.parametrize("damage", ["0o644", "0o640", "0o604", "0o660", "short", "symlink", "directory"])
def test_a_key_others_can_read_or_that_is_not_a_plain_key_is_not_used(cache, reference, damage):
    """An entry with the key's MAC is not read, and nothing is written, when the key file is not the user's
    private 32 bytes (a symlink to such a file neither)."""
    _fill_and_resign(cache)
    key = cache / "key"
    secret = key.read_bytes()
    if damage.startswith("0o"):
        key.chmod(int(damage, 8))
    elif damage == "short":
        key.write_bytes(secret[:16])
    else:
        key.unlink()
        if damage == "symlink":
            (cache.parent / "elsewhere").write_bytes(secret)
            (cache.parent / "elsewhere").chmod(0o600)
            key.symlink_to(cache.parent / "elsewhere")
        else:
            key.mkdir()
    assert _outputs() == reference
    for entry in cache.glob("yaml-*.json"):
        entry.unlink()
    assert _outputs() == reference
    assert not list(cache.glob("yaml-*.json"))


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_a_key_of_another_user_is_not_used(cache, reference):
    _fill_and_resign(cache)
    os.chown(cache / "key", os.getuid() + 1, -1)
    assert _outputs() == reference


def test_without_user_ids_the_cache_still_checks_its_mac(cache, tmp_path, monkeypatch):
    """Where there are no user ids (Windows) ownership is not checked, and an entry is still read only with its MAC."""
    monkeypatch.delattr(os, "getuid", raising=False)
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_yaml(path)
    entry = _entry_of(path)
    good = entry.file.read_bytes()
    with monkeypatch.context() as mp:
        mp.setattr(yamlfile, "_parse", lambda *_: pytest.fail("parsed again"))
        assert load_yaml(path) == {"a": Decimal(1)}
    entry.file.write_bytes(good.replace(b'"1"', b'"2"'))
    assert load_yaml(path) == {"a": Decimal(1)}
    assert entry.file.read_bytes() == good


@pytest.mark.parametrize("planted", ["fifo", "link-to-dev-zero", "too-large"])
def test_an_entry_that_is_not_a_plain_file_is_parsed_again(cache, reference, monkeypatch, planted):
    """An entry replaced by a FIFO (a read would block), a link to /dev/zero (a read would never end) or a file past
    ENTRY_LIMIT: not read, the file parsed, the outputs the same, and the entry replaced by a good one."""
    import os
    import threading

    assert _outputs() == reference
    entry = _entry_of(INDICATORS)
    good = entry.file.read_bytes()
    entry.file.unlink()
    if planted == "fifo":
        os.mkfifo(entry.file)
    elif planted == "link-to-dev-zero":
        entry.file.symlink_to("/dev/zero")
    else:
        monkeypatch.setattr(yamlfile, "ENTRY_LIMIT", len(good) - 1)
        entry.file.write_bytes(good)
    done: list[list[tuple[int, bytes]]] = []
    worker = threading.Thread(target=lambda: done.append(_outputs()), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # a regression: release the blocked read so the test ends
        with open(entry.file, "wb"):
            pass
        pytest.fail("reading the cache entry blocked")
    assert done == [reference]
    if planted != "too-large":
        assert entry.file.is_file() and not entry.file.is_symlink() and entry.file.read_bytes() == good
