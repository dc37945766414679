"""porttwin.run gives the CLI's numbers, as pandas and xarray objects with units, without copies;
open_results gives the same Result from a file."""
import math

import h5py
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import porttwin
from conftest import INCIDENT, SCENARIOS, SHORT, porttwin_cli

GROUPS = ["kpi", "kpi/terminals", "timeseries", "events", "nodes", "graph", "ensemble/kpi", "ensemble/kpi/terminals",
          "ensemble/timeseries"]


def test_kpis_are_bit_identical_to_the_cli_json(cli_run, memory_run):
    cli, _ = cli_run
    kpis = memory_run.kpis
    assert list(kpis.columns) == list(cli["figures"])
    for name, figure in cli["figures"].items():
        expected = [math.nan if v is None else v for v in figure["values"]]
        np.testing.assert_array_equal(kpis[name].to_numpy(), np.array(expected, dtype=float), err_msg=name)


def test_kpis_are_replication_by_figure_float64_with_units(memory_run):
    kpis = memory_run.kpis
    assert kpis.shape == (3, len(kpis.columns)) and len(kpis.columns) > 20
    assert kpis.index.name == "replication" and list(kpis.index) == [0, 1, 2]
    assert kpis.index.dtype == np.int64
    assert set(kpis.dtypes) == {np.dtype("float64")}
    assert not any("[" in c or " " in c for c in kpis.columns), "units belong in attrs, not in column names"
    assert kpis.attrs["units"] == memory_run.units
    assert memory_run.units["mean_wait_h"] == "h" and memory_run.units["teu_handled"] == "TEU"
    assert memory_run.units["vessel_calls"] == "1"


def test_timeseries_and_nodes_are_datasets_with_the_file_layout(memory_run):
    ts = memory_run.timeseries
    assert isinstance(ts, xr.Dataset)
    assert ts["vessels_waiting"].dims == ("replication", "time")
    assert ts["terminal_level"].dims == ("replication", "time", "terminal")
    assert ts["node_level"].dims == ("replication", "time", "node")
    assert ts.sizes["replication"] == 3 and ts.sizes["time"] == 30 * 12  # 30 d every 2 h
    assert ts["time"].attrs["units"] == "h" and ts["time"].values[0] == 2.0
    for name, var in ts.data_vars.items():
        if var.dtype.kind == "f":
            assert "units" in var.attrs, name
        if "replication" in var.dims:
            assert var.attrs["kind"] in {"level", "tally", "state"}, name
    assert ts["cyber_state"].dtype == np.int8 and list(ts["cyber_state"].attrs["flag_values"]) == list(range(6))
    nodes = memory_run.nodes
    assert nodes["first_hit_h"].dims == ("replication", "node") and nodes["first_hit_h"].attrs["units"] == "h"
    terminals = memory_run.terminal_kpis
    assert terminals.index.names == ["replication", "terminal"]
    assert len(terminals) == len(memory_run.replications) * memory_run.timeseries.sizes["terminal"]
    assert terminals.attrs["units"]["mean_wait_h"] == "h" and terminals.attrs["units"]["handled"] == "yard unit"


def test_events_are_a_table_of_incident_state_changes(memory_run):
    events = memory_run.events
    assert list(events.columns) == ["replication", "time", "node", "kind", "detail"]
    assert events["replication"].dtype == np.int64 and events["time"].dtype == np.float64
    assert set(events["replication"]) == {0, 1, 2}
    assert "compromised" in set(events["kind"])
    assert events.attrs["units"]["time"] == "h"
    ordered = events.sort_values(["replication", "time"], kind="stable")
    assert (ordered.index == events.index).all()


def test_arrays_from_the_engine_are_not_copied(memory_run):
    # An array the engine handed over has the capsule owning its std::vector as base.
    for ds, name in [(memory_run.timeseries, "vessels_waiting"), (memory_run.timeseries, "cyber_state"),
                     (memory_run.nodes, "first_hit_h")]:
        values = ds[name].values
        assert not values.flags.owndata and values.base is not None, name
        assert type(values.base).__name__ == "PyCapsule", name
    # The key figures are one engine block that pandas keeps as it is (white box: the source's array).
    _, block, _ = memory_run._source.kpi()
    assert type(block.base).__name__ == "PyCapsule"
    assert np.shares_memory(memory_run.kpis.to_numpy(), block)


def test_ensemble_and_summary_match_the_cli_statistics(cli_run, memory_run):
    cli, _ = cli_run
    ensemble = memory_run.ensemble
    assert list(ensemble.index) == list(porttwin.KPI_STATISTICS)
    summary = memory_run.summary()
    for name, figure in cli["figures"].items():
        if figure["n"] == 0:
            assert math.isnan(ensemble.loc["mean", name])
            continue
        assert ensemble.loc["count", name] == figure["n"]
        assert ensemble.loc["min", name] == figure["min"] and ensemble.loc["max", name] == figure["max"]
        assert ensemble.loc["mean", name] == pytest.approx(figure["mean"], rel=1e-12, abs=1e-9)
        assert summary.loc[name, "ci95_low"] == pytest.approx(figure["ci95"][0], rel=1e-12, abs=1e-9)
        assert summary.loc[name, "units"] == memory_run.units[name]


