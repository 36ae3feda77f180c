"""Reading files that are not what a reader expects: FIFOs, devices, sockets, directories, link loops, names too
long, files larger than they say, standard input, and text in UTF-16/32, GB18030, cp1252 or two encodings at once."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lingyuan_targets.cli import main
from lingyuan_targets.io import textfile
from lingyuan_targets.io.plandir import default_plan_dir, validate_plan
from lingyuan_targets.io.textfile import Session, read_text
from lingyuan_targets.plan.errors import PlanError

ROOT = Path(__file__).resolve().parents[1]
ACTUALS = ROOT / "examples" / "actuals-lingyuan-published.csv"
posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
LONG_NAME = "a" * 300  # one name beyond NAME_MAX (255)
LONG_PATH = "/".join(["abcdefghi"] * 500)  # 5,000 characters, beyond PATH_MAX (4,096)


def _invoke(args, input=None):
    return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], input=input,
                              catch_exceptions=False)  # fmt: skip


def _refused(path: Path, session: Session | None = None, limit: int = textfile.MAX_BYTES) -> PlanError:
    with pytest.raises(PlanError) as caught:
        read_text(path, session, limit)
    return caught.value


def _without_blocking(call, fifo: Path, seconds: float = 10):
    """``call()`` in a thread; should it block opening ``fifo``, a writer is opened to release it and the test
    fails (instead of hanging the run)."""
    box: dict = {}

    def run():
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        thread.join(seconds)
        pytest.fail(f"reading {fifo} blocked")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _plan_with(tmp_path: Path, name: str, make) -> Path:
    """A copy of the embedded plan whose file ``name`` is replaced by what ``make(path)`` creates."""
    plan = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan)
    (plan / name).unlink()
    make(plan / name)
    return plan


# ---------------------------------------------------------------- not a regular file
@posix
def test_a_fifo_is_refused_without_being_opened(tmp_path):
    """A FIFO is a special-file problem decided from its stat: no writer exists, so opening it would block."""
    fifo = tmp_path / "baseline_2020.csv"
    os.mkfifo(fifo)
    err = _without_blocking(lambda: _refused(fifo), fifo)
    assert err.code == "special-file"
    assert err.one() == f"{fifo}: is a FIFO (named pipe), expected a regular file"


@posix
def test_a_fifo_in_a_plan_is_a_finding_of_validate_and_an_error_of_the_other_commands(tmp_path):
    plan = _plan_with(tmp_path, "baseline_2020.csv", os.mkfifo)
    fifo = plan / "baseline_2020.csv"
    problems = _without_blocking(lambda: validate_plan(plan).problems, fifo)
    assert [(Path(p.location.file).name, p.code) for p in problems] == [("baseline_2020.csv", "special-file")]
    result = _without_blocking(lambda: _invoke(["validate", str(plan)]), fifo)
    assert result.exit_code == 1 and "is a FIFO (named pipe), expected a regular file [special-file]" in result.output
    result = _without_blocking(lambda: _invoke(["project", "--plan", str(plan), "-f", "csv"]), fifo)
    assert result.exit_code == 2 and "is a FIFO (named pipe)" in result.output and "Traceback" not in result.output


@posix
def test_a_fifo_as_actuals_or_as_a_plans_table(tmp_path):
    """--actuals FIFO and a FIFO named like a plans table are refused, nothing waits for a writer."""
    fifo = tmp_path / "actuals.csv"
    os.mkfifo(fifo)
    for args in (["track", "--actuals", str(fifo)], ["project", "--plan", str(fifo), "-f", "csv"]):
        result = _without_blocking(lambda args=args: _invoke(args), fifo)
        assert result.exit_code == 2, result.output
        assert f"{fifo}: is a FIFO (named pipe), expected a regular file [special-file]" in result.output
    result = _without_blocking(lambda: _invoke(["validate", str(fifo)]), fifo)
    assert result.exit_code == 1 and "[special-file]" in result.output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_character_device_is_refused(device):
    """/dev/zero would never end and /dev/null reads as empty: both are refused as devices, not read."""
    if not os.path.exists(device) or not stat.S_ISCHR(os.stat(device).st_mode):
        pytest.skip(f"no {device}")
    err = _refused(Path(device))
    assert (err.code, err.message) == ("special-file", "is a character device, expected a regular file")
    result = _invoke(["track", "--actuals", device])
    assert result.exit_code == 2 and f"{device}: is a character device" in result.output
    result = _invoke(["validate", "--actuals", device])
    assert result.exit_code == 1 and f"{device}: is a character device" in result.output


def test_a_block_device_is_refused():
    block = next((Path("/dev") / n for n in sorted(os.listdir("/dev")) if stat.S_ISBLK(os.stat(f"/dev/{n}").st_mode)),
                 None) if os.path.isdir("/dev") else None  # fmt: skip
    if block is None:
        pytest.skip("no block device")
    assert _refused(block).message == "is a block device, expected a regular file"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("socket path too long here")
    try:
        err = _refused(path)
    finally:
        server.close()
    assert (err.code, err.message) == ("special-file", "is a socket, expected a regular file")


def test_a_directory_is_refused(tmp_path):
    err = _refused(tmp_path)
    assert (err.code, err.message) == ("not-a-file", "is a directory, expected a file")


# ---------------------------------------------------------------- bounded by what is read
def test_a_file_larger_than_it_says_is_refused_by_the_bytes_read(tmp_path, monkeypatch):
    """The limit counts bytes read: a file that reports 10 bytes (it grew after stat) but holds 1,000 is refused."""
    path = tmp_path / "grows.csv"
    path.write_text("id,value\n" + "x,1\n" * 250, encoding="utf-8")
    real = os.stat

    def small(p, *args, **kwargs):
        info = real(p, *args, **kwargs)
        if os.fspath(p) != os.fspath(path):
            return info
        fields = list(info)
        fields[stat.ST_SIZE] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(textfile.os, "stat", small)
    err = _refused(path, limit=100)
    assert (err.code, err.message) == ("file-too-large", "more than 100 bytes were read; the limit is 100")
    assert read_text(path, limit=1_009) == path.read_text(encoding="utf-8")  # 1,009 bytes: exactly at the limit


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
def test_a_proc_file_reporting_size_zero_is_read_and_bounded():
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    text = read_text(status)
    assert text.startswith("Name:") and len(text) > 100
    assert _refused(status, limit=100).code == "file-too-large"


# ---------------------------------------------------------------- paths the system refuses
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX symbolic links")
def test_a_symbolic_link_loop_is_named_as_such(tmp_path):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    err = _refused(tmp_path / "a.csv")
    assert (err.code, err.message) == ("symlink-loop", "symbolic link loop (the links lead back to themselves)")
    plan = _plan_with(tmp_path, "baseline_2020.csv", lambda p: p.symlink_to(p))
    assert [p.code for p in validate_plan(plan).problems] == ["symlink-loop"]
    loop = str(tmp_path / "a.csv")
    for args in (["validate", loop], ["validate", "--actuals", loop], ["project", "--plan", loop],
                 ["track", "--actuals", loop]):  # fmt: skip
        result = _invoke(args)
        assert result.exit_code == 2, (args, result.output)
        assert "symbolic link loop" in result.output and "not found" not in result.output, result.output
        assert "Traceback" not in result.output and "Internal error" not in result.output


@pytest.mark.parametrize("name", [LONG_NAME, LONG_PATH], ids=["300-character name", "5000-character path"])
def test_a_name_too_long_is_one_line(tmp_path, name):
    """ENAMETOOLONG is a problem of its own (not "not found", never an internal error), in every command."""
    if os.name != "posix":
        pytest.skip("POSIX name limits")
    path = tmp_path / name
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            pytest.skip(f"this system says {exc.strerror}")
    err = _refused(path)
    assert (err.code, err.message) == ("name-too-long", "file name too long")
    for args in (["validate", str(path)], ["validate", "--actuals", str(path)], ["project", "--plan", str(path)],
                 ["check", "--plan", str(path)], ["list", "--plan", str(path)], ["track", "--actuals", str(path)],
                 ["project", "--plan", str(default_plan_dir()), "--plan", str(path)]):  # fmt: skip
        result = _invoke(args)
        assert result.exit_code == 2, (args[:2], result.output[-300:])
        assert "file name too long" in result.output, (args[:2], result.output[-300:])
        assert "Traceback" not in result.output and "Internal error" not in result.output


# ---------------------------------------------------------------- standard input
def test_actuals_from_standard_input_read_like_the_file():
    """--actuals - reads the CSV piped in, once: track prints what it prints for the file; validate finds it valid."""
    data = ACTUALS.read_bytes()
    from_file = _invoke(["track", "--actuals", str(ACTUALS), "-f", "csv"])
    piped = _invoke(["track", "--actuals", "-", "-f", "csv"], input=data)
    assert from_file.exit_code == piped.exit_code == 0, piped.output
    assert piped.stdout == from_file.stdout and from_file.stdout.count("\n") == 8
    result = _invoke(["validate", "--actuals", "-"], input=data)
    assert result.exit_code == 0 and "-: valid" in result.output


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="needs /dev/stdin")
def test_actuals_from_dev_stdin_in_a_pipe():
    """`cat actuals.csv | lingyuan-targets track --actuals /dev/stdin` reads the pipe (a FIFO refused elsewhere)."""
    command = [sys.executable, "-c", "from lingyuan_targets.cli import main; main()", "track", "-f", "csv"]
    expected = subprocess.run([*command, "--actuals", str(ACTUALS)], capture_output=True, timeout=120)
    piped = subprocess.run([*command, "--actuals", "/dev/stdin"], input=ACTUALS.read_bytes(), capture_output=True,
                           timeout=120)  # fmt: skip
    assert expected.returncode == piped.returncode == 0, piped.stderr
    assert piped.stdout == expected.stdout


def test_standard_input_is_bounded(monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id,year,value,source\n" * 10)))
    err = _refused(Path("-"), Session(stdin=True), limit=100)
    assert (err.code, err.message) == ("file-too-large", "more than 100 bytes were read; the limit is 100")


def test_standard_input_is_not_a_plan_file(tmp_path, monkeypatch):
    """Only a reading that takes standard input (an actuals file) reads "-": elsewhere it is a file name."""
    monkeypatch.chdir(tmp_path)
    assert _refused(Path("-")).code == "file-not-found"


# ---------------------------------------------------------------- encodings
TEXT = "id,name,value\ngdp,地区生产总值,150.2\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark(tmp_path, encoding):
    """A UTF-16/32 byte-order mark decides the encoding; the NUL bytes of its ASCII are not binary data."""
    from codecs import BOM_UTF16_BE

    path = tmp_path / "a.csv"
    data = TEXT.replace("\n", "\r\n").encode(encoding)
    path.write_bytes(BOM_UTF16_BE + data if encoding == "utf-16-be" else data)
    session = Session()
    assert read_text(path, session) == TEXT
    name = encoding.upper()[:6]
    assert session.notices == [f"{path}: read as {name} with a byte-order mark"]


def test_utf16_without_a_mark_needs_the_encoding_named(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode("utf-16-le"))
    err = _refused(path)
    assert (err.code, err.location.line) == ("binary-file", 1)
    session = Session(encoding="utf-16-le")
    assert read_text(path, session) == TEXT and session.notices == [f"{path}: read as UTF-16-LE"]


def test_a_nul_character_in_utf16_is_binary_data(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id\nx\x00y\n".encode("utf-16"))
    err = _refused(path)
    assert (err.code, err.location.line, err.message) == ("binary-file", 2, "binary data (a NUL character); "
                                                          "expected a text file")  # fmt: skip


def test_chinese_text_in_gb18030_is_read(tmp_path):
    """GB18030 Chinese, with the middle dot and the dash GBK maps differently from GB2312, reads with a notice."""
    path = tmp_path / "a.csv"
    text = "id,name,unit,value,note\ngdp,地区生产总值,亿元,150.2,凌源市·全口径——不含凌钢（预计）\n"
    path.write_bytes(text.encode("gb18030"))
    session = Session()
    assert read_text(path, session) == text
    assert session.notices == [f"{path}: not UTF-8: read as GB18030 (GBK), as saved by Chinese Excel/WPS"]


@pytest.mark.parametrize(("data", "reads"), [
    (b"Caf\xe9teria,1\n", "Caféteria,1"),  # decodes as GB18030: Caf閠eria (閠 is a GBK-only ideograph)
    ("id,name\nx,Le café coûte très cher à Genève\n".encode("cp1252"), "x,Le café coûte très cher à Genève"),
    ("id,name\nx,Größe\n".encode("cp1252"), "x,Größe"),  # GB18030: Gr鲞e, one ideograph inside a Latin word
    ("id,name\nx,créée\n".encode("cp1252"), "x,créée"),
])  # fmt: skip
def test_western_european_text_is_not_read_as_gb18030(tmp_path, data, reads):
    """cp1252 text is an encoding problem that quotes the line as cp1252 reads it and suggests that encoding."""
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    err = _refused(path)
    assert (err.code, err.hint, err.location.line) == ("encoding", "encoding-cp1252", data.count(b"\n"))
    assert err.message.endswith(f"; as cp1252 (Western European) the line reads {reads!r}")
    assert read_text(path, Session(encoding="cp1252")) == data.decode("cp1252")


def test_the_cp1252_hint_on_the_command_line(tmp_path):
    actuals = tmp_path / "a.csv"
    actuals.write_bytes("id,year,value,source\ngdp,2022,169.3,Bulletin de l'année\n".encode("cp1252"))
    result = _invoke(["track", "--actuals", str(actuals)])
    assert result.exit_code == 2
    # é before e is a GBK pair (0xE9 0x65): it decodes, as an ideograph GB2312 does not have
    assert f"{actuals}:2: not valid UTF-8, and not Chinese text in GB18030 either; as cp1252" in result.output
    assert "; pass --encoding cp1252 if that is how it reads, or save the file as UTF-8 [encoding]" in result.output
    fixed = _invoke(["track", "--actuals", str(actuals), "--encoding", "cp1252", "-f", "csv"])
    assert fixed.exit_code == 0 and "Bulletin de l'année" in fixed.stdout


@pytest.mark.parametrize(("lines", "bad", "good"), [
    ([("id,name", "utf-8"), ("gdp,地区生产总值", "utf-8"), ("retail,社会消费品零售总额", "gb18030"),
      ("forest,森林覆盖率", "utf-8")], 3, 2),
    ([("id,name", "utf-8"), ("retail,社会消费品零售总额", "gb18030"), ("forest,森林覆盖率", "utf-8")], 2, 3),
])  # fmt: skip
def test_mixed_encodings_name_the_first_line_that_is_not_utf8(tmp_path, lines, bad, good):
    """UTF-8 lines and a GB18030 line: an error at the GB18030 line, not the whole file decoded as GB18030."""
    path = tmp_path / "a.csv"
    path.write_bytes(b"".join(text.encode(encoding) + b"\n" for text, encoding in lines))
    err = _refused(path)
    assert (err.code, err.location.line) == ("encoding", bad)
    assert err.message == (f"mixed encodings: line {bad} is not UTF-8, while line {good} is; save the whole file in "
                           "one encoding")  # fmt: skip


def test_a_named_encoding_decodes_a_mixed_file_as_asked(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id,name\ngdp,地区\n".encode() + "retail,零售\n".encode("gb18030"))
    garbled = "地区".encode().decode("gb18030")
    assert garbled != "地区"
    assert read_text(path, Session(encoding="gb18030")) == f"id,name\ngdp,{garbled}\nretail,零售\n"


def test_a_gb18030_line_that_happens_to_be_valid_utf8_is_not_mixing(tmp_path):
    """元 in GB18030 (D4 AA) is also UTF-8 (Ԫ): a line holding only it does not make a GBK file mixed."""
    text = "id,unit\nincome,元\ngdp,亿元\n"
    assert "income,元".encode("gb18030").decode("utf-8") == "income,\u052a"
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("gb18030"))
    assert read_text(path) == text


def test_encoding_utf16_for_a_plan_through_the_command_line(plan_copy):
    """--encoding utf-16 reads a baseline saved as UTF-16 without a mark; the plan's UTF-8 files stay UTF-8."""
    baseline = plan_copy / "baseline_2020.csv"
    args = ["project", "--plan", str(plan_copy), "-f", "csv"]
    expected = _invoke(args)
    baseline.write_bytes(baseline.read_text(encoding="utf-8").encode("utf-16-le"))
    refused = _invoke(args)
    assert refused.exit_code == 2 and f"{baseline}:1: binary data (a NUL byte)" in refused.output
    named = _invoke([*args, "--encoding", "utf-16"])
    assert expected.exit_code == named.exit_code == 0, named.output
    assert named.stdout == expected.stdout and expected.stdout.count("\n") > 40
    assert f"note: {baseline}: read as UTF-16" in named.output
    assert _invoke(["validate", str(plan_copy), "--encoding", "utf-16"]).exit_code == 0


