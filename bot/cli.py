"""`fwbot`: console, ask, kb check and eval. Slack code is imported only by `serve`."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from knowledge import KnowledgeBase, KnowledgeBaseError, default_path, load_knowledge_base

if TYPE_CHECKING:
    from bot.brain import Brain

log = logging.getLogger("fwbot")
# `kb check` warns about facts older than this (`kb stale --months` lists any age).
STALE_MONTHS = 12
# `fwbot gaps --since`: daily counters are kept about this long.
MAX_GAPS_DAYS = 400


def main(argv: Sequence[str] | None = None, *, exit_fast: bool = False) -> int:
    """Runs one command. `exit_fast`: after a one-shot command (ask, eval, kb), end the
    process once its output is flushed, without freeing the built brain object by object
    at interpreter exit (tens of milliseconds of a `fwbot ask`); for a whole process only,
    never where a caller goes on."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    if exit_fast and getattr(args, "one_shot", False):
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fwbot", description="Framework Advisor")
    parser.add_argument(
        "--kb", type=Path, default=None, help="knowledge base directory (default: the shipped one)"
    )
    commands = parser.add_subparsers(title="commands")

    console = commands.add_parser("console", help="chat in the terminal")
    console.add_argument("--json", action="store_true", help="JSON lines in and out")
    console.set_defaults(run=_console)

    ask = commands.add_parser("ask", help="one message, one reply (stdin if no TEXT)")
    ask.add_argument("--json", action="store_true", help="print the reply object as JSON")
    ask.add_argument("text", nargs="*", help="the message")
    ask.set_defaults(run=_ask, one_shot=True)

    kb = commands.add_parser("kb", help="knowledge base tools")
    kb_commands = kb.add_subparsers(title="kb commands")
    check = kb_commands.add_parser("check", help="validate a knowledge base directory")
    check.add_argument("path", nargs="?", type=Path, default=None)
    check.add_argument(
        "--quotes-from",
        type=Path,
        action="append",
        metavar="FILE",
        help="check every quote from a quoted source (the article) is in this text",
    )
    check.set_defaults(run=_kb_check, one_shot=True)
    stale = kb_commands.add_parser("stale", help="facts not checked against their source lately")
    stale.add_argument("--months", type=int, default=12, help="older than this (default 12)")
    stale.set_defaults(run=_kb_stale, one_shot=True)

    gaps = commands.add_parser(
        "gaps", help="what people asked that the bot could not answer well (from FWBOT_STORE)"
    )
    gaps.add_argument("--since", type=int, default=7, metavar="DAYS", help="last DAYS days (7)")
    gaps.add_argument("--json", action="store_true", help="one JSON object (see the contract)")
    gaps.add_argument("--purge", action="store_true", help="delete every kept question first")
    gaps.set_defaults(run=_gaps, one_shot=True)

    serve = commands.add_parser("serve", help="run the Slack app (Socket Mode or HTTP)")
    serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP interface (default all)")
    serve.set_defaults(run=_serve)

    evaluate = commands.add_parser(
        "eval", help="intent evaluation on a labelled TSV, or key-point probes of answers"
    )
    evaluate.add_argument("file", type=Path, nargs="?", help="labelled TSV (see the contract)")
    evaluate.add_argument(
        "--answers", type=Path, metavar="FILE", help="key-point probes (JSON, see the contract)"
    )
    evaluate.add_argument(
        "--holdout",
        action="store_true",
        help="score the phrase book's held-out phrases, training without them",
    )
    evaluate.add_argument("--json", action="store_true", help="machine-readable report")
    evaluate.set_defaults(run=_eval, one_shot=True)
    return parser


