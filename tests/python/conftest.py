"""Shared fixtures: the porttwin binary and small scenarios to run."""
import json
import os
import subprocess
from pathlib import Path

import pytest

CLI = os.environ.get("PORTTWIN_CLI", "porttwin")
SOURCE = Path(os.environ.get("PORTTWIN_SOURCE_DIR", Path(__file__).resolve().parents[2]))


def porttwin(*args, check=True, **kwargs):
    """Runs the CLI; returns the CompletedProcess (text)."""
    result = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"porttwin {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


# A small incident run: 30 days of terminal-ransomware with the attack on day 10
# (about 0.25 s per replication).
INCIDENT = SOURCE / "scenarios/terminal-ransomware.yaml"
SHORT = ["--set", "settings.horizon=30 d", "--set", "settings.warmup=7 d", "--set", "settings.sample_interval=2 h",
         "--set", "cyber.incidents.notpetya.at=10 d"]


@pytest.fixture(scope="session")
def incident_file(tmp_path_factory):
    """Three replications of the incident scenario, with the CLI's JSON."""
    out = tmp_path_factory.mktemp("results") / "incident.h5"
    run = porttwin("run", INCIDENT, *SHORT, "--replications", 3, "--threads", 2, "--quiet", "--json", "-o", out)
    return out, json.loads(run.stdout)
