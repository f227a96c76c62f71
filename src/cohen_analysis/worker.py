"""Many reports in a few long-lived processes: what ``make reports`` hands its stale reports to.

Make decides which reports are stale (their notebook, parameter file, datasets or the package
changed) and passes that list to ``cohen-analysis reports``. Instead of one new process per
report (interpreter, papermill, nbconvert and the run's checks imported each time), the list is
run by ``jobs`` worker processes that stay alive until it is done. Each report still runs in a
fresh kernel of its own, started while the report before it runs (:func:`.build.start_kernel`),
so no state passes from one report to the next; each is staged, checked and published
atomically by :func:`.build.run_report`, exactly as ``cohen-analysis run`` does it.

With one job the reports run in this process. With more, each worker is a child process
(``python -m cohen_analysis.worker``) that reads one request per line on its standard input and
answers one line per report on a private pipe (its standard output is its log's); the reports
are handed out one at a time, so a worker that finishes early takes the next one. Ctrl-C reaches
the workers through this process: each stops its report (the previous version stays published,
its staging folder is removed) and its kernels, then this process raises KeyboardInterrupt.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from .build import KERNEL_NAME, BuildError, ReportSpec, UsageError, run_report, start_kernel, stop_kernel, validate_parameters
from .paths import NOTEBOOKS_DIR, PARAMS_DIR, PROJ_ROOT

log = logging.getLogger(__name__)

#: Seconds a worker may take to stop its report and kernels after Ctrl-C before it is killed.
STOP_GRACE_S = 60


def spec_for(params: str | Path) -> ReportSpec:
    """The report of a parameter file in ``params/<notebook>/`` (drafts run with ``cohen-analysis run``)."""
    params = Path(params)
    if params.resolve().parent.parent != PARAMS_DIR.resolve():
        raise UsageError(f"{params}: not a parameter file in params/<notebook>/; run a draft with `cohen-analysis run`")
    return ReportSpec.from_paths(NOTEBOOKS_DIR / f"{params.resolve().parent.name}.ipynb", params)


class Worker:
    """Runs reports one after another in this process, each in a fresh kernel started ahead of need."""

    def __init__(self, *, kernel: str = KERNEL_NAME, timeout: int = 600) -> None:
        self.kernel, self.timeout = kernel, timeout
        self._ahead = None

    def run(self, spec: ReportSpec, *, more: bool) -> str | None:
        """Run and publish one report; returns ``None``, or the error that stopped it.

        ``more``: another report follows, so its kernel starts now, while this one runs.
        """
        km, self._ahead = (self._ahead if self._ahead is not None else start_kernel(self.kernel)), None
        if more:
            self._ahead = start_kernel(self.kernel)
        try:
            run_report(spec, kernel=self.kernel, timeout=self.timeout, parameters=validate_parameters(spec), km=km)
        except (BuildError, UsageError) as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001 - one broken report does not stop the others
            log.debug("%s failed", spec.label, exc_info=True)
            return f"{spec.label}: {type(exc).__name__}: {exc}"
        finally:
            stop_kernel(km)
        return None

    def close(self) -> None:
        stop_kernel(self._ahead)
        self._ahead = None


def run_reports(specs: list[ReportSpec], *, jobs: int = 1, kernel: str = KERNEL_NAME, timeout: int = 600, on_error=None) -> list[str]:
    """Run every report of ``specs`` with ``jobs`` workers at once (0: one per core); returns the errors.

    A failed report does not stop the others. ``on_error(message)`` is called as each failure
    arrives. Raises KeyboardInterrupt after the workers have stopped, when interrupted.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(specs)))
    errors: list[str] = []

    def failed(message: str) -> None:
        errors.append(message)
        if on_error is not None:
            on_error(message)

    log.info("%d report(s) to run, %d at a time", len(specs), jobs)
    if jobs == 1:
        worker = Worker(kernel=kernel, timeout=timeout)
        try:
            for i, spec in enumerate(specs):
                error = worker.run(spec, more=i + 1 < len(specs))
                if error:
                    failed(error)
        finally:
            worker.close()
        return errors
    _run_in_children(specs, jobs, kernel=kernel, timeout=timeout, failed=failed)
    return errors


def worker_command(*, kernel: str, timeout: int) -> list[str]:
    """The command line of one worker process (see :func:`serve`)."""
    return [sys.executable, "-m", "cohen_analysis.worker", "--kernel", kernel, "--timeout", str(timeout)]


def _run_in_children(specs: list[ReportSpec], jobs: int, *, kernel: str, timeout: int, failed) -> None:
    pending = collections.deque(specs)
    lock = threading.Lock()
    stopping = threading.Event()  # interrupted: the workers' ends are not failures to report
    command = worker_command(kernel=kernel, timeout=timeout)
    # a session of their own: Ctrl-C reaches them once, forwarded by this process
    children = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJ_ROOT, start_new_session=True)
        for _ in range(jobs)
    ]

    def feed(child: subprocess.Popen) -> None:
        try:
            while True:
                with lock:
                    if not pending:
                        return
                    spec = pending.popleft()
                    more = bool(pending)
                child.stdin.write(json.dumps({"params": str(spec.params_path), "more": more}) + "\n")
                child.stdin.flush()
                answer = child.stdout.readline()
                if stopping.is_set():
                    return
                if not answer:
                    failed(f"{spec.label}: the build worker stopped (exit code {child.wait()})")
                    return
                error = json.loads(answer)["error"]
                if error:
                    failed(error)
        except (ValueError, OSError) as exc:
            if not stopping.is_set():
                failed(f"the build worker stopped: {type(exc).__name__}: {exc}")
        finally:
            try:
                child.stdin.close()
            except OSError:
                pass

    feeders = [threading.Thread(target=feed, args=(child,), name=f"feed-{i}", daemon=True) for i, child in enumerate(children)]
    for thread in feeders:
        thread.start()
    try:
        for thread in feeders:
            while thread.is_alive():
                thread.join(0.2)
        for child in children:
            child.wait()
        for spec in pending:  # every worker stopped before the list was done
            failed(f"{spec.label}: not run: the build workers stopped")
    except KeyboardInterrupt:
        stopping.set()
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        raise


def serve(*, kernel: str, timeout: int) -> int:
    """The worker process: one JSON request per line on stdin, one JSON answer per line back."""
    from .cli import _run_logging

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything printed goes to the log, not the answers
    _run_logging(False)
    worker = Worker(kernel=kernel, timeout=timeout)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                error = worker.run(spec_for(request["params"]), more=request["more"])
            except UsageError as exc:
                error = str(exc)
            answers.write(json.dumps({"error": error}) + "\n")
    except KeyboardInterrupt:
        return 130
    finally:
        worker.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cohen_analysis.worker", description=serve.__doc__)
    parser.add_argument("--kernel", default=KERNEL_NAME)
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args(argv)
    return serve(kernel=args.kernel, timeout=args.timeout)


if __name__ == "__main__":
    sys.exit(main())
