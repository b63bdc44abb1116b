"""Who chooses the language (issue 13, item 3): the user for the app, the dataset's
`oppfolging.toml` for new users and reports, a plan's `language` column for a report of
that plan, and `--lang` / `export --lang` over all of them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from export_helpers import SAMPLE

from oppfolging.cli import main
from oppfolging.i18n import language, language_scope, set_language, t
from oppfolging.language import app_language, first_language, report_language
from oppfolging.settings import load_dataset_settings
from oppfolging.store.load import load_dataset

ALVER = "alver-hso-2023"
PORSGRUNN = "porsgrunn-hm-2026"
EXPORT = ["export", "--round", "2026-T1", "--as-of", "2026-06-01"]


# --- the rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command_line", "personal", "dataset", "expected"),
    [
        (None, None, None, "nb"),
        (None, "", "", "nb"),
        (None, None, "nn", "nn"),
        (None, "en", "nn", "en"),
        ("nb", "en", "nn", "nb"),
        ("en", None, None, "en"),
        (None, "sv", "nn", "nn"),  # a code the catalogue lacks is passed over
    ],
)
def test_app_language(
    command_line: str | None, personal: str | None, dataset: str | None, expected: str
) -> None:
    assert app_language(command_line, personal, dataset) == expected


@pytest.mark.parametrize(
    ("option", "plan", "dataset", "expected"),
    [
        (None, None, None, "nb"),
        (None, None, "nn", "nn"),
        (None, "nn", None, "nn"),
        (None, "nn", "en", "nn"),
        ("en", "nn", "nb", "en"),
        ("nb", None, "nn", "nb"),
        (None, "", "en", "en"),
    ],
)
def test_report_language(
    option: str | None, plan: str | None, dataset: str | None, expected: str
) -> None:
    assert report_language(option, plan, dataset) == expected


def test_first_language_defaults_to_bokmal() -> None:
    assert first_language() == "nb"
    assert first_language("xx", None, "") == "nb"


def test_language_scope_is_undone_and_leaves_the_app_language() -> None:
    set_language("en")
    try:
        with language_scope("nn"):
            assert language() == "nn"
            assert t("status.missing") == "manglar"
        assert language() == "en"
        assert t("status.missing") == "missing"
    finally:
        set_language("nb")


# --- the data contract ------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    return folder


def test_dataset_language_is_read_and_checked(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    toml = folder / "oppfolging.toml"
    toml.write_text('language = "nn"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_dataset_settings(folder).settings.language == "nn"
    toml.write_text('language = "sv"\n', encoding="utf-8")
    result = load_dataset_settings(folder)
    assert result.settings.language == ""
    (problem,) = result.problems
    assert problem.column == "language"
    assert problem.row == 1
    assert "nb, nn, en" in problem.message
    assert "'sv'" in problem.message


def test_plan_language_column_is_checked_with_file_row_and_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    plans = folder / "plans.csv"
    lines = plans.read_text(encoding="utf-8").splitlines()
    alver_row = next(i for i, line in enumerate(lines) if line.startswith(ALVER))
    lines[alver_row] = lines[alver_row].removesuffix(",nn") + ",nynorsk"
    plans.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = load_dataset(folder).problems
    (problem,) = [p for p in problems if p.column == "language"]
    assert problem.file.endswith("plans.csv")
    assert problem.row == alver_row + 1
    assert "nynorsk" in problem.message


def test_a_plans_file_without_the_language_column_still_loads(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    plans = folder / "plans.csv"
    lines = plans.read_text(encoding="utf-8").splitlines()
    plans.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", "utf-8")
    loaded = load_dataset(folder)
    assert loaded.problems == []
    assert loaded.dataset.plans.get_column("language").null_count() == loaded.dataset.plans.height


# --- exports ------------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _docx_lang(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    return styles


def test_alvers_plan_exports_in_nynorsk_and_porsgrunns_in_bokmal(tmp_path: Path) -> None:
    alver, porsgrunn = tmp_path / "alver.docx", tmp_path / "porsgrunn.docx"
    for plan, output in ((ALVER, alver), (PORSGRUNN, porsgrunn)):
        argv = ["--data", str(SAMPLE), *EXPORT, "--format", "docx", "--plan", plan]
        assert main([*argv, "--output", str(output)]) == 0
    nynorsk, bokmal = _docx_text(alver), _docx_text(porsgrunn)
    assert "Samandrag per innsatsområde" in nynorsk
    assert "Tala er henta" in nynorsk
    assert "Eining" in nynorsk
    assert "Framdrift" in nynorsk
    assert "Sammendrag per innsatsområde" not in nynorsk
    assert "Tallene er hentet" not in nynorsk
    assert "Sammendrag per innsatsområde" in bokmal
    assert "Samandrag" not in bokmal
    assert 'w:val="nn-NO"' in _docx_lang(alver)
    assert 'w:val="nb-NO"' in _docx_lang(porsgrunn)
    assert docx.Document(str(alver)).core_properties.language == "nn-NO"


def test_export_lang_overrides_the_plans_language(tmp_path: Path) -> None:
    output = tmp_path / "alver.md"
    argv = ["--data", str(SAMPLE), *EXPORT, "--format", "md", "--plan", ALVER, "--lang", "en"]
    assert main([*argv, "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "Summary per focus area" in text
    assert "Status as of" in text
    assert "Samandrag" not in text


def test_the_dataset_language_is_the_whole_rounds_report_language(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    toml = folder / "oppfolging.toml"
    toml.write_text('language = "nn"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / "round.md"
    argv = ["--data", str(folder), *EXPORT, "--format", "md", "--output", str(output)]
    assert main(argv) == 0
    assert "Samandrag per innsatsområde" in output.read_text(encoding="utf-8")


def test_an_html_report_names_its_language(tmp_path: Path) -> None:
    output = tmp_path / "alver.html"
    argv = ["--data", str(SAMPLE), *EXPORT, "--format", "html", "--plan", ALVER]
    assert main([*argv, "--output", str(output)]) == 0
    assert '<html lang="nn">' in output.read_text(encoding="utf-8")


def test_a_refusal_is_in_the_users_language_not_the_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Alver's plan was adopted 22.06.2023: not in 1. tertial 2023. The user (bokmål)
    reads why in bokmål although the report would have been nynorsk."""
    argv = ["--data", str(SAMPLE), "export", "--round", "2023-T1", "--format", "md"]
    assert main([*argv, "--plan", ALVER, "--output", str(tmp_path / "x.md")]) == 1
    error = capsys.readouterr().err
    assert "er ikke med i" in error
    assert "ikkje" not in error


def test_the_app_language_is_unchanged_after_an_export(tmp_path: Path) -> None:
    argv = ["--data", str(SAMPLE), *EXPORT, "--format", "md", "--plan", ALVER]
    assert main([*argv, "--output", str(tmp_path / "a.md")]) == 0
    assert language() == "nb"


def test_status_in_nynorsk_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", str(SAMPLE), "--lang", "nn", "status", "--round", "2026-T1"]
    assert main([*argv, "--as-of", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "manglar" in out or "på sporet" in out
    assert "ikkje vurderbar" in out
    set_language("nb")


def test_the_dataset_language_is_the_cli_language_without_a_personal_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    toml = folder / "oppfolging.toml"
    toml.write_text('language = "nn"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        assert main(["--data", str(folder), "status", "--round", "2026-T1"]) == 0
        assert "ikkje vurderbar" in capsys.readouterr().out
    finally:
        set_language("nb")
