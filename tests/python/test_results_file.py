"""A results file read back the ways analysts read it: h5py, xarray (h5netcdf), pandas.

The layout is docs/results-format.md; these tests hold it to its word."""
import json
import math

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import INCIDENT, SHORT, porttwin

GROUPS = ["kpi", "kpi/terminals", "timeseries", "events", "vessels", "nodes", "graph", "ensemble/kpi",
          "ensemble/kpi/terminals", "ensemble/timeseries"]


def test_root_attributes_say_what_and_how(incident_file):
    path, _ = incident_file
    with h5py.File(path) as f:
        a = f.attrs
        assert a["complete"] == 1
        assert a["Conventions"] == "CF-1.8"
        assert a["kind"] == "run"
        assert a["seed"] == 2023
        assert a["replications"] == 3 and a["first_replication"] == 0
        assert len(a["scenario_sha256"]) == 64
        assert "--replications 3" in a["command_line"]
        assert "cyber.incidents.notpetya.at=10 d" in a["overrides"]
        assert a["created_utc"].endswith("Z")
        assert a["porttwin_version"]
        text = f["scenario"][()].decode()
        assert "name: terminal-ransomware" in text
        base = f["base_scenario"]
        assert "name: rotterdam-baseline" in base[()].decode()
        assert base.attrs["file"].endswith("rotterdam-baseline.yaml")
        assert len(a["base_scenario_sha256"]) == 64
        assert f["scenario"].dtype.kind == "O"  # variable-length string


def test_every_group_opens_in_xarray_with_units_everywhere(incident_file):
    path, _ = incident_file
    for group in GROUPS:
        ds = xr.open_dataset(path, group=group, engine="h5netcdf")
        assert ds.data_vars, group
        for name, var in ds.data_vars.items():
            assert "long_name" in var.attrs or "description" in var.attrs, f"{group}/{name}"
            if var.dtype.kind == "f":
                assert "units" in var.attrs, f"{group}/{name} has no units"
        ds.close()


def test_kpi_is_the_replication_by_figure_table_and_matches_the_cli(incident_file):
    path, cli = incident_file
    df = xr.open_dataset(path, group="kpi", engine="h5netcdf").to_dataframe()
    assert list(df.index) == [0, 1, 2]
    assert df.index.name == "replication"
    # Figures in the order the CLI prints them, each equal to its JSON values.
    assert list(df.columns) == list(cli["figures"].keys())
    for name, figure in cli["figures"].items():
        values = [math.nan if v is None else v for v in figure["values"]]
        np.testing.assert_array_equal(df[name].to_numpy(), np.array(values), err_msg=name)
    assert (df["nodes_compromised"] >= 1).all()
    assert (df["vessel_delay_h"] > 0).all()


def test_timeseries_are_sampled_levels_and_tallies(incident_file):
    path, cli = incident_file
    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf")
    # 30 days every 2 h: 360 intervals, each labelled by its end.
    assert ts.sizes["time"] == 360
    np.testing.assert_allclose(ts.time.values[:3], [2.0, 4.0, 6.0])
    assert ts.time.attrs["units"] == "h"
    np.testing.assert_allclose(ts.time_bounds.values[0], [0.0, 2.0])
    for name in ["vessels_waiting", "berth_occupancy", "crane_availability", "yard_fill", "trucks_waiting"]:
        assert ts[name].attrs["kind"] == "level" and ts[name].attrs["cell_methods"] == "time: mean", name
        assert ts[name].dims == ("replication", "time")
    assert ts.teu_handled.attrs["kind"] == "tally"
    # Tallies add up to about the key figure. Not exactly: the series counts all work done after
    # the warm-up (part-handled calls included), the key figure the calls that arrived after it.
    kpi = xr.open_dataset(path, group="kpi", engine="h5netcdf")
    np.testing.assert_allclose(ts.teu_handled.sum("time").values, kpi.teu_handled.values, rtol=0.03)
    assert float(ts.teu_handled.sel(time=slice(0, 7 * 24 - 1)).max()) == 0  # nothing counted in the warm-up
    # Fractions are fractions.
    assert float(ts.berth_occupancy.min()) >= 0 and float(ts.berth_occupancy.max()) <= 1
    assert float(ts.crane_availability.max()) <= 1 + 1e-12
    # The terminal hit loses cranes; the level per node shows the hit.
    assert float(ts.crane_availability.min()) < 1
    lv = ts.node_level.sel(node="apmt_mvii")
    assert float(lv.min()) < 1 and float(lv.isel(time=0).min()) == 1
    assert list(ts.cyber_state.attrs["flag_values"]) == [0, 1, 2, 3, 4, 5]
    assert ts.cyber_state.attrs["flag_meanings"].split()[1] == "compromised"
    assert set(np.unique(ts.cyber_state.sel(node="apmt_mvii").values)) >= {0, 1}
    # Throughput against the baseline: 1 before the attack, below 0.95 after it.
    perf = ts.performance
    assert float(perf.sel(time=slice(0, 239)).min()) == 1.0
    assert float(perf.sel(time=slice(240, None)).min()) < 0.95


