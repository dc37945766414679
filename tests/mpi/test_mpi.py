"""Distributed ensembles: `mpirun -n R porttwin run|sweep` gives files identical in content to
one process's, whatever R and the threads per rank; a rank killed mid-run leaves its finished
replications usable and --resume completes the file; failures are reported once, without hangs.

Runs OpenMPI's mpirun on this machine: loopback and shared memory only, oversubscribed (more
ranks than cores), as root where CI runs as root."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from conftest import CLI, INCIDENT, SHORT, SOURCE, porttwin  # noqa: E402

MPIRUN = os.environ.get("PORTTWIN_MPIRUN", "mpirun")
# Attributes that say when and how a file was made, not what it holds.
CIRCUMSTANCES = {"created_utc", "command_line"}


def mpirun(ranks, *args, check=True, timeout=300, **kwargs):
    command = [MPIRUN, "-n", str(ranks), "--oversubscribe", "--mca", "btl", "self,vader"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += [CLI, *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def contents(path):
    """Every dataset's values and every attribute (but when and how the file was made), by path."""
    out = {}
    with h5py.File(path) as f:
        def visit(name, obj):
            for key, value in obj.attrs.items():
                if key in CIRCUMSTANCES or key in ("DIMENSION_LIST", "REFERENCE_LIST"):
                    continue
                out[f"{name}@{key}"] = value
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
        for key, value in f.attrs.items():
            if key not in CIRCUMSTANCES:
                out[f"/@{key}"] = value
        f.visititems(visit)
    return out


def assert_same_content(a, b):
    ca, cb = contents(a), contents(b)
    assert sorted(ca) == sorted(cb)
    assert len(ca) > 100
    for key in ca:
        x, y = ca[key], cb[key]
        if isinstance(x, np.ndarray) and x.dtype.kind == "f":
            np.testing.assert_array_equal(x, y, err_msg=key)  # NaN equals NaN, bit for bit otherwise
        elif isinstance(x, np.ndarray):
            assert np.array_equal(x, y), key
        else:
            assert x == y or (isinstance(x, float) and np.isnan(x) and np.isnan(y)), key


REPLICATIONS = 8


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "one.h5"
    porttwin("run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--threads", 2, "--quiet", "-o", out)
    return out


@pytest.mark.parametrize("ranks,threads", [(1, 2), (2, 1), (3, 1), (2, 2), (4, 1)])
def test_ranks_and_threads_give_the_one_process_file(tmp_path, one_process, ranks, threads):
    out = tmp_path / "spread.h5"
    r = mpirun(ranks, "run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--threads", threads, "--quiet",
               "--json", "-o", out)
    summary = json.loads(r.stdout)  # printed once, by rank 0
    assert summary["replications_run"] == REPLICATIONS
    assert not (tmp_path / "spread.h5.partial").exists()
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1
    assert_same_content(one_process, out)


def test_a_sweep_over_three_ranks_gives_the_one_process_file(tmp_path):
    vary = ["--vary", "defences.backups.enabled=false,true"]
    one, three = tmp_path / "one.h5", tmp_path / "three.h5"
    porttwin("sweep", INCIDENT, *SHORT, *vary, "--replications", 3, "--threads", 2, "--quiet", "-o", one)
    r = mpirun(3, "sweep", INCIDENT, *SHORT, *vary, "--replications", 3, "--threads", 1, "--quiet", "-o", three)
    assert r.stdout.count("point 1:") == 1
    assert_same_content(one, three)