def _load(args: argparse.Namespace) -> KnowledgeBase | None:
    try:
        return load_knowledge_base(args.kb)
    except KnowledgeBaseError as error:
        print(f"The knowledge base is invalid ({len(error.problems)} problems):", file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None


def _brain(args: argparse.Namespace) -> Brain | None:
    from bot.brain import Brain  # noqa: PLC0415  (kept off `kb check`'s start-up path)
    from bot.warm_start import BrainCache  # noqa: PLC0415

    cache = BrainCache.from_environment(args.kb or default_path())
    # Loading or building makes a great many objects and no garbage worth collecting yet:
    # without the cyclic collector's passes over them it takes about an eighth less time.
    gc.disable()
    try:
        cached = cache.load() if cache is not None else None
        if cached is not None:
            return cached
        kb = _load(args)
        if kb is None:
            return None
        try:
            brain = Brain(kb)
        except (OSError, ValueError, yaml.YAMLError) as error:  # pydantic errors: ValueErrors
            print(f"The intents data (phrases, lexicon, synonyms) is invalid: {error}",
                  file=sys.stderr)  # fmt: skip
            return None
    finally:
        # The brain lives as long as the process: collections need not walk it again.
        gc.freeze()
        gc.enable()
    if cache is not None:
        cache.save(brain)
    return brain


def _console(args: argparse.Namespace) -> int:
    from bot.console import run_interactive, run_json_lines  # noqa: PLC0415
    from bot.conversations import Conversations  # noqa: PLC0415
    from bot.learning.journal import open_journal  # noqa: PLC0415
    from bot.learning.recorder import Learning  # noqa: PLC0415
    from bot.settings import SettingsError, load_learning_settings  # noqa: PLC0415
    from bot.store import open_store  # noqa: PLC0415
    from bot.store.base import StoreUnavailableError  # noqa: PLC0415
    from bot.store.factory import StoreConfigError  # noqa: PLC0415

    try:
        settings = load_learning_settings(os.environ)
    except SettingsError as error:
        print(f"fwbot console: {error}", file=sys.stderr)
        return 2
    brain = _brain(args)
    if brain is None:
        return 1
    try:
        store = open_store(os.environ.get("FWBOT_STORE"))
    except (StoreConfigError, StoreUnavailableError) as error:
        print(error, file=sys.stderr)
        return 2
    try:
        learning = Learning(open_journal(os.environ.get("FWBOT_STORE")), settings)
    except StoreUnavailableError as error:
        store.close()
        print(error, file=sys.stderr)
        return 2
    conversations = Conversations(brain, store)
    try:
        if args.json:
            return run_json_lines(conversations, learning=learning)
        return run_interactive(conversations, learning=learning)
    finally:
        learning.close()
        store.close()


def _ask(args: argparse.Namespace) -> int:
    brain = _brain(args)
    if brain is None:
        return 1
    from bot.render.text import for_terminal, terminal_width  # noqa: PLC0415

    messages = [" ".join(args.text)] if args.text else (line.rstrip("\n") for line in sys.stdin)
    width = terminal_width(sys.stdout)
    for message in messages:
        reply = brain.handle(message).reply
        shown = reply.model_dump_json() if args.json else for_terminal(reply.text, width)
        print(shown, flush=True)
    return 0


def _kb_check(args: argparse.Namespace) -> int:
    path = args.path or args.kb
    try:
        kb = load_knowledge_base(path)
    except KnowledgeBaseError as error:
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s) found.", file=sys.stderr)
        return 1
    from knowledge.audit import (  # noqa: PLC0415
        Finding,
        missing_cells,
        missing_quotes,
        shifted_questions,
        stale_facts,
        unused_sources,
    )

    unquoted: list[Finding] = []
    for text_path in args.quotes_from or []:
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"fwbot kb check: cannot read {text_path}: {error}", file=sys.stderr)
            return 1
        unquoted += missing_quotes(kb, text)
    for finding in unquoted:
        print(finding)
    if unquoted:
        print(f"{len(unquoted)} quote(s) not found.", file=sys.stderr)
        return 1
    warnings = [str(finding) for finding in (*missing_cells(kb), *shifted_questions(kb))]
    warnings += [f"source {source_id!r} is cited by no fact" for source_id in unused_sources(kb)]
    stale = stale_facts(kb, STALE_MONTHS, date.today())
    if stale:
        warnings.append(
            f"{len(stale)} fact(s) older than {STALE_MONTHS} months (`fwbot kb stale` lists them)"
        )
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    facts = len(set(map(id, kb.all_facts())))
    corrections = sum(1 for f in kb.all_facts() if f.outdated is not None)
    print(
        f"{kb.path}: OK ({len(kb.frameworks)} frameworks, {len(kb.aspects)} aspects, "
        f"{len(kb.topics)} topics, {len(kb.sources)} sources, {facts} facts, "
        f"{corrections} corrections, {len(warnings)} warnings)"
    )
    return 0


def _kb_stale(args: argparse.Namespace) -> int:
    from knowledge.audit import stale_facts  # noqa: PLC0415

    kb = _load(args)
    if kb is None:
        return 1
    if args.months < 0:
        print("fwbot kb stale: --months must be 0 or more", file=sys.stderr)
        return 2
    stale = stale_facts(kb, args.months, date.today())
    for finding in stale:
        print(finding)
    print(f"{len(stale)} fact(s) older than {args.months} months.")
    return 0


