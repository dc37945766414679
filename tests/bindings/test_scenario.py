"""Scenarios from files, strings and dicts; parameters by dotted path; errors as the CLI's."""
import re

import pytest
import yaml

import porttwin
from conftest import INCIDENT, SCENARIOS, porttwin_cli

POSITION = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<column>\d+): ", re.M)


def test_from_yaml_reads_every_parameter_by_dotted_path():
    sc = porttwin.Scenario.from_yaml(SCENARIOS / "rotterdam-baseline.yaml")
    assert sc.name == "rotterdam-baseline"
    assert sc["settings.horizon"] == sc.get("settings.horizon") == "365 d"
    assert sc.file.endswith("rotterdam-baseline.yaml")
    assert "name: rotterdam-baseline" in sc.text


def test_set_changes_in_place_and_with_overrides_makes_a_new_scenario():
    sc = porttwin.Scenario.from_yaml(INCIDENT)
    sc.set("settings.seed", 7)
    assert sc["settings.seed"] == "7"
    other = sc.with_overrides({"defences.backups.enabled": True, "settings.horizon": "30 d",
                               "defences.information_sharing.membership": 0.5})
    assert other["defences.backups.enabled"] == "true"
    assert other["settings.horizon"] == "30 d"
    assert other["defences.information_sharing.membership"] == "0.5"
    assert sc["settings.horizon"] != "30 d", "with_overrides changed the original"
    # Checked as a whole, as --set ... --set ...: the horizon may shrink below the warm-up
    # when the warm-up shrinks too.
    short = sc.with_overrides({"settings.horizon": "5 d", "settings.warmup": "1 d"})
    assert short["settings.horizon"] == "5 d"
    assert other.overrides == ("settings.seed=7", "defences.backups.enabled=true", "settings.horizon=30 d",
                               "defences.information_sharing.membership=0.5")


def test_from_dict_runs_like_the_file_it_came_from():
    path = SCENARIOS / "mmc-validation.yaml"
    short = {"settings.horizon": "20 d", "settings.warmup": "2 d"}
    from_file = porttwin.Scenario.from_yaml(path).with_overrides(short)
    data = yaml.safe_load(path.read_text())
    from_dict = porttwin.Scenario.from_dict(data, base_dir=SCENARIOS).with_overrides(short)
    a = porttwin.run(from_file, replications=2)
    b = porttwin.run(from_dict, replications=2)
    assert a.kpis.equals(b.kpis)


def test_bad_yaml_names_file_line_and_column():
    with pytest.raises(porttwin.ScenarioError) as e:
        porttwin.Scenario.from_string("name: x\nsettings: [unclosed\n", name="mine.yaml")
    assert POSITION.match(str(e.value)).group("file") == "mine.yaml"


