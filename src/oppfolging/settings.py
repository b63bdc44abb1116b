"""Dataset settings (`oppfolging.toml`, shared) and personal settings (the user's own).

Reading settings never crashes: a broken or half-wrong file gives defaults for what could
not be read, plus `Problem`s in Norwegian located by line, like the dataset's own problems.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from oppfolging.domain.bounds import year_problem
from oppfolging.domain.periods import Period
from oppfolging.domain.problem import Problem
from oppfolging.domain.ssbsource import region_problem
from oppfolging.i18n import t
from oppfolging.textsafe import is_one_plain_line

SETTINGS_FILE = "oppfolging.toml"
PERSONAL_FILE = "innstillinger.toml"
ENV_CONFIG = "OPPFOLGING_CONFIG"
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class DatasetSettings:
    """Settings shared by everyone using one dataset folder."""

    name: str = ""
    """The dataset's name in the app's header; empty means the folder's name."""
    language: str = ""
    """The municipality's language (`nb`, `nn`, `en`): new users' and reports' default."""
    default_tolerance: float = 0.10
    """How far behind the expected line (share of the baseline–target span) is `at_risk`."""
    revision_warning_months: int = 12
    """How many months before a plan's revision is due it is flagged `due_soon`."""
    council_constituted: date | None = None
    """When the municipal council was constituted; the planstrategi is due a year later."""
    plausibility_limit: float = 0.5
    """A new value differing more than this share from the previous one asks for a check."""
    deadline_t1: str = "05-15"
    """Registration deadline (MM-DD) of the 1. tertial round, same year."""
    deadline_t2: str = "09-15"
    """Registration deadline (MM-DD) of the 2. tertial round, same year."""
    deadline_annual: str = "02-15"
    """Registration deadline (MM-DD) of the annual round, in the year after."""
    ssb_region: str = ""
    """The region code (municipality number) SSB tables are read for (`[ssb] region`)."""
    ssb_base_url: str = ""
    """The PxWebApi address `hent-ssb` asks (`[ssb] base_url`); empty means SSB's own."""

    def deadline_for(self, round_: Period) -> date:
        """The registration deadline of a round (before any publication lag)."""
        if round_.tertial is None or round_.tertial == 3:
            return _month_day(self.deadline_annual, round_.year + 1)
        text = self.deadline_t1 if round_.tertial == 1 else self.deadline_t2
        return _month_day(text, round_.year)


def _month_day(text: str, year: int) -> date:
    month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


@dataclass
class SettingsResult:
    """Dataset settings as read, and what was wrong with the file."""

    settings: DatasetSettings
    problems: list[Problem] = field(default_factory=list)


# --- reading oppfolging.toml ------------------------------------------------------------

# Every setting but the deadlines, which are keys of the `[deadlines]` table.
_TOP_KEYS = tuple(
    f.name for f in fields(DatasetSettings) if not f.name.startswith(("deadline_", "ssb_"))
)
_SSB_KEYS = {"region": "ssb_region", "base_url": "ssb_base_url"}
_DEADLINE_KEYS = {"T1": "deadline_t1", "T2": "deadline_t2", "annual": "deadline_annual"}


def load_dataset_settings(folder: Path) -> SettingsResult:
    """Read `folder/oppfolging.toml`; a missing file gives the defaults and no problem."""
    path = Path(folder) / SETTINGS_FILE
    text = read_settings_text(path)
    if not isinstance(text, str):
        problems = [] if text is None else [_problem(0, "", text.reason)]
        return SettingsResult(DatasetSettings(), problems)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return SettingsResult(DatasetSettings(), [_toml_error(error)])
    return _settings_from(raw, text)


@dataclass(frozen=True)
class Unreadable:
    """Why a settings file cannot be read (Norwegian)."""

    reason: str


def read_settings_text(path: Path) -> str | Unreadable | None:
    """A settings file's text; None when there is none, `Unreadable` when it is no readable
    regular file (checked before opening: a FIFO would block) or not UTF-8."""
    from oppfolging.store.fileinfo import exists, file_problem, os_reason

    if not exists(path):
        return None
    problem = file_problem(path)
    if problem is not None:
        return Unreadable(problem)
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        return Unreadable(t("settings.unreadable", reason=os_reason(error)))
    except UnicodeDecodeError:
        return Unreadable(t("settings.not_utf8"))


def _toml_error(error: tomllib.TOMLDecodeError) -> Problem:
    return _problem(_toml_line(error), "", t("settings.invalid_toml", where=_toml_where(error)))


def _toml_line(error: tomllib.TOMLDecodeError) -> int:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else 0


