"""Dataset settings (oppfolging.toml) and personal settings."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from oppfolging.domain.periods import Period
from oppfolging.settings import (
    DatasetSettings,
    PersonalSettings,
    default_settings_toml,
    load_dataset_settings,
    load_personal_settings,
    personal_settings_path,
    save_personal_settings,
)


def _load(tmp_path: Path, text: str) -> tuple[DatasetSettings, list[str]]:
    (tmp_path / "oppfolging.toml").write_text(text, encoding="utf-8")
    result = load_dataset_settings(tmp_path)
    return result.settings, [str(problem) for problem in result.problems]


def test_missing_file_gives_defaults_without_problems(tmp_path: Path) -> None:
    result = load_dataset_settings(tmp_path)
    assert result.settings == DatasetSettings()
    assert result.problems == []
    assert result.settings.default_tolerance == 0.10
    assert result.settings.revision_warning_months == 12
    assert result.settings.council_constituted is None


@pytest.mark.parametrize(
    ("round_", "deadline"),
    [
        (Period(2026, 1), date(2026, 5, 15)),
        (Period(2026, 2), date(2026, 9, 15)),
        (Period(2026), date(2027, 2, 15)),
    ],
)
def test_default_deadlines(round_: Period, deadline: date) -> None:
    assert DatasetSettings().deadline_for(round_) == deadline


GOOD = """\
default_tolerance = 0.15
revision_warning_months = 6
council_constituted = 2023-10-19
plausibility_limit = 1

[deadlines]
T1 = "05-20"
T2 = "09-30"
annual = "03-01"
"""


def test_a_good_file(tmp_path: Path) -> None:
    settings, problems = _load(tmp_path, GOOD)
    assert problems == []
    assert settings == DatasetSettings(
        default_tolerance=0.15,
        revision_warning_months=6,
        council_constituted=date(2023, 10, 19),
        plausibility_limit=1.0,
        deadline_t1="05-20",
        deadline_t2="09-30",
        deadline_annual="03-01",
    )
    assert settings.deadline_for(Period(2026)) == date(2027, 3, 1)


def test_council_date_as_text(tmp_path: Path) -> None:
    settings, problems = _load(tmp_path, 'council_constituted = "2019-10-24"\n')
    assert (settings.council_constituted, problems) == (date(2019, 10, 24), [])


def test_unknown_key(tmp_path: Path) -> None:
    settings, problems = _load(tmp_path, "default_tolerance = 0.2\n\ntoleranse = 0.3\n")
    assert settings.default_tolerance == 0.2
    assert problems == ["oppfolging.toml:3:toleranse: ukjent innstilling (ignoreres)"]


def test_wrong_types_use_defaults(tmp_path: Path) -> None:
    text = 'default_tolerance = "ti"\nrevision_warning_months = 1.5\n[deadlines]\nT2 = "31-09"\n'
    settings, problems = _load(tmp_path, text)
    assert settings == DatasetSettings()
    assert [p.split(": ")[0] for p in problems] == [
        "oppfolging.toml:1:default_tolerance",
        "oppfolging.toml:2:revision_warning_months",
        "oppfolging.toml:4:deadlines.T2",
    ]
    assert all("standardverdien brukes" in p for p in problems)


def test_unknown_deadline_key(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, '[deadlines]\nT3 = "12-01"\n')
    assert problems == ["oppfolging.toml:2:deadlines.T3: ukjent innstilling (ignoreres)"]


def test_broken_toml_gives_one_problem_with_the_line(tmp_path: Path) -> None:
    settings, problems = _load(tmp_path, "default_tolerance = 0.1\nrevision_warning_months = \n")
    assert settings == DatasetSettings()
    assert len(problems) == 1
    assert problems[0].startswith("oppfolging.toml:2::")
    assert "ugyldig TOML" in problems[0]


def test_default_settings_toml_reads_back_as_the_defaults(tmp_path: Path) -> None:
    tomllib.loads(default_settings_toml())
    settings, problems = _load(tmp_path, default_settings_toml())
    assert (settings, problems) == (DatasetSettings(), [])


# --- personal settings ----------------------------------------------------------------------


def test_personal_settings_default_and_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "cfg" / "innstillinger.toml"))
    assert personal_settings_path() == tmp_path / "cfg" / "innstillinger.toml"
    assert load_personal_settings().settings == PersonalSettings()
    mine = PersonalSettings(name="Kari Nordmann", unit="Hjemmetjenesten", theme="nord")
    written = save_personal_settings(mine)
    assert written.is_file()
    assert load_personal_settings().settings == mine
    assert [p.name for p in written.parent.iterdir()] == ["innstillinger.toml"]


def test_config_env_may_name_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path))
    assert personal_settings_path() == tmp_path / "innstillinger.toml"


def test_broken_personal_file_gives_defaults_and_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "innstillinger.toml"
    path.write_text("name = \n", encoding="utf-8")
    result = load_personal_settings(path)
    assert result.settings == PersonalSettings()
    assert len(result.problems) == 1


def test_unknown_personal_key_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "innstillinger.toml"
    path.write_text('name = "Per"\nfavourite = "blå"\nunit = 3\n', encoding="utf-8")
    result = load_personal_settings(path)
    assert result.settings == PersonalSettings(name="Per")
    assert [p.column for p in result.problems] == ["favourite", "unit"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("revision_warning_months = 121\n", "revision_warning_months"),
        ("revision_warning_months = 99999999999\n", "revision_warning_months"),
        ("default_tolerance = 10.5\n", "default_tolerance"),
        ("default_tolerance = -0.1\n", "default_tolerance"),
        ("plausibility_limit = 0\n", "plausibility_limit"),
        ("plausibility_limit = -1\n", "plausibility_limit"),
    ],
)
def test_settings_out_of_range_use_defaults(tmp_path: Path, text: str, key: str) -> None:
    settings, problems = _load(tmp_path, text)
    assert settings == DatasetSettings()
    assert [p.split(": ")[0] for p in problems] == [f"oppfolging.toml:1:{key}"]
    assert "standardverdien brukes" in problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "revision_warning_months = 0\n",
        "revision_warning_months = 120\n",
        "default_tolerance = 0\n",
        "default_tolerance = 10\n",
        "plausibility_limit = 0.01\n",
    ],
)
def test_settings_at_the_limits_are_accepted(tmp_path: Path, text: str) -> None:
    assert _load(tmp_path, text)[1] == []
