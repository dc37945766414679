"""An ensemble killed with kill -9 (or stopped with Ctrl-C) and resumed gives the same
file content as one that was never interrupted."""
import signal
import subprocess
import time

import h5py
import numpy as np

from conftest import CLI, INCIDENT, SHORT, porttwin

REPLICATIONS = 12


def same_content(a, b):
    with h5py.File(a) as fa, h5py.File(b) as fb:
        for group in ["kpi", "kpi/terminals", "timeseries", "events", "nodes", "ensemble/kpi",
                      "ensemble/kpi/terminals", "ensemble/timeseries"]:
            assert set(fa[group]) == set(fb[group]), group
            for name, d in fa[group].items():
                if isinstance(d, h5py.Group):
                    continue  # a group of its own, compared in its turn
                np.testing.assert_array_equal(d[()], fb[group][name][()], err_msg=f"{group}/{name}")


def start(out):
    return subprocess.Popen([CLI, "run", INCIDENT, *SHORT, "--replications", str(REPLICATIONS), "--threads", "1",
                             "--quiet", "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_shards(partial, at_least, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if partial.is_dir() and len(list(partial.glob("*.h5"))) >= at_least:
            return
        time.sleep(0.02)
    raise AssertionError("no replications finished in time")


def test_kill_9_then_resume_gives_the_uninterrupted_file(tmp_path):
    whole = tmp_path / "whole.h5"
    porttwin("run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--threads", 2, "--quiet", "-o", whole)

    out = tmp_path / "killed.h5"
    partial = tmp_path / "killed.h5.partial"
    p = start(out)
    wait_for_shards(partial, 3)
    p.send_signal(signal.SIGKILL)
    p.wait()
    kept = len(list(partial.glob("*.h5")))
    assert 3 <= kept < REPLICATIONS, "the run finished before it could be killed"
    assert not out.exists()

    # Without --resume the partial run is not silently thrown away.
    r = porttwin("run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--quiet", "-o", out, check=False)
    assert r.returncode == 1 and "--resume" in r.stderr
    # A different run cannot resume it.
    r = porttwin("run", INCIDENT, *SHORT, "--replications", REPLICATIONS + 1, "--quiet", "--resume", "-o", out,
                 check=False)
    assert r.returncode == 2 and "belongs to another run" in r.stderr

    r = porttwin("run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--threads", 2, "--resume", "--json",
                 "-o", out)
    import json
    summary = json.loads(r.stdout)
    assert summary["replications_kept"] == kept
    assert summary["replications_run"] == REPLICATIONS - kept
    assert not partial.exists()
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1
    same_content(whole, out)


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path):
    out = tmp_path / "stopped.h5"
    partial = tmp_path / "stopped.h5.partial"
    p = start(out)
    wait_for_shards(partial, 2)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    if p.returncode == 0:  # finished before the signal arrived: nothing to check
        return
    assert p.returncode == 130, err
    assert "--resume" in err and "kept" in err
    assert not out.exists()
    porttwin("run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--quiet", "--resume", "-o", out)
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1 and f["kpi/replication"].shape == (REPLICATIONS,)