def _toml_where(error: tomllib.TOMLDecodeError) -> str:
    """Where the TOML parser stopped, in Norwegian (its own message is English)."""
    match = re.search(r"line (\d+), column (\d+)", str(error))
    return f" (linje {match.group(1)}, tegn {match.group(2)})" if match else ""


def _problem(line: int, key: str, message: str) -> Problem:
    return Problem(SETTINGS_FILE, line, key, message)


def _settings_from(raw: dict[str, Any], text: str) -> SettingsResult:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        if key == "deadlines" and isinstance(value, dict):
            for sub, sub_value in value.items():
                _take(f"deadlines.{sub}", _DEADLINE_KEYS.get(sub), sub_value, values, problems)
        elif key == "deadlines":
            problems.append(_problem(0, key, t("settings.must_be_table")))
        elif key == "ssb" and isinstance(value, dict):
            for sub, sub_value in value.items():
                _take(f"ssb.{sub}", _SSB_KEYS.get(sub), sub_value, values, problems)
        elif key == "ssb":
            problems.append(_problem(0, key, t("settings.must_be_table_ssb")))
        else:
            _take(key, key if key in _TOP_KEYS else None, value, values, problems)
    located = [replace(problem, row=_line_of(text, problem.column)) for problem in problems]
    return SettingsResult(DatasetSettings(**values), located)


def _take(
    key: str, name: str | None, value: Any, values: dict[str, Any], problems: list[Problem]
) -> None:
    """Check one key's value; store it under `name` or add a problem."""
    if name is None:
        problems.append(_problem(0, key, t("settings.unknown")))
        return
    checked = _CHECKS[name](value)
    if isinstance(checked, str):
        problems.append(_problem(0, key, f"{checked}; standardverdien brukes"))
    else:
        values[name] = checked[0]


