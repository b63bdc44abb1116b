"""Every UI and report string, in one catalogue per language.

Norwegian bokmål (`nb`) is the default and complete; `en` may lack keys and then falls back
to `nb`. Add nynorsk as another dictionary. Status words are keyed by their code, so
`t("status.on_track")` → "på sporet".
"""

from __future__ import annotations

from oppfolging.domain.codes import SYMBOLS

NB: dict[str, str] = {
    # indicator status
    "status.reached": "nådd",
    "status.on_track": "på sporet",
    "status.at_risk": "litt bak",
    "status.off_track": "bak",
    "status.no_target": "ikke vurderbar",
    "status.missing": "mangler",
    "status.pending": "ikke tilgjengelig ennå",
    # measure status
    "status.not_started": "ikke startet",
    "status.in_progress": "pågår",
    "status.completed": "fullført",
    "status.delayed": "forsinket",
    "status.cancelled": "avlyst",
    # trend
    "status.improving": "bedre",
    "status.unchanged": "uendret",
    "status.worsening": "verre",
    # revision flags
    "status.overdue": "forfalt",
    "status.due_soon": "forfaller snart",
    "status.ok": "i rute",
    "status.not_adopted": "ikke vedtatt",
    "status.replaced": "erstattet",
    # codes of the data contract
    "direction.higher": "høyere er bedre",
    "direction.lower": "lavere er bedre",
    "frequency.tertial": "per tertial",
    "frequency.annual": "per år",
    "plan_status.draft": "utkast",
    "plan_status.consultation": "på høring",
    "plan_status.adopted": "vedtatt",
    "plan_status.replaced": "erstattet",
    "plan_type.temaplan": "temaplan",
    "plan_type.kommunedelplan": "kommunedelplan",
    "plan_type.handlingsplan": "handlingsplan",
    "plan_type.other": "annen plan",
    "yes": "ja",
    "no": "nei",
    "overdue": "forfalt",
    "period_ended": "planperioden er ute",
    # report ---------------------------------------------------------------------------
    # Labels of the exported report (oppfolging.reporting.report and its writers).
    "report.title": "Oppfølging av helse- og omsorgsplaner",
    "report.round": "Rapportering",
    "report.as_of": "Per dato",
    "report.plan": "Plan",
    "report.focus_area": "Innsatsområde",
    "report.goal": "Mål",
    "report.indicator": "Indikator",
    "report.unit": "Enhet",
    "report.period": "Periode",
    "report.previous_value": "Forrige verdi",
    "report.value": "Verdi",
    "report.target": "Målverdi",
    "report.status": "Status",
    "report.trend": "Utvikling",
    "report.progress": "Fremdrift",
    "report.comment": "Kommentar",
    "report.measure": "Tiltak",
    "report.responsible": "Ansvarlig",
    "report.deadline": "Frist",
    "report.overdue": "Forfalt",
    "report.cost_estimate": "Kostnadsoverslag (kr)",
    "report.municipality": "Kommune",
    "report.plan_status": "Planstatus",
    "report.base_date": "Vedtatt/rullert",
    "report.revision_due": "Rulleres innen",
    "report.revision_flag": "Rullering",
    "report.period_ended": "Planperioden er ute",
    "report.replaces": "Erstatter",
    "report.replaced_by": "Erstattet av",
    "report.indicators": "Indikatorer",
    "report.mean_progress": "Gj.sn. fremdrift",
    "report.completeness": "Kompletthet",
    "report.registered": "Registrert",
    "report.due": "Skal registreres",
    "report.overdue_registration": "Ikke registrert innen frist",
    "report.total": "Totalt",
    "report.measures": "Tiltak",
    "report.measures_delayed": "Tiltak forsinket",
    "report.measures_overdue": "Tiltak forfalt",
    "report.table.indicators": "Indikatorer",
    "report.table.measures": "Tiltak",
    "report.table.summary": "Sammendrag",
    "report.table.revisions": "Rullering",
    "report.table.funding": "Finansiering",
    "report.table.charts": "Diagrammer",
    "report.heading.summary": "Sammendrag per innsatsområde",
    "report.heading.revisions": "Planer som skal rulleres",
    "report.heading.funding": "Tiltak som krever bevilgning (handlings- og økonomiplan)",
    "report.no_rows": "Ingen.",
    "report.no_indicators": "Ingen indikatorer.",
    "report.no_measures": "Ingen tiltak.",
    "report.chart_title": "{name} ({unit})",
    "report.chart_target": "Målverdi",
    "report.charts_capped": "Diagrammene gjelder de {shown} første av {total} indikatorer.",
    "report.error.write": "Kan ikke skrive {path}: {reason}",
    "report.error.format": "Ukjent format «{fmt}»: bruk {formats}",
    "report.error.plan": "Fant ingen plan med plan_id «{plan_id}»",
    "report.written": "Skrev {path}",
    # end report ------------------------------------------------------------------------
}

EN: dict[str, str] = {
    "status.reached": "reached",
    "status.on_track": "on track",
    "status.at_risk": "slightly behind",
    "status.off_track": "behind",
    "status.no_target": "cannot be assessed",
    "status.missing": "missing",
    "status.pending": "not available yet",
    "status.not_started": "not started",
    "status.in_progress": "in progress",
    "status.completed": "completed",
    "status.delayed": "delayed",
    "status.cancelled": "cancelled",
    "status.improving": "improving",
    "status.unchanged": "unchanged",
    "status.worsening": "worsening",
    "status.overdue": "overdue",
    "status.due_soon": "due soon",
    "status.ok": "ok",
    "status.not_adopted": "not adopted",
    "status.replaced": "replaced",
    "direction.higher": "higher is better",
    "direction.lower": "lower is better",
    "yes": "yes",
    "no": "no",
}

CATALOGUES: dict[str, dict[str, str]] = {"nb": NB, "en": EN}
_language = "nb"


def set_language(language: str) -> None:
    """Choose the catalogue (`nb` or `en`); unknown languages fall back to `nb`."""
    global _language
    _language = language if language in CATALOGUES else "nb"


def language() -> str:
    """The language in use."""
    return _language


def t(key: str, **values: object) -> str:
    """The string for `key` in the current language, formatted with `values`.

    A key missing from every catalogue returns the key itself, so a gap is visible
    rather than a crash.
    """
    text = CATALOGUES[_language].get(key) or NB.get(key) or key
    return text.format(**values) if values else text


def status_word(code: str | None) -> str:
    """The word for a status, trend or flag code (`on_track` → "på sporet")."""
    return t(f"status.{code}") if code else ""


def status_label(code: str | None) -> str:
    """Symbol and word: `● på sporet`. Empty for no code."""
    if not code:
        return ""
    return f"{SYMBOLS.get(code, '')} {status_word(code)}".strip()