def test_unknown_key_gives_the_same_lines_as_porttwin_validate(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (SCENARIOS / "mmc-validation.yaml").read_text().replace("settings:\n", "settings:\n  horizn: 3 d\n", 1)
    bad.write_text(text)
    with pytest.raises(porttwin.ScenarioError) as e:
        porttwin.Scenario.from_yaml(bad)
    message = str(e.value)
    m = POSITION.match(message)
    assert m and m.group("file") == str(bad) and int(m.group("line")) > 0 and int(m.group("column")) > 0
    assert "horizn" in message and "horizon" in message  # did you mean
    cli = porttwin_cli("validate", bad, check=False)
    assert cli.returncode == 1
    cli_lines = [line for line in (cli.stdout + cli.stderr).splitlines() if POSITION.match(line)]
    assert cli_lines == message.splitlines()
    problems = porttwin.validate(bad)
    assert [str(p) for p in problems] == message.splitlines()


def test_bad_override_raises_and_leaves_the_scenario_unchanged():
    sc = porttwin.Scenario.from_yaml(INCIDENT)
    before = sc["settings.horizon"]
    with pytest.raises(porttwin.ScenarioError, match="horizn"):
        sc.set("settings.horizn", "3 d")  # unknown path: did-you-mean
    with pytest.raises(porttwin.ScenarioError) as e:
        sc.set("settings.horizon", "3 parsecs")
    assert POSITION.search(str(e.value)), str(e.value)
    assert sc["settings.horizon"] == before
    assert sc.overrides == ()
    with pytest.raises(porttwin.ScenarioError):
        sc.with_overrides({"settings.warmup": -1})


def test_missing_file_is_an_io_error_and_an_os_error():
    with pytest.raises(porttwin.IoError) as e:
        porttwin.Scenario.from_yaml(SCENARIOS / "no-such-scenario.yaml")
    assert isinstance(e.value, OSError) and isinstance(e.value, porttwin.Error)
    assert "no-such-scenario.yaml" in str(e.value)


@pytest.mark.parametrize("arguments", [{"replications": 0}, {"threads": 0}, {"first_replication": -1},
                                       {"replications": 1_000_001}, {"scheduler": "fastest"}])
def test_impossible_run_arguments_are_usage_errors(incident, arguments):
    with pytest.raises(porttwin.UsageError) as e:
        porttwin.run(incident, **arguments)
    assert isinstance(e.value, ValueError)
    assert next(iter(arguments)) in str(e.value)


def test_doc_lists_every_parameter_of_porttwin_schema():
    doc = porttwin.Scenario.doc()
    markdown = porttwin_cli("schema", "--format", "markdown").stdout
    paths = re.findall(r"^\| `([^`]+)` \|", markdown, re.M)
    assert list(doc["path"]) == paths
    assert list(doc.columns[:8]) == ["path", "type", "unit", "default", "min", "max", "choices", "description"]
    horizon = doc.set_index("path").loc["settings.horizon"]
    assert horizon["default"] == "365 d" and "h" in horizon["unit"] and horizon["description"]
    assert horizon["min"] == 0 and horizon["max"] > 0
    assert len(porttwin.Scenario.doc("settings.")) < len(doc)
    assert porttwin.schema(markdown=True) == markdown
    assert "settings.horizon" in porttwin.Scenario.doc.__doc__  # help() shows the reference


def test_a_run_too_big_for_memory_is_refused_before_it_starts(incident):
    import resource

    # Should the check ever be skipped, the allocation fails here (MemoryError) instead of
    # the whole machine running out of memory: address space capped 2 GB above what is in use.
    in_use = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize:"))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (in_use + (2 << 30), hard))
    try:
        with pytest.raises(porttwin.UsageError, match="output="):
            porttwin.run(incident, replications=1_000_000, threads=2)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def test_comm_needs_an_output_and_an_mpi4py_communicator(incident, tmp_path):
    with pytest.raises(porttwin.UsageError, match="comm needs output"):
        porttwin.run(incident, comm=object())
    if porttwin._porttwin.HAVE_MPI:
        with pytest.raises(TypeError, match="mpi4py communicator"):
            porttwin.run(incident, output=tmp_path / "x.h5", comm=object())
    else:
        with pytest.raises(porttwin.UsageError, match="built without MPI"):
            porttwin.run(incident, output=tmp_path / "x.h5", comm=object())
    assert not (tmp_path / "x.h5").exists()


WEEK = SCENARIOS.parent / "tests" / "data" / "scenarios" / "rotterdam-week.yaml"


def test_a_base_outside_the_scenarios_tree_needs_allow_paths():
    # rotterdam-week.yaml names base: ../../../scenarios/rotterdam-baseline.yaml.
    with pytest.raises(porttwin.ScenarioError) as e:
        porttwin.Scenario.from_yaml(WEEK)
    assert "outside it; to read it, allow its directory: --allow-path" in str(e.value)
    assert "allow_paths=[" in str(e.value)
    sc = porttwin.Scenario.from_yaml(WEEK, allow_paths=[SCENARIOS])
    assert sc["settings.horizon"] == "7 d"
    assert porttwin.validate(WEEK) != []
    assert porttwin.validate(WEEK, allow_paths=[SCENARIOS]) == []


def test_allow_paths_must_be_directories():
    with pytest.raises(porttwin.UsageError, match="allow_paths: expected a directory"):
        porttwin.Scenario.from_yaml(WEEK, allow_paths=[WEEK])
    with pytest.raises(TypeError, match="allow_paths: expected directory paths"):
        porttwin.Scenario.from_yaml(WEEK, allow_paths=[3])


def test_a_scenario_from_text_reads_files_only_below_its_base_dir(tmp_path):
    text = (SCENARIOS / "rotterdam-baseline.yaml").read_text()
    # Its CSV timetable is data/rotterdam-weekly-loop.csv, below scenarios/.
    assert porttwin.Scenario.from_string(text, base_dir=SCENARIOS)["name"] == "rotterdam-baseline"
    with pytest.raises(porttwin.ScenarioError, match="outside it"):
        porttwin.Scenario.from_string(text.replace("file: data/rotterdam-weekly-loop.csv", "file: ../README.md"), base_dir=SCENARIOS)


@pytest.mark.parametrize("overrides", [None, 3, "settings.seed=7", [("settings.seed", 7)]])
def test_with_overrides_of_something_not_a_mapping_is_a_clear_usage_error(overrides):
    sc = porttwin.Scenario.from_yaml(SCENARIOS / "mmc-validation.yaml")
    with pytest.raises(porttwin.UsageError) as e:
        sc.with_overrides(overrides)
    assert isinstance(e.value, ValueError)
    assert str(e.value).startswith("Scenario.with_overrides: expected a mapping of dotted parameter paths to values")
    assert type(overrides).__name__ in str(e.value)


def test_paths_and_values_of_the_wrong_type_are_clear_usage_errors():
    sc = porttwin.Scenario.from_yaml(SCENARIOS / "mmc-validation.yaml")
    with pytest.raises(porttwin.UsageError, match=r"^Scenario.with_overrides: expected a dotted parameter path as a "
                                                  r"str, e.g. 'settings.seed'; got int 3$"):
        sc.with_overrides({3: 4})
    with pytest.raises(porttwin.UsageError, match=r"^Scenario.set: expected a dotted parameter path"):
        sc.set(None, 1)
    with pytest.raises(porttwin.UsageError, match=r"^Scenario.get: expected a dotted parameter path"):
        sc[3]
    with pytest.raises(porttwin.UsageError, match=r"^Scenario.with_overrides: settings.seed: cannot write NoneType"):
        sc.with_overrides({"settings.seed": None})
    assert sc.overrides == ()