def _line_of(text: str, key: str) -> int:
    """The line where `key` (its last dotted part) is assigned; 0 when not found."""
    last = re.escape(key.rsplit(".", 1)[-1])
    pattern = re.compile(rf"^\s*[\"']?{last}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_tolerance(value: Any) -> tuple[float] | str:
    if not _is_number(value) or not 0 <= value <= 10:
        return t("settings.tolerance_range", value=repr(value))
    return (float(value),)


def _check_limit(value: Any) -> tuple[float] | str:
    if not _is_number(value) or not 0 < value < float("inf"):
        return t("settings.positive", value=repr(value))
    return (float(value),)


def _check_months(value: Any) -> tuple[int] | str:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
        return t("settings.months_range", value=repr(value))
    return (value,)


def _check_date(value: Any) -> tuple[date] | str:
    day = _as_date(value)
    if day is None:
        return t("settings.date", value=repr(value))
    problem = year_problem(day.year)
    return (day,) if problem is None else f"{problem} ({day.isoformat()})"


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return None


def _check_month_day(value: Any) -> tuple[str] | str:
    message = t("settings.month_day", value=repr(value))
    if not isinstance(value, str) or not _MONTH_DAY_RE.match(value):
        return message
    try:
        _month_day(value, 2001)  # a non-leap year: 02-29 is not a deadline every year
    except ValueError:
        return message
    return (value,)


def _check_name(value: Any) -> tuple[str] | str:
    """One line of printable text, at most `NAME_MAX` characters."""
    if not isinstance(value, str) or not value.strip():
        return t("settings.text", value=repr(value))
    if any(not ch.isprintable() for ch in value):
        return t("settings.one_line")
    if len(value.strip()) > NAME_MAX:
        return t("settings.too_long", limit=NAME_MAX, length=len(value.strip()))
    return (value.strip(),)


def _check_language(value: Any) -> tuple[str] | str:
    """One of the catalogue's languages."""
    from oppfolging.i18n import t
    from oppfolging.language import LANGUAGES, is_language

    if not is_language(value):
        return t("settings.language_unknown", value=repr(value), languages=", ".join(LANGUAGES))
    return (str(value),)


def _check_region(value: Any) -> tuple[str] | str:
    if not isinstance(value, str):
        value = str(value) if isinstance(value, int) and not isinstance(value, bool) else ""
    problem = region_problem(value.strip())
    return (value.strip(),) if problem is None else problem


def _check_base_url(value: Any) -> tuple[str] | str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return t("settings.base_url_invalid", value=repr(value))
    if any(not ch.isprintable() or ch.isspace() for ch in value):
        return t("settings.base_url_spaces")
    return (value.rstrip("/") + "/",)


NAME_MAX = 60
"""Longest dataset name (it shares the header line with the round and the date)."""

_CHECKS: dict[str, Any] = {
    "name": _check_name,
    "language": _check_language,
    "default_tolerance": _check_tolerance,
    "plausibility_limit": _check_limit,
    "revision_warning_months": _check_months,
    "council_constituted": _check_date,
    "deadline_t1": _check_month_day,
    "deadline_t2": _check_month_day,
    "deadline_annual": _check_month_day,
    "ssb_region": _check_region,
    "ssb_base_url": _check_base_url,
}


def default_settings_toml() -> str:
    """A commented `oppfolging.toml` with every setting at its default (written by `init`)."""
    return t("settings.template")


# --- personal settings --------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalSettings:
    """One user's own settings, kept in the user's config directory."""

    name: str = ""
    """The user's name, written as `registered_by` and in the change log."""
    unit: str = ""
    """The user's unit (ansvarlig enhet); the worklist is filtered by it."""
    language: str = ""
    """UI language: `nb` (bokmål), `nn` (nynorsk) or `en`; empty until the user chooses,
    and then the dataset's language is used (see `oppfolging.language`)."""
    theme: str = "textual-dark"
    """The Textual theme of the dashboard."""
    last_export_folder: str = ""
    """The folder the user last exported a report to; the export dialog proposes it."""


@dataclass
class PersonalResult:
    """Personal settings as read, and what was wrong with the file."""

    settings: PersonalSettings
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False
    """The file exists but is no readable regular file (a folder, a FIFO, no access)."""


def personal_settings_path() -> Path:
    """`$OPPFOLGING_CONFIG` (a file, or a folder to hold it), else the user's config dir."""
    override = os.environ.get(ENV_CONFIG)
    if override:
        path = Path(override).expanduser()
        return path / PERSONAL_FILE if path.is_dir() else path
    from platformdirs import user_config_path

    return user_config_path("oppfolging", appauthor=False) / PERSONAL_FILE


def load_personal_settings(path: Path | None = None) -> PersonalResult:
    """Read the personal settings; a missing file gives the defaults, a broken one too.

    In an app process of `oppfolging serve` the name is the logged-in user's, whatever the
    file says: every save is signed with the name the server vouches for (issue 12); a
    registrator's worklist starts at their (first) unit.
    """
    result = _load_personal_settings(path)
    from oppfolging.roles import RoleEnvironmentError, access_from_environment

    try:
        access = access_from_environment()
    except RoleEnvironmentError:  # the served app refuses to start with it (serve.child)
        return result
    if access.served:
        unit = access.units[0] if access.units else result.settings.unit
        result.settings = replace(result.settings, name=access.user, unit=unit)
    return result


def _load_personal_settings(path: Path | None = None) -> PersonalResult:
    """Read the personal settings; a missing file gives the defaults, a broken one too."""
    path = path or personal_settings_path()
    text = read_settings_text(path)
    if not isinstance(text, str):
        if text is None:
            return PersonalResult(PersonalSettings())
        return PersonalResult(PersonalSettings(), [_personal_problem(path, text.reason)], True)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = t("settings.invalid_toml", where=_toml_where(error))
        return PersonalResult(PersonalSettings(), [_personal_problem(path, reason)])
    known = {f.name for f in fields(PersonalSettings)}
    given = {k: v for k, v in raw.items() if k in known and isinstance(v, str)}
    good = {k: v for k, v in given.items() if is_one_plain_line(v)}
    problems = [
        Problem(str(path), 0, key, t("settings.personal_unknown"))
        for key in raw
        if key not in given
    ]
    problems += [
        Problem(str(path), 0, key, t("settings.one_line")) for key in given if key not in good
    ]
    return PersonalResult(PersonalSettings(**good), problems)


def _personal_problem(path: Path, reason: str) -> Problem:
    return Problem(str(path), 0, "", t("settings.personal_unreadable", reason=reason))


def save_personal_settings(settings: PersonalSettings, path: Path | None = None) -> Path:
    """Write the personal settings atomically (temp file + rename); returns the path.

    `SettingsWriteError` (an `OSError` with a Norwegian message) when the file cannot be
    written, or when something that is no regular file (a folder, a FIFO, a dangling link)
    has its name: that is never replaced.
    """
    from oppfolging.store.fileinfo import exists, file_problem, os_reason

    path = path or personal_settings_path()
    problem = file_problem(path) if exists(path) else None
    if problem is not None:
        raise SettingsWriteError(t("settings.not_saved_problem", path=path, problem=problem))
    try:
        return _write_personal(settings, path)
    except OSError as error:
        message = t("settings.not_saved_write", path=path, reason=os_reason(error))
        raise SettingsWriteError(message) from error


class SettingsWriteError(OSError):
    """Personal settings that could not be saved; `str(error)` is Norwegian."""

    def __str__(self) -> str:
        return str(self.args[0])


def _write_personal(settings: PersonalSettings, path: Path) -> Path:
    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    data = tomli_w.dumps(asdict(settings)).encode("utf-8")
    handle, temp_name = tempfile.mkstemp(prefix=".innstillinger-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path
