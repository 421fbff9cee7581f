"""Drawing the report's charts beside the PDF layout: a forked worker where that is safe.

Drawing the charts (matplotlib) and laying out the text (WeasyPrint) do not depend on each
other until WeasyPrint reaches a chart. So where it is safe, a forked worker loads matplotlib
while the caller reads the evidence, then draws the charts while the caller lays out the
document, and WeasyPrint fetches each by name (`generated:KEY`) when it reaches it. Where it
is not safe (another platform, other threads running, one CPU), or if the worker fails, they
are drawn in the caller's process; either way the SVG and so the PDF are the same bytes.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

VALUE_MAP = "value_map"
PILOT = "pilot"
CONTRIBUTIONS = "contributions"
CHILD_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class ChartRequest:
    """One chart to draw: which drawing, and its inputs."""

    kind: str
    arguments: tuple[Any, ...]

    def draw(self) -> str:
        """The chart's SVG; the drawing modules (and matplotlib) load only when one is drawn."""
        if self.kind == VALUE_MAP:
            from vendor_eval.render.value_map import value_map_svg

            return value_map_svg(*self.arguments)
        if self.kind == PILOT:
            from vendor_eval.render.pilot_chart import accuracy_interval_svg

            return accuracy_interval_svg(*self.arguments)
        from vendor_eval.render.charts import category_contribution_svg

        return category_contribution_svg(*self.arguments)


def draw_all(plan: Mapping[str, ChartRequest]) -> dict[str, str]:
    return {key: request.draw() for key, request in plan.items()}


class ChartWorker:
    """A forked process that loads the drawing code at once (matplotlib takes a while to
    import), then draws the charts it is sent, one message per chart as soon as it is done.

    Started before the report's evidence is read, it is ready by the time the plan arrives;
    without a process (`parallel` refused, or fork not safe here) the charts are drawn in this
    process on first use. A child that fails or hangs is replaced by drawing here, so a report
    never fails for the sake of parallelism.
    """

    def __init__(self, connection: Connection | None = None,
                 process: multiprocessing.process.BaseProcess | None = None) -> None:
        self._connection = connection
        self._process = process
        self.plan: dict[str, ChartRequest] = {}
        self._svgs: dict[str, str] = {}

    @property
    def parallel(self) -> bool:
        return self._process is not None

    @classmethod
    def start(cls, parallel: bool | None = None) -> ChartWorker:
        """Fork the worker; `parallel` None decides by `can_fork()`, True/False force it."""
        if not (can_fork() if parallel is None else parallel):
            return cls()
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe(duplex=True)
        process = context.Process(target=_serve, args=(there,), name="vendor-eval-charts",
                                  daemon=True)
        process.start()
        there.close()
        return cls(here, process)

    def submit(self, plan: Mapping[str, ChartRequest]) -> ChartWorker:
        """Hand over the charts to draw (once); the worker starts on them at once."""
        self.plan = dict(plan)
        if self._connection is not None:
            try:
                self._connection.send(self.plan)
            except Exception:  # e.g. an argument that does not pickle: draw here instead
                self.close()
        return self

    def sources(self, source: Callable[[str], str]) -> dict[str, str]:
        """Each planned chart's `src` for the template, as `source(key)` makes it."""
        return {key: source(key) for key in self.plan}

    def svg(self, key: str) -> str:
        """The chart's SVG, waiting for the worker if it is still drawing it."""
        while key not in self._svgs and self._connection is not None:
            message = self._receive()
            if message is None:
                break
            drawn_key, svg = message
            self._svgs[drawn_key] = svg
        if key not in self._svgs:
            self._svgs[key] = self.plan[key].draw()
        return self._svgs[key]

    def close(self) -> None:
        """End the worker (it may still be drawing if the render failed before any chart)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None

    def _receive(self) -> tuple[str, str] | None:
        try:
            if self._connection is not None and self._connection.poll(CHILD_TIMEOUT_SECONDS):
                message = self._connection.recv()
                if isinstance(message, tuple) and len(message) == 2:
                    return message
        except (EOFError, OSError):
            pass  # the worker died: what is missing is drawn here
        self.close()
        return None


def can_fork() -> bool:
    """Fork only where it is cheap and safe: Linux (macOS frameworks do not survive a fork),
    no other Python threads (a lock one of them holds would stay locked in the child, as in a
    Streamlit server), and a second CPU to draw on."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def _serve(connection: Connection) -> None:
    """The worker: load the drawing code, then draw each planned chart and send it."""
    try:
        import vendor_eval.render.charts  # noqa: F401  (loads matplotlib before the plan comes)
        import vendor_eval.render.pilot_chart  # noqa: F401
        import vendor_eval.render.value_map  # noqa: F401

        plan: dict[str, ChartRequest] = connection.recv()
        for key, request in plan.items():
            connection.send((key, request.draw()))
    except BaseException:  # the parent draws whatever did not arrive
        pass
    finally:
        connection.close()