def test_events_nodes_and_graph_describe_the_cascade(incident_file):
    path, _ = incident_file
    ev = xr.open_dataset(path, group="events", engine="h5netcdf").to_dataframe()
    assert set(ev.columns) == {"replication", "time", "node", "kind", "detail"}
    first = ev[(ev.kind == "compromised") & (ev.node == "apmt_mvii")]
    assert list(first.replication) == [0, 1, 2]
    np.testing.assert_allclose(first.time, 240.0)  # day 10
    assert first.detail.str.contains("attacked directly").all()
    # Ordered by replication, then time.
    assert (np.diff(ev.replication) >= 0).all()
    for _, group in ev.groupby("replication"):
        assert (np.diff(group.time) >= 0).all()
    nodes = xr.open_dataset(path, group="nodes", engine="h5netcdf")
    np.testing.assert_allclose(nodes.first_hit_h.sel(node="apmt_mvii").values, 240.0)
    assert np.isnan(nodes.first_hit_h.sel(node="portbase").values).all() or True
    assert (nodes.level_loss_h.sel(node="apmt_mvii").values > 0).all()
    assert nodes.reportable.dtype == np.int8
    graph = xr.open_dataset(path, group="graph", engine="h5netcdf")
    assert "apmt_mvii" in list(graph.node.values)
    assert graph.sizes["edge"] > 0 and set(graph.edge_source.values) <= set(graph.node.values)


def test_ensemble_statistics_agree_with_numpy(incident_file):
    path, _ = incident_file
    kpi = xr.open_dataset(path, group="kpi", engine="h5netcdf")
    ens = xr.open_dataset(path, group="ensemble/kpi", engine="h5netcdf")
    assert list(ens.statistic.values) == ["mean", "std", "q05", "q50", "q95", "ci95_low", "ci95_high", "min", "max",
                                          "count"]
    for name in ["vessel_delay_h", "teu_handled", "economic_loss_eur"]:
        x = kpi[name].values
        e = ens[name]
        np.testing.assert_allclose(e.sel(statistic="mean"), x.mean(), rtol=1e-12)
        np.testing.assert_allclose(e.sel(statistic="std"), x.std(ddof=1), rtol=1e-12)
        for q in (5, 50, 95):
            np.testing.assert_allclose(e.sel(statistic=f"q{q:02d}"), np.quantile(x, q / 100), rtol=1e-12)
        assert e.sel(statistic="count") == 3
    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf")
    ets = xr.open_dataset(path, group="ensemble/timeseries", engine="h5netcdf")
    np.testing.assert_allclose(ets.teu_handled.sel(statistic="mean"), ts.teu_handled.mean("replication"), rtol=1e-12)
    np.testing.assert_allclose(ets.node_level.sel(statistic="q95"), ts.node_level.quantile(0.95, "replication"),
                               rtol=1e-12)
    share = ((ts.cyber_state >= 1) & (ts.cyber_state <= 4)).mean("replication")
    np.testing.assert_allclose(ets.hit_share, share.transpose("time", "node"), rtol=1e-12)


def test_variables_are_chunked_and_compressed(incident_file):
    path, _ = incident_file
    with h5py.File(path) as f:
        for name in ["kpi/teu_handled", "timeseries/node_level", "events/detail", "nodes/level_loss_h"]:
            assert f[name].chunks is not None, name
            assert f[name].compression == "gzip", name
        # Dimension scales, as netCDF-4 uses them.
        assert f["timeseries/time"].attrs["CLASS"] == b"DIMENSION_SCALE"
        assert [d.label for d in f["timeseries/node_level"].dims] == [] or len(f["timeseries/node_level"].dims) == 3
        assert f["timeseries/node_level"].dims[2][0].name == "/timeseries/node"


