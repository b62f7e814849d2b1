"""`vpcdesigner import aws|cloudformation ... -o DESIGN`: bring an existing network in as a design.

The import report (what was mapped, skipped, or stands in as a placeholder) goes to stderr; the
design is written atomically, so a failed import never leaves half a file. Exit 0 = imported
(warnings allowed), 2 = bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ..model import DesignFileError, save
from .common import EXIT_OK, fail, guarded, parse_params

BAR_WIDTH = 28


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(
        name, help="import a design from an AWS account or CloudFormation templates",
        description="Import an existing network as a design. Exit 0 = imported (warnings allowed), 2 = bad input.")
    sources = p.add_subparsers(dest="source", metavar="SOURCE", required=True)

    aws = sources.add_parser(
        "aws", help="from saved describe-* JSON or live from an account",
        description="Import from a folder of saved `aws ec2 describe-*` / `elbv2 describe-*` JSON "
        "(Batfish's aws_configs/[<region>/] layout), or with --live straight from an account through boto3 "
        "(credentials and region from the usual AWS configuration).")
    aws.add_argument("snapshot", nargs="?", metavar="SNAPSHOT_DIR", help="folder (or one file) of describe-* JSON")
    aws.add_argument("--live", action="store_true", help="call the AWS APIs instead of reading a folder")
    aws.add_argument("--profile", metavar="P", help="AWS profile to use (--live)")
    aws.add_argument("--region", action="append", default=[], metavar="R",
                     help="region to describe; repeat for several (--live; default: the profile's region)")
    aws.add_argument("--save-snapshot", metavar="DIR", help="also save the API responses there (--live)")
    aws.add_argument("--endpoint-url", metavar="URL", help=argparse.SUPPRESS)
    _common(aws)
    aws.set_defaults(run=run_aws)

    cfn = sources.add_parser(
        "cloudformation", help="from CloudFormation templates (YAML or JSON)",
        description="Import CloudFormation templates; give a stack name with TEMPLATE@STACK "
        "(default: the file name). Templates given together resolve each other's exports.")
    cfn.add_argument("templates", nargs="+", metavar="TEMPLATE[@STACK]")
    cfn.add_argument("--param", action="append", default=[], metavar="[STACK.]K=V", help="parameter value")
    cfn.add_argument("--params", metavar="FILE", help="parameter file (the AWS CLI format)")
    _common(cfn)
    cfn.set_defaults(run=run_cloudformation)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="DESIGN", help="design file to write (.vpcd.json)")
    p.add_argument("-q", "--quiet", action="store_true", help="report only warnings and errors")


@guarded
def run_aws(args: argparse.Namespace) -> int:
    from ..exchange.aws import LiveImportError, SnapshotError, import_snapshot

    _check_output(args.output)
    try:
        if args.live:
            if args.snapshot:
                fail("give either SNAPSHOT_DIR or --live, not both")
            from ..exchange.aws.live import import_live

            bar = ProgressLine(sys.stderr)
            try:
                result = import_live(profile=args.profile, regions=args.region or None, progress=bar,
                                     save_snapshot=args.save_snapshot, endpoint_url=args.endpoint_url)
            finally:
                bar.close()
        else:
            if not args.snapshot:
                fail("give SNAPSHOT_DIR (a folder of describe-* JSON) or --live")
            if args.profile or args.region or args.save_snapshot:
                fail("--profile, --region and --save-snapshot only apply with --live")
            result = import_snapshot(args.snapshot)
    except (SnapshotError, LiveImportError, DesignFileError) as exc:
        fail(str(exc))
    return _finish(result, args)


@guarded
def run_cloudformation(args: argparse.Namespace) -> int:
    _check_output(args.output)
    try:
        from ..exchange.cloudformation.importer import import_templates  # type: ignore[import-not-found]
    except ImportError:
        print("vpcdesigner: CloudFormation import is not available yet in this build", file=sys.stderr)
        return 2
    if args.params and not Path(args.params).is_file():
        fail(f"{args.params}: no such parameter file")
    try:
        result = import_templates(list(args.templates), parse_params(args.param), params_file=args.params)
    except DesignFileError as exc:
        fail(str(exc))
    except Exception as exc:  # the importer's errors all name the file, line or logical id
        if type(exc).__name__.endswith("Error") and not isinstance(exc, (TypeError, AttributeError, KeyError)):
            fail(str(exc))
        raise
    return _finish(result, args)


def _check_output(output: str) -> None:
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        fail(f"{output}: the folder {folder} does not exist")
    if Path(output).is_dir():
        fail(f"{output}: is a folder; give a file name such as network.vpcd.json")


def _finish(result: Any, args: argparse.Namespace) -> int:
    from ..exchange.report import format_report

    print(format_report(result.report, verbose=not args.quiet), file=sys.stderr)
    try:
        save(result.design, args.output)
    except OSError as exc:
        fail(f"{args.output}: cannot write ({exc.strerror})")
    print(f"wrote {args.output} ({len(result.design.resources)} objects)", file=sys.stderr)
    return EXIT_OK


class ProgressLine:
    """`[#######.......] 12/29 us-east-1 describe_subnets`, redrawn in place on a terminal.

    When stderr is not a terminal (CI logs, pipes) nothing is drawn, to keep logs readable.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = stream.isatty()
        self.width = 0

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.active:
            return
        line = progress_text(done, total, message)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(line))

    def close(self) -> None:
        if self.active and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def progress_text(done: int, total: int, message: str) -> str:
    total = max(total, 1)
    done = max(0, min(done, total))
    filled = round(BAR_WIDTH * done / total)
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {message}"[:120]
