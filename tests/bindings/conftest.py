"""Shared fixtures: the CLI of the same build, the package on PYTHONPATH, small scenarios."""
import json
import os
import subprocess
from pathlib import Path

import pytest

import porttwin

CLI = os.environ.get("PORTTWIN_CLI", "porttwin")
SOURCE = Path(os.environ.get("PORTTWIN_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCENARIOS = SOURCE / "scenarios"

# 30 days of terminal-ransomware, attacked on day 10 (about 0.25 s per replication): the same
# short run as tests/python, as CLI --set arguments and as Python overrides.
INCIDENT = SCENARIOS / "terminal-ransomware.yaml"
OVERRIDES = {"settings.horizon": "30 d", "settings.warmup": "7 d", "settings.sample_interval": "2 h",
             "cyber.incidents.notpetya.at": "10 d"}
SHORT = [arg for path, value in OVERRIDES.items() for arg in ("--set", f"{path}={value}")]


def porttwin_cli(*args, check=True):
    """Runs the CLI; returns the CompletedProcess (text)."""
    result = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"porttwin {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


def incident_scenario():
    """The short incident scenario as a porttwin.Scenario."""
    return porttwin.Scenario.from_yaml(INCIDENT).with_overrides(OVERRIDES)


@pytest.fixture(scope="session")
def incident():
    return incident_scenario()


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory):
    """Three replications by the CLI: its JSON and its results file."""
    out = tmp_path_factory.mktemp("cli") / "incident.h5"
    run = porttwin_cli("run", INCIDENT, *SHORT, "--replications", 3, "--threads", 2, "--quiet", "--json", "-o", out)
    return json.loads(run.stdout), out


@pytest.fixture(scope="session")
def memory_run(incident):
    """The same three replications by the bindings, in memory."""
    return porttwin.run(incident, replications=3, threads=2)
