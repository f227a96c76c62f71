"""The log of `cohen-analysis run`: what a scheduler's log file shows besides the one line per report."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT

# a task that fails after nobody awaits it, as nbclient's kernel watch does after Ctrl-C
SCRIPT = textwrap.dedent(
    """
    import asyncio, gc
    from cohen_analysis.cli import _run_logging
    from nbclient.exceptions import DeadKernelError

    _run_logging(False)

    async def fail(exc):
        raise exc

    loop = asyncio.new_event_loop()
    task = loop.create_task(fail({exc}))
    loop.run_until_complete(asyncio.sleep(0.01))
    del task
    gc.collect()
    """
)


def run_script(exc: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(exc=exc)], capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_dead_kernel_left_behind_by_an_interrupt_logs_no_traceback():
    assert run_script('DeadKernelError("Kernel died")') == ""


def test_other_unretrieved_task_errors_still_reach_the_log():
    err = run_script('ValueError("a real problem")')
    assert "Task exception was never retrieved" in err and "ValueError: a real problem" in err