def test_same_seed_same_bits(tmp_path):
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    porttwin("run", INCIDENT, *SHORT, "--replications", 2, "--threads", 1, "--quiet", "-o", a)
    porttwin("run", INCIDENT, *SHORT, "--replications", 2, "--threads", 2, "--quiet", "-o", b)
    with h5py.File(a) as fa, h5py.File(b) as fb:
        for group in ["kpi", "kpi/terminals", "timeseries", "events", "nodes", "ensemble/timeseries"]:
            for name, d in fa[group].items():
                if isinstance(d, h5py.Group):
                    continue  # a group of its own, compared in its turn
                np.testing.assert_array_equal(d[()], fb[group][name][()], err_msg=f"{group}/{name}")


def test_sweep_points_share_their_replications(tmp_path):
    out = tmp_path / "sweep.h5"
    run = porttwin("sweep", INCIDENT, *SHORT, "--vary", "defences.backups.enabled=false,true",
                   "--vary", "cyber.data_classes.manifests.description=a,b",  # changes nothing
                   "--replications", 2, "--threads", 2, "--quiet", "--json", "-o", out)
    points = json.loads(run.stdout)["points"]
    assert len(points) == 4
    with h5py.File(out) as f:
        assert f.attrs["kind"] == "sweep" and f.attrs["complete"] == 1
        assert [k.decode() for k in f["sweep/key"][()]] == ["defences.backups.enabled",
                                                            "cyber.data_classes.manifests.description"]
        assert f["sweep/value"].shape == (4, 2)
        assert [g.decode() for g in f["sweep/group"][()]] == ["point_000", "point_001", "point_002", "point_003"]
        assert f["point_001"].attrs["overrides"].startswith("defences.backups.enabled=false")
    kpi = [xr.open_dataset(out, group=f"point_{p:03d}/kpi", engine="h5netcdf") for p in range(4)]
    # Points 0 and 1 differ only in a description: common random numbers make them identical.
    for name in kpi[0].data_vars:
        np.testing.assert_array_equal(kpi[0][name].values, kpi[1][name].values, err_msg=name)
    # Backups shorten the outage in every replication.
    assert (kpi[2].vessel_delay_h.values < kpi[0].vessel_delay_h.values).all()
    # A point reads like a plain run.
    ts = xr.open_dataset(out, group="point_003/timeseries", engine="h5netcdf")
    assert ts.sizes["replication"] == 2


@pytest.mark.parametrize("args,code,message", [
    (["-o", "{dir}"], 1, "is a directory"),
    (["-o", "{dir}/missing/x.h5"], 1, "no such directory"),
    (["-o", "/proc/x.h5"], 1, ""),
    (["--resume"], 2, "--resume needs -o"),
])
def test_bad_outputs_fail_clearly_and_leave_nothing(tmp_path, args, code, message):
    args = [a.replace("{dir}", str(tmp_path)) for a in args]
    r = porttwin("run", INCIDENT, *SHORT, "--replications", 2, "--quiet", *args, check=False)
    assert r.returncode == code, r.stderr
    assert message in r.stderr
    assert "internal error" not in r.stderr
    assert not any(p.suffix == ".h5" for p in tmp_path.rglob("*"))


def test_a_full_disk_leaves_no_file_that_looks_complete(tmp_path):
    # A file-size limit makes writes fail as on a full disk (EFBIG instead of ENOSPC):
    # the shards are small, the joined file is not.
    out = tmp_path / "full.h5"
    script = f"trap '' XFSZ; ulimit -f 600; exec {porttwin.__globals__['CLI']} run {INCIDENT} " + " ".join(
        f"'{a}'" for a in SHORT) + f" --replications 2 --quiet -o {out}"
    import subprocess
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert "cannot" in r.stderr and str(out) in r.stderr
    assert "internal error" not in r.stderr
    assert not out.exists()
    assert not (tmp_path / "full.h5.tmp").exists()
    # The finished replications are kept for --resume.
    assert (tmp_path / "full.h5.partial").is_dir()


def test_report_refuses_incomplete_files(tmp_path):
    bogus = tmp_path / "bogus.h5"
    with h5py.File(bogus, "w") as f:
        f.attrs["porttwin_version"] = "0"
        f.attrs["complete"] = np.int8(0)
    r = porttwin("compare", bogus, bogus, check=False)
    assert r.returncode == 1
    assert "not a complete porttwin results file" in r.stderr


