"""Results that cannot be corrupted (issue 15): a run locks its output, shards of another run or
cut short are refused by name, a full disk anywhere is "disk full" with nothing lost, a damaged
file is an error naming the variable, and outputs never replace devices or hang on FIFOs."""
import os
import re
import shutil
import signal
import stat
import subprocess
import threading
import time

import h5py
import numpy as np
import pytest

from conftest import CLI, INCIDENT, SHORT, SOURCE, porttwin

REPLICATIONS = 12
FAIL_WRITES = os.environ.get("PORTTWIN_FAIL_WRITES_LIB", "")


def run_args(out, replications=REPLICATIONS, *extra):
    return ["run", INCIDENT, *SHORT, "--replications", replications, "--threads", 1, "--quiet", "-o", out, *extra]


def start(out, *extra):
    return subprocess.Popen([CLI, *map(str, run_args(out, REPLICATIONS, *extra))], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(condition, what, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def shards(partial):
    return sorted(partial.glob("p*-r*.h5")) if partial.is_dir() else []


def killed_partial(out, at_least=3, *extra):
    """Starts a run of `out`, kills it with kill -9 once `at_least` replications are kept."""
    p = start(out, *extra)
    partial = out.with_name(out.name + ".partial")
    wait_for(lambda: len(shards(partial)) >= at_least, "finished replications")
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert len(shards(partial)) < REPLICATIONS, "the run finished before it could be killed"
    return partial


def every_dataset(path):
    """Every dataset of a file read through with h5py (raises on a damaged chunk)."""
    values = {}
    with h5py.File(path) as f:
        f.visititems(lambda name, obj: values.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return values


def same_content(a, b):
    va, vb = every_dataset(a), every_dataset(b)
    assert set(va) == set(vb)
    for name in va:
        if name in ("scenario",):  # the same text; compared as bytes below
            assert va[name] == vb[name]
            continue
        np.testing.assert_array_equal(va[name], vb[name], err_msg=name)


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    out = tmp_path_factory.mktemp("whole") / "whole.h5"
    porttwin(*run_args(out))
    return out


@pytest.fixture(scope="module")
def whole4(tmp_path_factory):
    out = tmp_path_factory.mktemp("whole4") / "whole4.h5"
    porttwin(*run_args(out, 4))
    return out


# ---- 1. one run per output ------------------------------------------------------------

def test_a_run_or_resume_beside_a_live_run_is_refused_and_the_live_run_completes(whole, tmp_path):
    out = tmp_path / "live.h5"
    live = start(out)
    partial = tmp_path / "live.h5.partial"
    wait_for(lambda: len(shards(partial)) >= 1, "the live run's first replication")
    for extra in (["--resume"], []):
        r = porttwin(*run_args(out, REPLICATIONS, *extra), check=False)
        assert r.returncode == 1, r.stderr
        assert "another porttwin run is writing it" in r.stderr and f"process {live.pid}" in r.stderr, r.stderr
    _, err = live.communicate(timeout=300)
    assert live.returncode == 0, err
    # The live run's file is whole: every dataset reads back and equals an undisturbed run's.
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1
    same_content(whole, out)
    assert not (tmp_path / "live.h5.lock").exists()


def test_a_killed_run_leaves_no_lock_behind(tmp_path):
    out = tmp_path / "killed.h5"
    killed_partial(out, 1)
    # kill -9 released the lock with the process: resume needs nothing removed by hand.
    porttwin(*run_args(out, REPLICATIONS, "--resume"))


# ---- 2. shards belong to their run --------------------------------------------------

def test_a_shard_of_another_run_is_refused_on_resume_naming_it(tmp_path):
    out = tmp_path / "mine.h5"
    partial = killed_partial(out)
    other = tmp_path / "other.h5"
    other_partial = killed_partial(other, 1, "--seed", 7)
    name = shards(other_partial)[0].name
    shutil.copy(other_partial / name, partial / name)
    r = porttwin(*run_args(out, REPLICATIONS, "--resume"), check=False)
    assert r.returncode == 1, r.stderr
    assert name in r.stderr and "a replication of another run" in r.stderr and "seed" in r.stderr, r.stderr
    assert not out.exists()


def test_a_truncated_shard_is_named_and_deleting_it_lets_resume_finish(whole, tmp_path):
    out = tmp_path / "cut.h5"
    partial = killed_partial(out)
    victim = shards(partial)[1]
    with open(victim, "r+b") as f:
        f.truncate(os.path.getsize(victim) // 2)
    r = porttwin(*run_args(out, REPLICATIONS, "--resume"), check=False)
    assert r.returncode == 1, r.stderr
    replication = int(victim.stem.split("-r")[1])
    assert victim.name in r.stderr and f"rerun replication {replication}" in r.stderr, r.stderr
    victim.unlink()
    porttwin(*run_args(out, REPLICATIONS, "--resume"))
    same_content(whole, out)


# ---- 3. a full disk -----------------------------------------------------------------

def shim_env(under, **settings):
    env = dict(os.environ)
    env["LD_PRELOAD"] = FAIL_WRITES
    env["PORTTWIN_FAIL_WRITES_UNDER"] = str(under)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    env.update({k: str(v) for k, v in settings.items()})
    return env


@pytest.mark.skipif(not FAIL_WRITES, reason="PORTTWIN_FAIL_WRITES_LIB not set (run through ctest)")
def test_a_full_disk_anywhere_is_disk_full_exit_1_and_resume_gives_the_same_file(whole4, tmp_path):
    count = tmp_path / "count.txt"
    sizing = tmp_path / "sizing"
    sizing.mkdir()
    subprocess.run([CLI, *map(str, run_args(sizing / "r.h5", 4))], check=True, capture_output=True,
                   env=shim_env(sizing, PORTTWIN_FAIL_WRITES_COUNT_TO=count))
    total = int(count.read_text())
    assert total > 0
    # The disk fills while the manifest, a shard, the join, the statistics or the last flush is written.
    for i, share in enumerate((0.0, 0.02, 0.3, 0.6, 0.9, 0.97, 0.995)):
        d = tmp_path / f"full{i}"
        d.mkdir()
        out = d / "r.h5"
        r = subprocess.run([CLI, *map(str, run_args(out, 4))], capture_output=True, text=True,
                           env=shim_env(d, PORTTWIN_FAIL_WRITES_AFTER=int(total * share)))
        assert r.returncode == 1, (share, r.returncode, r.stderr)
        assert "disk full" in r.stderr and "ENOSPC" in r.stderr, (share, r.stderr)
        assert not out.exists() and not (d / "r.h5.tmp").exists(), share
        porttwin(*run_args(out, 4, "--resume"))
        same_content(whole4, out)


def test_a_real_full_disk_on_a_small_tmpfs(whole4, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): " + made.stderr.decode().strip())
    try:
        out = mount / "r.h5"
        r = porttwin(*run_args(out, 4), check=False)
        assert r.returncode == 1, r.stderr
        assert "disk full" in r.stderr and "ENOSPC" in r.stderr, r.stderr
        assert not out.exists()
        subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)
        porttwin(*run_args(out, 4, "--resume"))
        same_content(whole4, out)
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# ---- 4. damaged files -----------------------------------------------------------------

def damaged_copy(whole, tmp_path, variable="kpi/vessel_calls"):
    bad = tmp_path / "damaged.h5"
    shutil.copy(whole, bad)
    with h5py.File(bad) as f:
        info = f[variable].id.get_chunk_info(0)
    with open(bad, "r+b") as f:
        f.seek(info.byte_offset + info.size // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0x10]))
    return bad


def test_a_flipped_bit_is_an_error_naming_the_variable_in_report_and_compare(whole, tmp_path):
    # The ensemble statistics are stored uncompressed: before the checksums, a flipped bit there
    # was a wrong number on the report's page. Compressed chunks (the key figures) had zlib's own.
    for variable, args in (("ensemble/kpi/teu_handled", ["report", None, "-o", tmp_path / "r.html"]),
                           ("kpi/vessel_calls", ["report", None, "-o", tmp_path / "r.html"]),
                           ("kpi/vessel_calls", ["compare", whole, None])):
        bad = damaged_copy(whole, tmp_path, variable)
        args = [bad if a is None else a for a in args]
        r = porttwin(*args, check=False)
        assert r.returncode == 1, (variable, args[0], r.stderr)
        assert variable in r.stderr and "damaged" in r.stderr, (variable, args[0], r.stderr)


def test_every_reader_refuses_a_newer_format_and_a_short_kpi_group(whole, tmp_path):
    newer = tmp_path / "newer.h5"
    shutil.copy(whole, newer)
    with h5py.File(newer, "r+") as f:
        f.attrs["format_version"] = np.int64(99)
    short = tmp_path / "short.h5"
    shutil.copy(whole, short)
    with h5py.File(short, "r+") as f:
        values = f["kpi/teu_handled"][()]
        del f["kpi/teu_handled"]
        f["kpi"].create_dataset("teu_handled", data=values[:-1])
    for path, words in ((newer, "results format 99"), (short, "kpi/teu_handled")):
        for args in (["report", path, "-o", tmp_path / "r.html"], ["compare", whole, path]):
            r = porttwin(*args, check=False)
            assert r.returncode == 1 and words in r.stderr, (args[0], path.name, r.stderr)


# ---- 5. outputs that are not regular files -----------------------------------------

def device_like(tmp_path, name, minor, fallback):
    """A character device like /dev/null (minor 3) or /dev/full (minor 7): made in tmp_path when we
    may (root), so that a regression replaces only our copy; else the real one, which a user
    without root cannot replace anyway."""
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        return node
    except PermissionError:
        return fallback


def test_outputs_never_replace_a_device(whole, tmp_path):
    null = device_like(tmp_path, "null", 3, "/dev/null")
    full = device_like(tmp_path, "full", 7, "/dev/full")
    small = SOURCE / "tests/data/scenarios/small-port.yaml"
    # Text outputs are written into a device, not renamed over it.
    porttwin("report", whole, "-o", null)
    porttwin("graph", small, "--format", "dot", "-o", null)
    for args in (["report", whole, "-o", full], ["graph", small, "--format", "dot", "-o", full]):
        r = porttwin(*args, check=False)
        assert r.returncode == 1 and "disk full" in r.stderr and "ENOSPC" in r.stderr, (args[0], r.stderr)
    # A results file needs a regular file.
    for device in (null, full):
        r = porttwin(*run_args(device, 2), check=False)
        assert r.returncode == 1 and "is a device" in r.stderr, r.stderr
    for device in (null, full):
        assert stat.S_ISCHR(os.stat(device).st_mode), f"{device} is no longer a device"


def test_a_fifo_output_is_written_when_read_and_an_error_when_not(whole, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # Nobody reads: an error at once, not a hang.
    r = porttwin("report", whole, "-o", fifo, check=False, timeout=60)
    assert r.returncode == 1 and "FIFO" in r.stderr, r.stderr
    r = porttwin(*run_args(fifo, 2), check=False, timeout=60)
    assert r.returncode == 1 and "FIFO" in r.stderr, r.stderr
    # Someone reads: the report goes through the pipe.
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    time.sleep(0.2)
    porttwin("report", whole, "-o", fifo, timeout=60)
    reader.join(timeout=60)
    assert received and received[0].startswith(b"<!DOCTYPE html>")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


# ---- 10. Ctrl-C says at once what it does -----------------------------------------

def test_the_first_ctrl_c_says_at_once_what_happens(tmp_path):
    out = tmp_path / "year.h5"
    # Full-year replications of the incident scenario: seconds each.
    p = subprocess.Popen([CLI, "run", str(INCIDENT), "--replications", "3", "--threads", "1", "--quiet", "-o", str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: (tmp_path / "year.h5.partial" / "manifest.json").exists(), "the run to start")
    time.sleep(0.3)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(iter(p.stderr.readline, "")))
    reader.start()
    p.send_signal(signal.SIGINT)
    sent = time.time()
    wait_for(lambda: any("stopping after" in line for line in lines), "the stop message", timeout=10)
    said = time.time() - sent
    still_running = p.poll() is None
    p.wait(timeout=300)
    reader.join(timeout=10)
    text = "".join(lines)
    # One replication runs at a time (one thread); the signal may also fall between two.
    assert re.search(r"stopping after the [01] replications? in flight", text) and "Ctrl-C again" in text, text
    assert still_running or said < 1.0, text
    assert p.returncode in (0, 130), text