def test_an_ensemble_without_output_prints_what_one_process_prints(tmp_path):
    args = ["run", INCIDENT, *SHORT, "--replications", 4, "--quiet", "--json"]
    one = json.loads(porttwin(*args, "--threads", 2).stdout)
    two = json.loads(mpirun(2, *args, env={**os.environ, "TMPDIR": str(tmp_path)}).stdout)
    assert one["figures"] == two["figures"]
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone
    # Without --threads each rank takes its share of this machine's cores.
    assert two["ranks"] == 2 and two["threads"] == max(1, os.cpu_count() // 2)


def test_more_ranks_than_replications(tmp_path):
    r = mpirun(4, "run", INCIDENT, *SHORT, "--replications", 2, "--threads", 1, "--quiet", "--json",
               "-o", tmp_path / "few.h5")
    assert json.loads(r.stdout)["replications_run"] == 2


def test_without_a_launcher_mpi_is_never_started(tmp_path):
    # An MPI set-up that cannot work: a run that started MPI would fail.
    env = {**os.environ, "OMPI_MCA_pml": "no-such-component", "OMPI_MCA_btl": "no-such-component"}
    r = porttwin("run", INCIDENT, *SHORT, "--replications", 2, "--threads", 2, "--quiet", "-o", tmp_path / "p.h5",
                 env=env)
    assert r.returncode == 0


def rank_pid(marker, rank):
    """The process id of `rank` of the run whose command line holds `marker`."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if Path(cmdline[0].decode(errors="replace")).name == "porttwin" and marker.encode() in cmdline and \
                f"OMPI_COMM_WORLD_RANK={rank}".encode() in environ:
            return int(proc.name)
    return None


def wait_for(condition, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out")


def test_a_killed_rank_leaves_its_replications_and_resume_completes(tmp_path, one_process):
    out = tmp_path / "killed.h5"
    partial = tmp_path / "killed.h5.partial"
    command = [MPIRUN, "-n", "2", "--oversubscribe", "--mca", "btl", "self,vader"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    # Replications 0..7 as in one_process, slowed by a long horizon so that the kill lands mid-run.
    command += [CLI, "run", INCIDENT, *SHORT, "--replications", str(REPLICATIONS), "--threads", "1", "--quiet",
                "-o", str(out)]
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        worker = wait_for(lambda: rank_pid(str(out), 1))
        wait_for(lambda: len(list(partial.glob("*.h5"))) >= 2)
        os.kill(worker, signal.SIGKILL)
        _, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    kept = len(list(partial.glob("*.h5")))
    if p.returncode == 0:  # finished before the kill landed: nothing to check
        pytest.skip("the run finished before a rank could be killed")
    assert p.returncode != 0
    assert 2 <= kept < REPLICATIONS
    assert not out.exists()
    assert not Path(str(out) + ".tmp").exists() or True  # a killed writer may leave its temporary file
    # Three ranks finish what two began.
    r = mpirun(3, "run", INCIDENT, *SHORT, "--replications", REPLICATIONS, "--threads", 1, "--quiet", "--json",
               "--resume", "-o", out)
    summary = json.loads(r.stdout)
    assert summary["replications_kept"] == kept
    assert summary["replications_run"] == REPLICATIONS - kept
    assert not partial.exists()
    assert_same_content(one_process, out)


def test_a_failure_is_reported_once_and_nothing_hangs(tmp_path):
    # The scenario cannot be read: every rank fails the same way, rank 0 says so.
    r = mpirun(3, "run", tmp_path / "missing.yaml", "--replications", 4, "-o", tmp_path / "x.h5", check=False)
    assert r.returncode == 1
    assert r.stderr.count("missing.yaml") == 1, r.stderr
    # Only rank 0 sees the output: an interrupted run's leftovers without --resume stop all ranks.
    (tmp_path / "y.h5.partial").mkdir()
    r = mpirun(3, "run", INCIDENT, *SHORT, "--replications", 4, "-o", tmp_path / "y.h5", check=False, timeout=120)
    assert r.returncode == 1
    assert r.stderr.count("--resume") == 1, r.stderr
    # Bad arguments: one message, exit 2.
    r = mpirun(2, "run", INCIDENT, "--replications", 0, check=False)
    assert r.returncode == 2 and r.stderr.count("--replications must be") == 1, r.stderr


def test_commands_that_do_not_spread_run_on_rank_0_only():
    r = mpirun(3, "validate", INCIDENT)
    s = porttwin("validate", INCIDENT)
    assert r.stdout == s.stdout


@pytest.mark.skipif(not os.environ.get("PORTTWIN_PYTHONPATH"), reason="the Python bindings are not built")
def test_the_mpi4py_example_writes_the_one_process_file(tmp_path):
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    porttwin("run", INCIDENT, "--replications", 4, "--threads", 2, "--quiet", "-o", one)
    command = [MPIRUN, "-n", "2", "--oversubscribe", "--mca", "btl", "self,vader", "-x", "PYTHONPATH"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    example = SOURCE / "bindings/examples/mpi_ensemble.py"
    command += [sys.executable, str(example), str(INCIDENT), "4", str(two)]
    env = {**os.environ, "PYTHONPATH": os.environ["PORTTWIN_PYTHONPATH"]}
    r = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("4 replications on 2 ranks") == 1  # rank 0 has the Result, rank 1 None
    assert "economic_loss_eur" in r.stdout
    assert_same_content(one, two)


def test_ctrl_c_on_mpirun_keeps_the_finished_replications(tmp_path):
    out = tmp_path / "stopped.h5"
    partial = tmp_path / "stopped.h5.partial"
    reps = 24
    command = [MPIRUN, "-n", "2", "--oversubscribe", "--mca", "btl", "self,vader"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += [CLI, "run", INCIDENT, *SHORT, "--replications", str(reps), "--threads", "1", "--quiet", "-o", str(out)]
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(list(partial.glob("*.h5"))) >= 2)
        p.send_signal(signal.SIGINT)  # mpirun passes it on to the ranks as SIGTERM
        _, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if out.exists():
        pytest.skip("the run finished before Ctrl-C landed")
    assert p.returncode != 0
    assert err.count("--resume to finish") <= 1, err  # rank 0 says it, if mpirun gave it the time
    kept = len(list(partial.glob("*.h5")))
    r = mpirun(2, "run", INCIDENT, *SHORT, "--replications", reps, "--threads", 1, "--quiet", "--json", "--resume",
               "-o", out)
    summary = json.loads(r.stdout)
    assert summary["replications_kept"] == kept and summary["replications_run"] == reps - kept
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1 and f["kpi/replication"].shape == (reps,)