@pytest.mark.parametrize(("encoding", "named"), [("utf-16", None), ("utf-32", None), ("utf-16-le", "utf-16")])
def test_actuals_in_utf16_through_the_command_line(tmp_path, encoding, named):
    """An actuals file in UTF-16/32 tracks like the UTF-8 one: by its mark, or with --encoding utf-16."""
    path = tmp_path / "a.csv"
    path.write_bytes(ACTUALS.read_text(encoding="utf-8").encode(encoding))
    expected = _invoke(["track", "--actuals", str(ACTUALS), "-f", "csv"])
    result = _invoke(["track", "--actuals", str(path), "-f", "csv", *(["--encoding", named] if named else [])])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected.stdout


@pytest.mark.parametrize("name", ["scenarios.yaml", "sums.csv", "history.csv", "relations.yaml", "projects.csv"])
@pytest.mark.parametrize("link", ["loop", "dangling"])
def test_an_optional_file_that_is_a_broken_link_is_a_problem(tmp_path, name, link):
    """An optional plan file given as a link loop or a link to nothing is reported, not taken for a file left out."""
    plan = tmp_path / "plan"
    shutil.copytree(Path(__file__).resolve().parent / "corpus" / "base", plan)
    (plan / name).symlink_to(name if link == "loop" else "nowhere")
    codes = [(Path(p.location.file).name, p.code) for p in validate_plan(plan).problems]
    assert codes == [(name, "symlink-loop" if link == "loop" else "file-not-found")]
