"""Progress reports of a run: a callable (done, total, events, wall_seconds), or a text bar."""
from __future__ import annotations

import sys
from typing import Callable, Optional, TextIO, Union

ProgressCallback = Callable[[int, int, int, float], object]
Progress = Union[None, bool, ProgressCallback]


class TextBar:
    """A one-line bar on a stream (stderr by default), as the CLI's: replications done, events
    per second, time left."""

    def __init__(self, stream: Optional[TextIO] = None, width: int = 24) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width

    def __call__(self, done: int, total: int, events: int, wall_seconds: float) -> None:
        rate = events / wall_seconds if wall_seconds > 0 else 0.0
        left = wall_seconds * (total - done) / done if done else 0.0
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r  [{bar}] {done}/{total} replications  {rate / 1e6:.1f} million events/s  "
                          f"{left:.0f} s left   ")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def callback(progress: Progress) -> Optional[ProgressCallback]:
    """The callable for a run's `progress` argument (None: no reports; True: a TextBar)."""
    if progress is None or progress is False:
        return None
    if progress is True:
        return TextBar()
    if callable(progress):
        return progress
    raise TypeError(f"progress must be None, True or a callable (done, total, events, wall_seconds), "
                    f"got {type(progress).__name__}")


__all__ = ["Progress", "ProgressCallback", "TextBar", "callback"]
