"""Clear porttwin errors from Python (issue 15, item 11): impossible arguments and damaged or
foreign results files give porttwin.UsageError / porttwin.IoError with the CLI's words, never
pybind11's "incompatible function arguments", a raw KeyError, OSError or UnicodeDecodeError."""
import shutil

import h5py
import numpy as np
import pytest

import porttwin


@pytest.mark.parametrize("argument, value, words", [
    ("replications", 10**100, "replications must be between 1 and 1000000, got 10000000000000000000..."),
    ("replications", 0, "replications must be between 1 and 1000000, got 0"),
    ("threads", 2**70, "threads must be between 1 and 4096"),
    ("first_replication", -(10**30), "first_replication must be between 0 and 4294967295"),
])
def test_an_integer_out_of_range_is_a_usage_error_with_the_cli_words(incident, argument, value, words):
    with pytest.raises(porttwin.UsageError) as e:
        porttwin.run(incident, **{argument: value})
    assert words in str(e.value)


def test_a_damaged_results_file_is_an_io_error_naming_the_variable(cli_run, tmp_path):
    _, path = cli_run
    bad = tmp_path / "damaged.h5"
    shutil.copy(path, bad)
    with h5py.File(bad) as f:
        info = f["ensemble/kpi/teu_handled"].id.get_chunk_info(0)
    with open(bad, "r+b") as f:
        f.seek(info.byte_offset + info.size // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0x01]))
    result = porttwin.open_results(bad)  # the checks at opening read no values
    with pytest.raises(porttwin.IoError) as e:
        _ = result.ensemble
    assert "ensemble/kpi/teu_handled" in str(e.value) and "damaged" in str(e.value)


def test_a_results_file_of_a_newer_format_or_with_a_short_group_is_refused_as_the_cli_refuses_it(cli_run, tmp_path):
    _, path = cli_run
    newer = tmp_path / "newer.h5"
    shutil.copy(path, newer)
    with h5py.File(newer, "r+") as f:
        f.attrs["format_version"] = np.int64(99)
    with pytest.raises(porttwin.IoError, match="results format 99"):
        porttwin.open_results(newer)
    short = tmp_path / "short.h5"
    shutil.copy(path, short)
    with h5py.File(short, "r+") as f:
        del f["timeseries/yard_fill"]
        f["timeseries"].create_dataset("yard_fill", data=np.zeros((2, 360)))
        f["timeseries/yard_fill"].dims[0].attach_scale(f["kpi/replication"])
    with pytest.raises(porttwin.IoError, match="timeseries/yard_fill has 2 rows for 3 replications"):
        porttwin.open_results(short)


def test_a_file_that_is_not_a_results_file_is_an_io_error(tmp_path):
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5")
    with pytest.raises(porttwin.IoError, match="not an HDF5 file"):
        porttwin.open_results(text)
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["x"] = [1, 2, 3]
    with pytest.raises(porttwin.IoError, match="not a porttwin results file"):
        porttwin.open_results(other)
    with pytest.raises(porttwin.IoError, match="cannot open"):
        porttwin.open_results(tmp_path / "missing.h5")


def test_an_undecodable_string_is_an_io_error_not_a_unicode_decode_error(cli_run, tmp_path):
    _, path = cli_run
    bad = tmp_path / "latin1.h5"
    shutil.copy(path, bad)
    with h5py.File(bad, "r+") as f:
        n = f["events/detail"].shape[0]
        del f["events/detail"]
        f["events"].create_dataset("detail", data=np.array([b"\xff\xfe caf\xe9"] * n, dtype=h5py.string_dtype("utf-8")))
        f["events/detail"].dims[0].attach_scale(f["events/event"])
    with pytest.raises(porttwin.IoError) as e:
        _ = porttwin.open_results(bad).events
    assert "events/detail" in str(e.value)