def test_open_results_on_a_cli_file_gives_the_result_in_memory(cli_run, memory_run):
    _, path = cli_run
    from_file = porttwin.open_results(path)
    pd.testing.assert_frame_equal(from_file.kpis, memory_run.kpis)
    assert from_file.units == memory_run.units
    xr.testing.assert_identical(from_file.timeseries, memory_run.timeseries)
    xr.testing.assert_identical(from_file.nodes, memory_run.nodes)
    pd.testing.assert_frame_equal(from_file.events, memory_run.events)
    pd.testing.assert_frame_equal(from_file.ensemble, memory_run.ensemble)  # bit-identical statistics
    for a, b in zip(from_file.graph, memory_run.graph):
        pd.testing.assert_frame_equal(a, b)
    assert from_file.scenario["cyber.incidents.notpetya.at"] == "10 d"
    assert from_file.attrs["seed"] == memory_run.attrs["seed"]


def test_output_writes_the_file_the_cli_writes(cli_run, incident, tmp_path):
    _, cli_path = cli_run
    path = tmp_path / "bindings.h5"
    res = porttwin.run(incident, replications=3, threads=2, output=path)
    assert res.path == str(path) and res.run_info["ran"] == 3
    with h5py.File(cli_path) as a, h5py.File(path) as b:
        for key in ["complete", "seed", "overrides", "first_replication", "replications", "scenario_sha256",
                    "base_scenario_sha256", "kind", "title", "format_version"]:
            assert a.attrs[key] == b.attrs[key], key
        for group in GROUPS:
            assert list(a[group]) == list(b[group]), group
            for name, d in a[group].items():
                if isinstance(d, h5py.Group):
                    continue  # a group of its own, compared in its turn
                np.testing.assert_array_equal(d[()], b[group][name][()], err_msg=f"{group}/{name}")
                assert dict(d.attrs).keys() == dict(b[group][name].attrs).keys(), f"{group}/{name}"


def test_a_seed_and_a_first_replication_select_the_same_streams_as_the_cli():
    sc = porttwin.Scenario.from_yaml(SCENARIOS / "mmc-validation.yaml").with_overrides(
        {"settings.horizon": "20 d", "settings.warmup": "2 d"})
    res = porttwin.run(sc, replications=2, first_replication=5, seed=11, threads=2)
    cli = porttwin_cli("run", SCENARIOS / "mmc-validation.yaml", "--set", "settings.horizon=20 d", "--set",
                       "settings.warmup=2 d", "--seed", 11, "--replication", 5, "--replications", 2, "--json")
    import json

    figures = json.loads(cli.stdout)["figures"]
    assert list(res.kpis.index) == [5, 6]
    for name, figure in figures.items():
        np.testing.assert_array_equal(res.kpis[name].to_numpy(), np.array(figure["values"], dtype=float), name)
    assert "events" not in res.events.columns or res.events.empty  # no incidents, no events


def test_vessels_log_every_visit_and_adds_up_to_the_key_figures(cli_run, memory_run):
    v = memory_run.vessels
    assert list(v.columns) == ["replication", "call", "vessel_class", "terminal", "arrival", "berthed", "left",
                               "wait_h", "moves", "outcome", "counted"]
    assert v.attrs["units"]["wait_h"] == "h"
    assert set(v.outcome) <= {"completed", "diverted", "left_port", "in_port"}
    kpis = memory_run.kpis
    for r, x in v.groupby("replication"):
        c = x[x.counted]
        assert (c.outcome == "completed").sum() == kpis.vessel_calls[r]
        assert (c.outcome == "left_port").sum() == kpis.vessels_left_port[r]
        assert (c.outcome == "diverted").sum() == kpis.vessels_diverted[r]
        assert c.wait_h.mean() == pytest.approx(kpis.mean_wait_h[r], rel=1e-12)
    # The file written by the CLI holds the same log.
    _, path = cli_run
    from_file = porttwin.open_results(path).vessels
    pd.testing.assert_frame_equal(from_file, v)


def test_open_results_refuses_a_missing_or_unfinished_file(tmp_path):
    with pytest.raises(porttwin.IoError):
        porttwin.open_results(tmp_path / "none.h5")
    unfinished = tmp_path / "unfinished.h5"
    with h5py.File(unfinished, "w") as f:
        f.attrs["complete"] = np.int8(0)
    with pytest.raises(porttwin.IoError, match="not a complete porttwin results file"):
        porttwin.open_results(unfinished)


def test_a_cli_run_with_overrides_reads_back_its_scenario(cli_run):
    _, path = cli_run
    sc = porttwin.open_results(path).scenario
    assert sc["settings.horizon"] == "30 d"
    assert sc.file == str(INCIDENT)
    assert len(SHORT) == 2 * len(sc.overrides)


def test_a_sweep_point_of_a_cli_file_is_the_run_with_its_values(incident, tmp_path):
    path = tmp_path / "sweep.h5"
    porttwin_cli("sweep", INCIDENT, *SHORT, "--vary", "defences.backups.enabled=false,true", "--replications", 2,
                 "--threads", 2, "--quiet", "-o", path)
    with pytest.raises(porttwin.UsageError, match="point"):
        porttwin.open_results(path)
    point = porttwin.open_results(path, point=1)
    assert point.scenario["defences.backups.enabled"] == "true"
    direct = porttwin.run(incident.with_overrides({"defences.backups.enabled": True}), replications=2, threads=2)
    pd.testing.assert_frame_equal(point.kpis, direct.kpis)
    xr.testing.assert_identical(point.timeseries, direct.timeseries)
    pd.testing.assert_frame_equal(porttwin.open_results(path, point="point_000").kpis,
                                  porttwin.run(incident, replications=2).kpis)
