"""One definition per key figure (issue 16): `porttwin run --json`, the results file's /kpi and
porttwin.run(...).kpis give the same value for every figure of one replication, with and
without incidents; and so for every terminal figure (issue 17): run --json's `terminals`, the
file's /kpi/terminals and porttwin.run(...).terminal_kpis."""
import json
import math

import h5py
import pytest

import porttwin
from conftest import INCIDENT, OVERRIDES, SCENARIOS, SHORT, porttwin_cli

BASELINE = SCENARIOS / "mmc-validation.yaml"


def same(a, b):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return float(a) == float(b)


@pytest.mark.parametrize("scenario, overrides", [(INCIDENT, OVERRIDES), (BASELINE, {})])
def test_json_kpi_and_python_agree_on_every_figure(tmp_path, scenario, overrides):
    args = [a for path, value in overrides.items() for a in ("--set", f"{path}={value}")]
    cli = json.loads(porttwin_cli("run", scenario, *args, "--json").stdout)
    out = tmp_path / "one.h5"
    porttwin_cli("run", scenario, *args, "--replications", 1, "--quiet", "-o", out)
    with h5py.File(out) as f:
        kpi = {name: f["kpi"][name][0] for name in f["kpi"] if name not in ("replication", "terminals")}
        group = f["kpi/terminals"]
        terminal_ids = list(group["terminal"].asstr()[()])
        by_terminal = {name.removeprefix("terminal_"): group[name][0, :] for name in group
                       if name.startswith("terminal_")}
        yard_units = list(group["yard_unit"].asstr()[()])
    sc = porttwin.Scenario.from_yaml(scenario)
    if overrides:
        sc = sc.with_overrides(overrides)
    result = porttwin.run(sc, replications=1)
    python = result.kpis.iloc[0].to_dict()
    python_terminals = result.terminal_kpis
    assert list(kpi) == list(python), "the file and Python list the same figures in the same order"
    incidents = scenario == INCIDENT
    assert ("vessel_delay_h" in kpi) == incidents
    for name, value in kpi.items():
        assert name in cli, f"{name} is in /kpi but not in run --json"
        assert same(cli[name], value), (name, cli[name], value)
        assert same(python[name], value), (name, python[name], value)
    # Every terminal figure of every terminal, the same three ways.
    assert [t["id"] for t in cli["terminals"]] == terminal_ids
    assert list(python_terminals.columns) == list(by_terminal), "the file and Python list the same terminal figures"
    assert ("vessel_delay_h" in by_terminal) == incidents
    for k, (terminal, unit) in enumerate(zip(cli["terminals"], yard_units)):
        assert terminal["yard_unit"] == unit
        for name, values in by_terminal.items():
            assert name in terminal, f"{name} is in /kpi/terminals but not in run --json's terminals"
            assert same(terminal[name], values[k]), (terminal["id"], name, terminal[name], values[k])
            assert same(python_terminals.loc[(0, terminal["id"]), name], values[k]), (terminal["id"], name)
    # The two drifts found in review, one definition each now: a backlog never cleared is
    # undefined everywhere (it was -1 in run --json), and events count every model run of the
    # replication everywhere (run --json counted the port run only).
    if incidents:
        assert cli["backlog_cleared_h"] is None and math.isnan(kpi["backlog_cleared_h"])
        assert cli["events"] > cli["port_events"] + cli["cyber_model_events"]
    else:
        assert cli["events"] == cli["port_events"]