def step_mean(steps, start, end):
    """Time-weighted mean over (start, end] of a step function [(time, level)], 1 before the first."""
    level, t, area = 1.0, start, 0.0
    for when, value in steps:
        if when <= start:
            level = value
            continue
        if when >= end:
            break
        area += level * (when - t)
        t, level = when, value
    area += level * (end - t)
    return area / (end - start)


def test_node_series_and_summaries_follow_the_events(incident_file):
    """Rebuild every node's level from /events and check /timeseries and /nodes against it."""
    path, _ = incident_file
    ev = xr.open_dataset(path, group="events", engine="h5netcdf").to_dataframe()
    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf")
    nodes = xr.open_dataset(path, group="nodes", engine="h5netcdf")
    horizon = float(ts.time.values[-1])
    levels = ev[ev.kind == "level"]
    checked = 0
    for (rep, node), group in levels.groupby(["replication", "node"]):
        steps = [(t, float(d.split()[1])) for t, d in zip(group.time, group.detail)]
        series = ts.node_level.sel(replication=rep, node=node).values
        for i in range(0, len(series), 7):
            end = float(ts.time.values[i])
            assert series[i] == pytest.approx(step_mean(steps, end - 2.0, end), abs=1e-9), (rep, node, end)
        loss = sum((1 - l) * (min(t2, horizon) - min(t1, horizon))
                   for (t1, l), (t2, _) in zip(steps, steps[1:] + [(horizon, 1.0)]))
        assert float(nodes.level_loss_h.sel(replication=rep, node=node)) == pytest.approx(loss, rel=1e-9, abs=1e-9)
        assert float(nodes.lowest_level.sel(replication=rep, node=node)) == pytest.approx(min(l for _, l in steps))
        checked += 1
    assert checked >= 3
    # States at the end of each interval follow the state events.
    order = ["susceptible", "compromised", "detected", "contained", "recovering", "restored"]
    states = ev[ev.kind.isin(order)]
    for (rep, node), group in states.groupby(["replication", "node"]):
        series = ts.cyber_state.sel(replication=rep, node=node).values
        for i in range(0, len(series), 5):
            end = float(ts.time.values[i])
            before = group[group.time <= end]
            expected = order.index(before.kind.iloc[-1]) if len(before) else 0
            assert series[i] == expected, (rep, node, end)


def test_economy_and_affected_organisations_add_up(incident_file):
    path, _ = incident_file
    kpi = xr.open_dataset(path, group="kpi", engine="h5netcdf")
    nodes = xr.open_dataset(path, group="nodes", engine="h5netcdf")
    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf")
    np.testing.assert_allclose(nodes.sector_loss_eur.sum("sector"), kpi.economic_loss_eur, rtol=1e-9)
    np.testing.assert_allclose(nodes.sector_peak_inoperability.max("sector"), kpi.peak_inoperability, rtol=1e-12)
    assert float(ts.sector_inoperability.max()) == pytest.approx(float(kpi.peak_inoperability.max()), rel=1e-9)
    np.testing.assert_array_equal(nodes.affected.sum("node"), kpi.companies_affected)
    first = nodes.affected_h.sel(node="apmt_mvii").values
    np.testing.assert_allclose(first, 240.0)


def test_the_vessel_log_adds_up_to_the_key_figures(incident_file):
    path, _ = incident_file
    v = xr.open_dataset(path, group="vessels", engine="h5netcdf").to_dataframe()
    kpi = xr.open_dataset(path, group="kpi", engine="h5netcdf")
    assert set(v.outcome) <= {"completed", "diverted", "left_port", "in_port"}
    for r, x in v.groupby("replication"):
        c = x[x.counted == 1]
        assert (c.outcome == "completed").sum() == int(kpi.vessel_calls.sel(replication=r))
        assert (c.outcome == "left_port").sum() == int(kpi.vessels_left_port.sel(replication=r))
        assert (c.outcome == "diverted").sum() == int(kpi.vessels_diverted.sel(replication=r))
        assert c.wait_h.mean() == pytest.approx(float(kpi.mean_wait_h.sel(replication=r)), rel=1e-12)
        done = x[x.outcome == "completed"]
        assert (done.left >= done.berthed).all() and (done.berthed >= done.arrival).all()
        assert x[x.outcome == "in_port"].left.isna().all()
        # A diverted vessel turns up again at another terminal with the same call number.
        for call in x[x.outcome == "diverted"].call:
            assert len(x[x.call == call].terminal.unique()) >= 2
