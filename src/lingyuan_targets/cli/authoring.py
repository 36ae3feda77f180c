"""``new``: a commented skeleton of a plan directory, to fill in from a plan's text."""

from __future__ import annotations

from pathlib import Path

import click

from .options import is_quiet, say


@click.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar="PLAN_DIR")
@click.option("--id", "plan_id", default=None, metavar="ID",
              help="The plan's id, kebab-case [default: the directory's name].")  # fmt: skip
@click.option("--name", default=None, metavar="TEXT", help="The plan's title as printed [default: the id].")
@click.option("--base-year", type=click.IntRange(1900, 2200), default=2020, show_default=True,
              help="The year of the plan's base figures.")  # fmt: skip
@click.option("--target-year", type=click.IntRange(1900, 2200), default=None,
              help="The year its targets are for [default: base year + 5].")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def new_cmd(directory: Path, plan_id: str | None, name: str | None, base_year: int, target_year: int | None,
            quiet: bool) -> None:  # fmt: skip
    """Write a new plan directory: indicators.yaml with the plan's header and commented examples.

    The directory is created if needed; an existing indicators.yaml is never
    overwritten. The skeleton has no indicators (nothing in it is a figure you
    did not type): replace `indicators: []` with what the plan prints, then
    validate and check it. Exit status 0 written, 2 usage error or the file
    exists.

    \b
    Examples:
      lingyuan-targets new plans/wanyuan --name 万源市“十四五”规划目标
      lingyuan-targets new plans/sanmenxia --base-year 2022 --target-year 2027
      lingyuan-targets validate plans/wanyuan && lingyuan-targets check --plan plans/wanyuan
    """
    from ..io.skeleton import new_plan
    from ..output.files import write_atomic

    path, text = new_plan(directory, plan_id, name, base_year, target_year or base_year + 5)
    write_atomic(path, text)
    if quiet or is_quiet():
        return
    say(f"Wrote {path}: add the plan's indicators, then run")
    say(f"  lingyuan-targets validate {directory}")
    say(f"  lingyuan-targets check --plan {directory}")


@click.command("draft")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), required=False, metavar="TEXT")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="PLAN_DIR",
              help="Write the drafted plan directory here (atomically) [default: print the review].")  # fmt: skip
@click.option("-f", "--format", "fmt", type=click.Choice(["markdown", "json"]), default=None,
              help="What to print: the review as Markdown, or the whole draft as JSON for scripts "
                   "[default: markdown without -o, nothing with it].")  # fmt: skip
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the plan's text from standard input.")
@click.option("--force", is_flag=True, help="Replace an existing plan directory.")
@click.option("--id", "plan_id", default=None, metavar="ID",
              help="The plan's id, kebab-case [default: PLAN_DIR's name, or 'draft'].")  # fmt: skip
@click.option("--name", default=None, metavar="TEXT", help="The plan's title [default: the first line of the text].")
@click.option("--base-year", type=click.IntRange(1900, 2200), default=None,
              help="The year of the base figures [default: from the main table's header or the text].")  # fmt: skip
@click.option("--target-year", type=click.IntRange(1900, 2200), default=None,
              help="The year of the targets [default: from the main table's header or the text].")  # fmt: skip
@click.option("--encoding", default=None, metavar="NAME",
              help="The text file's encoding [default: UTF-8 or GB18030, as the bytes read].")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Print no notes on stderr.")
def draft_cmd(source: Path | None, output: Path | None, fmt: str | None, from_stdin: bool, force: bool,
              plan_id: str | None, name: str | None, base_year: int | None, target_year: int | None,
              encoding: str | None, quiet: bool) -> None:  # fmt: skip
    """Draft a plan directory from a plan's published text: its main table and the targets of its sentences, every
    figure with its section, line and snippet, and review.md listing what the draft is unsure of.

    TEXT is a plain text file (UTF-8 or GB18030) or an HTML page; a PDF (its text
    layer: no OCR) or a Word .docx with the optional extra:
    pip install 'lingyuan-targets[draft]'. The draft writes indicators.yaml,
    baseline_<year>.csv, history.csv (the text's history tables),
    relations.yaml (其中 breakdowns read as sums), source/plan.txt (the text
    whose lines it cites) and review.md; what the plan readers would refuse
    is left out and listed in the review, so the plan validates. Read the
    review, correct the files, then validate and check the plan. An existing
    directory is replaced only with --force. Exit status 0 drafted; 2 usage
    error or a text that cannot be used (nothing is written).

    \b
    Examples:
      lingyuan-targets draft plan.txt -o plans/my-county
      lingyuan-targets draft page.html -o plans/my-county --force
      curl -s URL | lingyuan-targets draft --stdin -f json
      lingyuan-targets check --plan plans/my-county
    """
    from ..io.drafting import draft_lines
    from ..io.drafting.files import draft_document, settled_files
    from ..io.drafting.pages import source_lines
    from ..io.indicators import _ID
    from ..io.textfile import STDIN, Session
    from ..output.files import write_tree
    from ..output.review import review_markdown
    from ..output.text import to_json
    from ..plan.errors import Location, PlanError
    from .options import CliError, check_encoding

    check_encoding(encoding)
    if from_stdin == (source is not None):
        raise CliError("give the plan's text as TEXT or --stdin (one of them)")
    path = Path("-") if from_stdin else source
    assert path is not None
    if base_year and target_year and not base_year < target_year:
        raise CliError(f"--base-year {base_year} must come before --target-year {target_year}")
    ident = plan_id or (output.name if output is not None else "draft")
    if not _ID.fullmatch(ident):
        raise CliError(f"{ident!r} is not a kebab-case plan id (lower-case letters, digits and hyphens): give --id")
    session = Session(encoding=encoding, stdin=from_stdin or str(path) in STDIN)
    lines, kind = source_lines(path, session)
    draft = draft_lines(lines, kind, base_year=base_year, target_year=target_year)
    if not draft.indicators:
        raise PlanError("no figure to draft: neither a main-indicator table nor a target in its sentences (a text "
                        "of the plan, or an HTML page of it?); nothing written", Location(path), code="no-figures")  # fmt: skip
    try:
        files = settled_files(draft, ident, name)  # what the readers refuse is taken out and listed in the review
    except PlanError as err:
        if err.location is not None:
            raise
        raise PlanError(err.message, Location(path), code=err.code) from None  # named by the text it came from
    review = review_markdown(draft, ident)
    if output is not None:
        files["review.md"] = review
        write_tree(output, files, force=force, protected=[] if from_stdin else [path])
    if fmt == "json":
        click.echo(to_json(draft_document(draft, ident, name)), nl=False)
    elif fmt == "markdown" or output is None:
        from ..output.escape import no_log_commands

        click.echo(no_log_commands(review), nl=False)
    if output is not None and not (quiet or is_quiet()):
        rows = len(draft.table.rows) if draft.table else 0
        n, items = len(draft.indicators), len(draft.review)
        say(f"Wrote {output}: {n} indicator{'s' * (n != 1)} ({rows} from the main table), "
            f"{items} item{'s' * (items != 1)} to review in {output / 'review.md'}")  # fmt: skip
        say(f"  next: lingyuan-targets validate {output}")
        say(f"        lingyuan-targets check --plan {output}")
