"""A run releases the GIL, reports progress on the caller's thread, and stops cleanly on an
exception in the callback or on Ctrl-C (KeyboardInterrupt), keeping a file's finished replications."""
import os
import signal
import threading
import time

import h5py
import numpy as np
import pytest

import porttwin
from conftest import incident_scenario


class Spinner:
    """A Python thread counting as fast as the GIL lets it."""

    def __init__(self):
        self.count = 0
        self.running = True
        self.thread = threading.Thread(target=self.spin, daemon=True)

    def spin(self):
        while self.running:
            self.count += 1

    def rate(self, seconds):
        start, began = self.count, time.perf_counter()
        time.sleep(seconds)
        return (self.count - start) / (time.perf_counter() - began)


def test_a_python_thread_runs_while_the_engine_runs():
    sc = incident_scenario()
    spinner = Spinner()
    spinner.thread.start()
    try:
        alone = spinner.rate(0.3)  # the main thread sleeps: the spinner's rate with the GIL to itself
        start, began = spinner.count, time.perf_counter()
        porttwin.run(sc, replications=4, threads=1)
        during = (spinner.count - start) / (time.perf_counter() - began)
    finally:
        spinner.running = False
        spinner.thread.join()
    # Held through the run, the GIL would let the spinner count only in the moments Python code
    # runs on the main thread: about 3% of its rate alone (measured with a C loop that holds the
    # GIL); released, about 60% on two busy cores.
    assert during > 0.15 * alone, f"counted {during:.3g}/s during the run, {alone:.3g}/s alone"


def test_progress_is_called_once_per_replication_on_the_calling_thread():
    calls = []

    def progress(done, total, events, wall_seconds):
        calls.append((done, total, events, wall_seconds, threading.current_thread() is threading.main_thread()))

    porttwin.run(incident_scenario(), replications=4, threads=2, progress=progress)
    assert [c[0] for c in calls] == [1, 2, 3, 4]
    assert {c[1] for c in calls} == {4}
    assert all(b[2] > a[2] for a, b in zip(calls, calls[1:])), "events only grow"
    assert all(c[3] > 0 for c in calls) and all(c[4] for c in calls)


def test_the_text_bar_reports_on_a_stream(capsys):
    porttwin.run(incident_scenario(), replications=2, progress=True)
    err = capsys.readouterr().err
    assert "2/2 replications" in err and err.endswith("\n")


def test_an_exception_in_the_callback_stops_the_run_and_propagates(tmp_path):
    path = tmp_path / "stopped.h5"
    calls = []

    def progress(done, total, events, wall_seconds):
        calls.append(done)
        raise ValueError("enough")

    with pytest.raises(ValueError, match="enough") as e:
        porttwin.run(incident_scenario(), replications=8, threads=1, output=path, progress=progress)
    assert calls == [1], "no reports after the callback raised"
    kept = sorted((tmp_path / "stopped.h5.partial").glob("*.h5"))
    assert 1 <= len(kept) < 8, "the run went on after the callback raised"
    assert not path.exists()
    assert any("--resume" in note for note in getattr(e.value, "__notes__", []))
    # The finished replications are kept: resume runs only the rest.
    res = porttwin.run(incident_scenario(), replications=8, threads=1, output=path, resume=True)
    assert res.run_info["kept"] == len(kept) and res.run_info["ran"] == 8 - len(kept)
    assert list(res.kpis.index) == list(range(8))


def test_keyboard_interrupt_from_the_callback_stops_the_run():
    first = []

    def progress(done, total, events, wall_seconds):
        first.append(wall_seconds)
        raise KeyboardInterrupt

    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        porttwin.run(incident_scenario(), replications=40, threads=1, progress=progress)
    # One replication ran before the report, one was running when it raised; the other 38 never start.
    assert time.perf_counter() - began < 10 * first[0] + 1.0
    assert len(first) == 1
    # And the next run is not stopped by the last one's request.
    assert len(porttwin.run(incident_scenario(), replications=2).kpis) == 2


def test_ctrl_c_stops_a_run_and_resume_gives_the_uninterrupted_file(tmp_path):
    sc = incident_scenario()
    whole = porttwin.run(sc, replications=8, threads=1, output=tmp_path / "whole.h5")
    path = tmp_path / "interrupted.h5"
    reports = []

    def send_sigint_after_the_first(done, total, events, wall_seconds):
        reports.append(done)
        if done == 1:  # from another thread, as a terminal's Ctrl-C arrives
            threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT)).start()

    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        porttwin.run(sc, replications=8, threads=1, output=path, progress=send_sigint_after_the_first)
    assert time.perf_counter() - began < 0.9 * whole.run_info["wall_seconds"] + 5
    kept = len(list((tmp_path / "interrupted.h5.partial").glob("*.h5")))
    assert 1 <= kept < 8 and len(reports) < 8
    resumed = porttwin.run(sc, replications=8, threads=2, output=path, resume=True)
    assert resumed.run_info["kept"] == kept
    with h5py.File(tmp_path / "whole.h5") as a, h5py.File(path) as b:
        for group in ["kpi", "kpi/terminals", "timeseries", "events", "nodes", "ensemble/kpi",
                      "ensemble/kpi/terminals", "ensemble/timeseries"]:
            for name, d in a[group].items():
                if isinstance(d, h5py.Group):
                    continue  # a group of its own, compared in its turn
                np.testing.assert_array_equal(d[()], b[group][name][()], err_msg=f"{group}/{name}")