def _gaps(args: argparse.Namespace) -> int:
    import time  # noqa: PLC0415

    from bot.learning.gaps import QuestionGrouper, format_gaps, gaps_report  # noqa: PLC0415
    from bot.learning.journal import open_journal  # noqa: PLC0415
    from bot.store.base import StoreUnavailableError  # noqa: PLC0415
    from bot.store.factory import StoreConfigError  # noqa: PLC0415

    if not 1 <= args.since <= MAX_GAPS_DAYS:
        print(f"fwbot gaps: --since must be 1 to {MAX_GAPS_DAYS} days", file=sys.stderr)
        return 2
    kb = _load(args)
    if kb is None:
        return 1
    spec = os.environ.get("FWBOT_STORE") or "memory"
    if spec.startswith("sqlite:///") and not Path(spec.removeprefix("sqlite:///")).is_file():
        print(f"fwbot gaps: no SQLite store at {spec.removeprefix('sqlite:///')}", file=sys.stderr)
        return 1
    try:
        journal = open_journal(spec)
    except (StoreConfigError, StoreUnavailableError) as error:
        print(f"fwbot gaps: {error}", file=sys.stderr)
        return 2
    if not journal.shared:
        print(
            "fwbot gaps: FWBOT_STORE=memory keeps what each bot process learns inside that "
            "process, where this command can't read it; run the bot with "
            "FWBOT_STORE=sqlite:///path or redis://... and point FWBOT_STORE here at it",
            file=sys.stderr,
        )
    try:
        if args.purge:
            purged = journal.purge()
            print(f"fwbot gaps: deleted {purged} kept question(s)", file=sys.stderr)
        usage = gaps_report(journal, QuestionGrouper(kb), args.since, time.time())
    except StoreUnavailableError as error:
        print(f"fwbot gaps: {error}", file=sys.stderr)
        return 1
    finally:
        journal.close()
    print(usage.report.model_dump_json() if args.json else format_gaps(usage, kb))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from bot.settings import SettingsError, load_slack_settings  # noqa: PLC0415

    try:
        settings = load_slack_settings(os.environ)
    except SettingsError as error:
        print(f"fwbot serve: {error}", file=sys.stderr)
        return 2
    kb = _load(args)
    if kb is None:
        return 1
    from bot.logging_setup import configure_logging  # noqa: PLC0415
    from bot.slack.server import serve  # noqa: PLC0415

    configure_logging(os.environ)
    return serve(settings, kb, args.host, args.port)


def _eval(args: argparse.Namespace) -> int:
    from intents import Understander  # noqa: PLC0415
    from intents.evaluate import (  # noqa: PLC0415
        evaluate,
        format_report,
        holdout_rows,
        read_labelled_tsv,
    )
    from intents.phrases import load_phrase_book  # noqa: PLC0415

    if args.answers is not None:
        return _eval_answers(args)
    if (args.file is None) == (not args.holdout):
        print("fwbot eval: give a FILE, --holdout or --answers FILE (one of them)", file=sys.stderr)
        return 2
    kb = _load(args)
    if kb is None:
        return 1
    if args.holdout:
        book = load_phrase_book()
        understander = Understander(kb, book, include_holdout=False)
        report = evaluate(holdout_rows(book), understander)
    else:
        try:
            rows = read_labelled_tsv(args.file)
        except (OSError, KeyError, UnicodeDecodeError) as error:
            print(f"fwbot eval: cannot read {args.file}: {error}", file=sys.stderr)
            return 1
        report = evaluate(rows, Understander(kb))
    print(report.model_dump_json(indent=2) if args.json else format_report(report))
    return 0


def _eval_answers(args: argparse.Namespace) -> int:
    from bot.answer_eval import (  # noqa: PLC0415
        ProbeFileError,
        format_report,
        read_probes,
        report,
        run_probes,
    )

    if args.file is not None or args.holdout:
        print("fwbot eval: --answers FILE takes no other file or --holdout", file=sys.stderr)
        return 2
    try:
        probes = read_probes(args.answers)
    except ProbeFileError as error:
        print(f"fwbot eval: {error}", file=sys.stderr)
        return 1
    brain = _brain(args)
    if brain is None:
        return 1
    results = report(run_probes(probes, lambda q: brain.handle(q).reply.text))
    print(results.model_dump_json(indent=2) if args.json else format_report(results))
    return 0
