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
    # app ------------------------------------------------------------------------------
    # Every user-facing text of the Textual app (oppfolging.tui), grouped by screen.
    "app.title": "Oppfølging",
    # key bindings (the footer's descriptions)
    "binding.quit": "Avslutt",
    "binding.help": "Hjelp",
    "binding.toggle_theme": "Lyst/mørkt",
    "binding.open": "Åpne",
    "binding.back": "Tilbake",
    "binding.close": "Lukk",
    "binding.cancel": "Avbryt",
    "binding.save": "Lagre",
    "binding.no": "Nei",
    "binding.keep_theirs": "Behold deres",
    "binding.reload": "Les på nytt",
    "binding.register": "Registrer",
    "binding.changes": "Endringer",
    "binding.previous_round": "Forrige runde",
    "binding.next_round": "Neste runde",
    "binding.filter": "Filter",
    "binding.revisions": "Rullering",
    "binding.export": "Eksport",
    "binding.settings": "Innstillinger",
    "binding.undo": "Angre min siste",
    "binding.toggle_all": "Min enhet/alle",
    # buttons
    "button.yes": "Ja",
    "button.no": "Nei",
    "button.close": "Lukk",
    "button.cancel": "Avbryt",
    "button.save": "Lagre",
    "button.save_anyway": "Lagre likevel",
    "button.delete": "Slett",
    "button.delete_value": "Slett verdien",
    "button.export": "Eksporter",
    "button.apply": "Bruk",
    "button.clear": "Nullstill",
    "button.keep_theirs": "Behold deres",
    "button.overwrite": "Overskriv med min",
    # table column headers
    "col.plan": "Plan",
    "col.municipality": "Kommune",
    "col.revision": "Rullering",
    "col.filled": "Utfylt",
    "col.progress": "Fremdrift",
    "col.number": "Nr",
    "col.focus_area": "Innsatsområde",
    "col.goal": "Mål",
    "col.measures": "Tiltak",
    "col.measures_overdue": "Forfalte tiltak",
    "col.status": "Status",
    "col.kind": "Type",
    "col.name": "Navn",
    "col.responsible": "Ansvarlig",
    "col.deadline": "Frist",
    "col.comment": "Kommentar",
    "col.indicator": "Indikator",
    "col.period": "Periode",
    "col.value": "Verdi",
    "col.previous": "Forrige",
    "col.target": "Mål",
    "col.trend": "Trend",
    "col.measure": "Tiltak",
    "col.overdue": "Forfalt",
    "col.funding": "Finansiering",
    "col.expected": "Forventet",
    "col.registered_by": "Registrert av",
    "col.registered_at": "Registrert",
    "col.time": "Tidspunkt",
    "col.user": "Bruker",
    "col.field": "Felt",
    "col.old": "Gammel",
    "col.new": "Ny",
    "col.file": "Fil",
    "col.row": "Rad",
    "col.column": "Kolonne",
    "col.problem": "Problem",
    "col.adopted": "Vedtatt",
    "col.last_revised": "Sist rullert",
    "col.revision_due": "Rullering innen",
    "col.plan_period": "Planperiode",
    "col.replaces": "Erstatter",
    "col.replaced_by": "Erstattet av",
    # kinds of items (attention list, worklist, search)
    "kind.plan": "Plan",
    "kind.focus_area": "Innsatsområde",
    "kind.goal": "Mål",
    "kind.indicator": "Indikator",
    "kind.measure": "Tiltak",
    # shared
    "table.empty": "Ingen rader.",
    "funding.needs": "krever bevilgning",
    "funding.within": "innenfor rammen",
    # loading, error and empty screens
    "loading.text": "Leser datasettet …",
    "error.title": "Noe gikk galt",
    "empty.crumb": "Tomt datasett",
    "empty.guide": (
        "# Datasettet er tomt\n"
        "\n"
        "Mappen **{folder}** har ingen planer ennå. Slik kommer du i gang:\n"
        "\n"
        "1. Fyll inn `plans.csv` med planen (plan_id, name, municipality, plan_type,\n"
        "   period_start, period_end, status, adopted …).\n"
        "2. Legg inn innsatsområdene i `focus_areas.csv`, målene i `goals.csv`,\n"
        "   målindikatorene i `indicators.csv` og tiltakene i `measures.csv`.\n"
        "3. Kontroller med `oppfolging validate --data {folder}`.\n"
        "4. Trykk **r** her for å lese mappen på nytt.\n"
        "\n"
        "Filene kan lagres fra Excel som CSV (semikolon og desimalkomma går fint).\n"
        "Se eksempeldataene (`oppfolging` uten `--data`) for et fullt eksempel.\n"
    ),
    # problems screen
    "problems.crumb": "Problemer i datasettet",
    "problems.notice": (
        "Datasettet i {folder} har {count} problem(er). "
        "Rett dem i filene (eller kjør «oppfolging validate») og trykk r."
    ),
    # overview
    "overview.crumb": "Oversikt",
    "overview.subtitle": "{round} · per {date}",
    "overview.round_bar": "{previous} [b]{round}[/b] {next}   per {date}   Utfylt: {bar}",
    "overview.plans": "Planer",
    "overview.plans.empty": "Ingen vedtatte planer.",
    "overview.focus_areas": "Innsatsområder",
    "overview.focus_areas.plan": "Innsatsområder – {name}",
    "overview.focus_areas.empty": "Ingen innsatsområder.",
    "overview.attention": "Krever oppmerksomhet",
    "overview.attention.count": "Krever oppmerksomhet ({count}){filters}",
    "overview.attention.empty": "Ingenting krever oppmerksomhet.",
    "overview.filter_text": " – filter: {filters}",
    "overview.no_more_rounds": "Ingen flere rapporteringer i den retningen.",
    # drill-down
    "drill.plan.revision": "Rullering: {flag}  (frist {due})",
    "drill.focus_area.heading": "Innsatsområde {number}: {name}",
    "drill.focus_areas": "Innsatsområder",
    "drill.focus_areas.empty": "Planen har ingen innsatsområder.",
    "drill.goals": "Mål",
    "drill.goals.empty": "Innsatsområdet har ingen mål.",
    "drill.goal.label": "Mål:",
    "drill.indicators": "Målindikatorer",
    "drill.indicators.empty": "Målet har ingen indikatorer.",
    "drill.measures": "Tiltak",
    "drill.measures.empty": "Målet har ingen tiltak.",
    # indicator and measure detail
    "detail.measurements": "Målinger",
    "detail.measurements.empty": "Ingen registrerte verdier ennå.",
    "detail.status_reports": "Statusrapportering",
    "detail.status_reports.empty": "Ingen statusrapportering ennå.",
    "detail.indicator.unknown": "Indikatoren finnes ikke i en vedtatt plan.",
    "detail.measure.unknown": "Tiltaket finnes ikke i en vedtatt plan.",
    "detail.unit": "Enhet: {unit} · {direction} · {frequency}",
    "detail.baseline": "Utgangsverdi: {value} ({year})",
    "detail.target": "Mål: {value} ({year})",
    "detail.responsible": "Ansvarlig: {responsible}",
    "detail.source": "Kilde: {source}",
    "detail.status": "Status {period}: {status}",
    "detail.deadline": "Registreringsfrist: {date}",
    "detail.cost_estimate": " (anslag {cost} kr)",
    "detail.dates": "Start: {start} · Frist: {due}",
    "detail.funding": "Finansiering: {funding}",
    "chart.no_values": "Ingen verdier å vise",
    "chart.value": "verdi",
    "chart.expected": "forventet",
    "chart.target": "mål",
    # change history
    "changes.crumb": "Endringer",
    "changes.title": "Endringslogg",
    "changes.empty": "Ingen endringer er logget ennå.",
    "changes.field.value": "verdi",
    "changes.field.comment": "kommentar",
    "changes.field.status": "status",
    "changes.field.registered_by": "registrert av",
    "changes.field.registered_at": "registrert",
    # revision overview
    "revisions.crumb": "Rullering",
    "revisions.subtitle": "per {date}",
    "revisions.empty": "Ingen planer.",
    "revisions.planstrategy.unset": (
        "Planstrategi: sett council_constituted i oppfolging.toml for å se fristen "
        "(ett år etter at kommunestyret er konstituert)."
    ),
    "revisions.planstrategy.passed": "(fristen er passert: er planstrategien vedtatt?)",
    "round.tertial": "{tertial}. tertial {year}",
    "round.annual": "Årsrapport {year}",
    "revisions.planstrategy": (
        "Kommunestyret konstituert {constituted}: kommunal planstrategi "
        "skal vedtas senest {deadline} (pbl. § 10-1). "
        "Planene under skal vurderes for rullering hvert fjerde år."
    ),
    # filter dialog
    "filters.title": "Filter",
    "filters.status": "Status",
    "filters.all_statuses": "Alle statuser",
    "filters.responsible": "Ansvarlig enhet",
    "filters.all_units": "Alle enheter",
    "filters.plan": "Plan",
    "filters.all_plans": "Alle planer",
    # export dialog
    "export.title": "Eksporter rapporttabellene – {round}",
    "export.format": "Format",
    "export.plan": "Plan",
    "export.all_plans": "Alle planer",
    "export.file_name": "Filnavn",
    "export.folder": "Mappe",
    "export.writing": "Skriver …",
    "export.saved": "Rapporten er lagret: {path}",
    "export.saved.title": "Eksport",
    "export.error": "Feil:",
    # help
    "help.body": (
        "# Hjelp\n"
        "\n"
        "| Tast | Hva |\n"
        "|---|---|\n"
        "| ↑ ↓ | flytt i tabellen |\n"
        "| Enter | åpne raden (plan → innsatsområde → mål → indikator/tiltak) |\n"
        "| Esc | tilbake |\n"
        "| Tab / Shift+Tab | neste / forrige tabell |\n"
        "| [ og ] | forrige / neste rapportering (1. tertial, 2. tertial, årsrapport) |\n"
        "| f | filter på status, ansvarlig enhet og plan |\n"
        "| v | rulleringsoversikt |\n"
        "| r | registrer verdier og tiltaksstatus |\n"
        "| e | eksporter rapporttabellene |\n"
        "| Ctrl+P | søk etter plan, mål, indikator eller tiltak |\n"
        "| Ctrl+T | lyst / mørkt tema |\n"
        "| ? | denne hjelpen |\n"
        "| q | avslutt |\n"
        "| R | rapporteringen: enheter som er klare, låsing og opplåsing |\n"
        "| a | (på et mål eller innsatsområde) skriv vurdering og status |\n"
        "| k | (i registreringslisten) marker enheten din som klar |\n"
        "| Ctrl+Z / Ctrl+Y | angre / gjør om dine egne lagringer, én om gangen |\n"
        "\n"
        "## Status for målindikatorer\n"
        "\n"
        "| Symbol | Status |\n"
        "|---|---|\n"
        "{statuses}\n"
        "\n"
        "En status vises alltid med symbol og ord, aldri bare med farge.\n"
    ),
    # personal settings
    "settings.title": "Mine innstillinger",
    "settings.name": "Navn (skrives i endringsloggen)",
    "settings.name.placeholder": "Fornavn Etternavn",
    "settings.unit": "Min enhet (arbeidslisten viser den)",
    "settings.all_units": "Alle enheter",
    "settings.language": "Språk",
    "settings.theme": "Tema",
    "settings.theme.dark": "Mørkt",
    "settings.theme.light": "Lyst",
    "settings.name.required": "✖ Skriv inn navnet ditt",
    "settings.save_failed": "✖ Kunne ikke lagre: {error}",
    "settings.saved": "Innstillingene er lagret",
    # worklist («Mine registreringer»)
    "worklist.crumb": "Mine registreringer",
    "worklist.empty": "✔ Alt er registrert for denne runden.",
    "worklist.title": "Mangler registrering ({count}) – {round} – {where}",
    "worklist.all_units": "alle enheter",
    "worklist.unit": "enhet: {unit}",
    "worklist.late": "{date} ✖ frist passert",
    "worklist.choose_unit": "Velg din enhet i innstillingene (s på oversikten) for å filtrere.",
    "worklist.reloaded": "Data oppdatert fra disk",
    "app.reloaded": "Data oppdatert fra disk (en annen bruker har lagret)",
    "app.reload_problems": (
        "Datasettet er endret på disk og har nå problemer; kjør «oppfolging validate»"
    ),
    # registration forms
    "form.name_first": "Skriv inn navnet ditt før du registrerer.",
    "form.undo.no_name": "Ingen endringer å angre: navnet ditt er ikke satt.",
    "form.undo.failed": "Kan ikke angre: {error}",
    "form.measure.previous": "Forrige status ({period}): {status}",
    "form.measure.no_previous": "Forrige status: –",
    "form.saved": "Lagret",
    "form.not_saved": "Ikke lagret: de andres verdier er beholdt.",
    "form.error": "✖ {reason}",
    "form.period": "Periode: {period}",
    "form.unit": "Enhet: {unit} · {direction}",
    "form.previous": "Forrige verdi: {value}",
    "form.baseline": "Utgangsverdi: {value} ({year})",
    "form.target": "Mål: {value} ({year})",
    "form.registered_now": "Registrert nå: {value}",
    "form.value.title": "Registrer verdi – {name}",
    "form.value.label": "Verdi",
    "form.value.comment": "Kommentar",
    "form.value.preview": "Status blir: {status}",
    "form.value.required": "Skriv inn en verdi",
    "form.value.delete": "Slette verdien for {period}?",
    "form.measure.title": "Status for tiltak – {name}",
    "form.measure.status": "Status",
    "form.measure.choose": "Velg status",
    "form.measure.comment": "Kommentar (må fylles ut ved forsinket eller avlyst)",
    "form.measure.registered_now": " · registrert nå: {status}",
    "form.status.required": "Velg en status",
    "form.comment.required": "Skriv en kommentar: forsinket eller avlyst må forklares",
    "form.save_failed": "Kunne ikke lagre: {error}",
    "form.discard": "Du har endringer som ikke er lagret. Forkaste dem?",
    "button.discard": "Forkast",
    "conflict.title": "Noen andre har lagret samtidig",
    "conflict.intro": "Verdiene er endret etter at du åpnet skjemaet:",
    "conflict.line": "• {column}: din «{mine}» – deres «{theirs}» (du så «{seen}»)",
    "conflict.blank": "–",
    # end app ---------------------------------------------------------------------------
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
    # --- export destination (issue 9)
    "export.exists": "{path} finnes allerede",
    "export.exists.force": "{path} finnes allerede; bruk --force for å erstatte den",
    "export.refused.dataset_file": (
        "{path} er en av datasettets egne filer; eksporten skriver aldri over den. "
        "Velg et annet filnavn eller en annen mappe"
    ),
    "export.refused.dataset_folder": (
        "{path} er en datasettmappe; velg en annen mappe til CSV-filene"
    ),
    "export.refused.not_file": "{path} er ikke en vanlig fil ({kind}); velg et annet filnavn",
    "export.refused.not_folder": (
        "{path} er ikke en mappe; CSV skrives til en mappe med én fil per tabell"
    ),
    "export.kind.folder": "det er en mappe",
    "export.kind.device": "det er en enhet",
    "export.kind.fifo": "det er et rør (FIFO)",
    "export.kind.socket": "det er en socket",
    "export.kind.other": "ukjent filtype",
    "export.confirm.replace": "{path} finnes allerede. Vil du erstatte den?",
    "export.confirm.replace_files": (
        "Mappen {path} har allerede {count} av rapportens filer. Vil du erstatte dem?"
    ),
    "button.replace": "Erstatt",
    "export.invalid_name": "ugyldig filnavn",
    # --- registration (issue 9)
    "form.unchanged": "Ingen endring: det samme er allerede registrert, ingenting ble lagret",
    "form.value.implausible_ask": "Merk: {reason}. Lagre likevel?",
    "binding.redo": "Gjør om",
    "form.undo.done_restored": "Angret. Satt tilbake:\n{what}",
    "form.redo.done": "Gjort om. Satt tilbake:\n{what}",
    "form.redo.failed": "Kan ikke gjøre om: {error}",
    # --- lead (issue 9)
    "app.repaired": "Datasettet er reparert",
    # --- assessments (issue 10)
    "status.some_deviation": "noe avvik",
    "status.major_deviation": "vesentlig avvik",
    "status.not_assessed": "ikke vurdert",
    "level.plan": "plan",
    "level.focus_area": "innsatsområde",
    "level.goal": "mål",
    "binding.assess": "Vurder",
    "assess.title": "Vurdering {round}",
    "assess.goal": "[b]Mål:[/b] {name}",
    "assess.focus_area": "[b]Innsatsområde:[/b] {name}",
    "assess.suggested": "[b]Foreslått status:[/b] {status}",
    "assess.registered": "Registrert av {who} {when}",
    "assess.evidence": "Indikatorer og tiltak",
    "assess.evidence.empty": "Ingen indikatorer eller tiltak i denne rapporteringen",
    "assess.evidence.indicator": "Indikator",
    "assess.evidence.measure": "Tiltak",
    "assess.status": "Status",
    "assess.text": "Vurdering",
    "assess.reason": "Begrunnelse (kreves når status avviker fra forslaget)",
    "assess.reason_required": "Status avviker fra forslaget ({suggested}): skriv en begrunnelse",
    "assess.no_name": "Skriv navnet ditt i innstillingene (s) før du registrerer",
    # --- round workflow (issue 10)
    "binding.round": "Rapportering",
    "binding.ready": "Klar",
    "binding.lock": "Lås",
    "binding.unlock": "Lås opp",
    "round.crumb": "Rapportering",
    "round.open": "åpen (ikke låst)",
    "round.locked": "🔒 låst av {by} {at}",
    "round.summary": (
        "{round}: {lock} · verdier {values} av {values_due}"
        " · tiltak {updates} av {updates_due}"
        " · enheter klare {ready} av {units} · korrigeringer {corrections}"
    ),
    "round.assessments": " · vurderinger {count}",
    "round.ready": "✔ klar",
    "round.not_ready": "· ikke klar",
    "round.col.unit": "Enhet",
    "round.col.ready": "Klar",
    "round.col.values": "Verdier",
    "round.col.updates": "Tiltak",
    "round.reason.title": "Begrunnelse for å låse opp {round}",
    "round.reason.required": "Skriv en begrunnelse",
    "round.saved": "Lagret",
    "round.no_unit": "Velg din enhet i innstillingene (s på oversikten) først.",
    "round.lock.confirm": (
        "Låse {round}? Et øyeblikksbilde lagres, og registreringer"
        " for perioden krever da en begrunnelse."
    ),
    # --- report document (issue 10)
    "report.status_per": "Status per {date}",
    "report.taken": "Tallene er hentet {date}",
    "report.author": "Laget av {name}",
    "report.assessment": "Vurdering",
    "report.goal_status": "Status for målet",
    "report.assessed_plan_status": "Status for planen",
    "report.assessed_area_status": "Status for innsatsområdet",
    "report.reason": "Begrunnelse for avvik fra foreslått status",
    "report.plan_assessment": "Samlet vurdering",
    "report.area_assessment": "Vurdering av innsatsområdet",
    "report.heading.goal_status": "Status og vurdering per mål",
    "report.heading.outline": "Innsatsområder og mål",
    "report.table.assessments": "Vurderinger",
    "report.level": "Nivå",
    "report.level.plan": "plan",
    "report.level.focus_area": "innsatsområde",
    "report.level.goal": "mål",
    "report.page": "Side",
    "report.page_of": "av",
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
    # app ------------------------------------------------------------------------------
    "app.title": "Follow-up",
    "binding.quit": "Quit",
    "binding.help": "Help",
    "binding.toggle_theme": "Light/dark",
    "binding.open": "Open",
    "binding.back": "Back",
    "binding.close": "Close",
    "binding.cancel": "Cancel",
    "binding.save": "Save",
    "binding.no": "No",
    "binding.keep_theirs": "Keep theirs",
    "binding.reload": "Reload",
    "binding.register": "Register",
    "binding.changes": "Changes",
    "binding.previous_round": "Previous round",
    "binding.next_round": "Next round",
    "binding.filter": "Filter",
    "binding.revisions": "Revision",
    "binding.export": "Export",
    "binding.settings": "Settings",
    "binding.undo": "Undo my last",
    "binding.toggle_all": "My unit/all",
    "button.yes": "Yes",
    "button.no": "No",
    "button.close": "Close",
    "button.cancel": "Cancel",
    "button.save": "Save",
    "button.save_anyway": "Save anyway",
    "button.delete": "Delete",
    "button.delete_value": "Delete the value",
    "button.export": "Export",
    "button.apply": "Apply",
    "button.clear": "Clear",
    "button.keep_theirs": "Keep theirs",
    "button.overwrite": "Overwrite with mine",
    "col.plan": "Plan",
    "col.municipality": "Municipality",
    "col.revision": "Revision",
    "col.filled": "Filled in",
    "col.progress": "Progress",
    "col.number": "No.",
    "col.focus_area": "Focus area",
    "col.goal": "Goal",
    "col.measures": "Measures",
    "col.measures_overdue": "Overdue measures",
    "col.status": "Status",
    "col.kind": "Type",
    "col.name": "Name",
    "col.responsible": "Responsible",
    "col.deadline": "Deadline",
    "col.comment": "Comment",
    "col.indicator": "Indicator",
    "col.period": "Period",
    "col.value": "Value",
    "col.previous": "Previous",
    "col.target": "Target",
    "col.trend": "Trend",
    "col.measure": "Measure",
    "col.overdue": "Overdue",
    "col.funding": "Funding",
    "col.expected": "Expected",
    "col.registered_by": "Registered by",
    "col.registered_at": "Registered at",
    "col.time": "Time",
    "col.user": "User",
    "col.field": "Field",
    "col.old": "Old",
    "col.new": "New",
    "col.file": "File",
    "col.row": "Row",
    "col.column": "Column",
    "col.problem": "Problem",
    "col.adopted": "Adopted",
    "col.last_revised": "Last revised",
    "col.revision_due": "Revise by",
    "col.plan_period": "Plan period",
    "col.replaces": "Replaces",
    "col.replaced_by": "Replaced by",
    "kind.plan": "Plan",
    "kind.focus_area": "Focus area",
    "kind.goal": "Goal",
    "kind.indicator": "Indicator",
    "kind.measure": "Measure",
    "table.empty": "No rows.",
    "funding.needs": "needs funding",
    "funding.within": "within budget",
    "loading.text": "Reading the dataset …",
    "error.title": "Something went wrong",
    "empty.crumb": "Empty dataset",
    "empty.guide": (
        "# The dataset is empty\n"
        "\n"
        "The folder **{folder}** has no plans yet. To get started:\n"
        "\n"
        "1. Fill in `plans.csv` with the plan (plan_id, name, municipality, plan_type,\n"
        "   period_start, period_end, status, adopted …).\n"
        "2. Add the focus areas to `focus_areas.csv`, the goals to `goals.csv`,\n"
        "   the indicators to `indicators.csv` and the measures to `measures.csv`.\n"
        "3. Check with `oppfolging validate --data {folder}`.\n"
        "4. Press **r** here to read the folder again.\n"
        "\n"
        "The files can be saved from Excel as CSV (semicolons and decimal commas are fine).\n"
        "See the sample data (`oppfolging` without `--data`) for a full example.\n"
    ),
    "problems.crumb": "Problems in the dataset",
    "problems.notice": (
        "The dataset in {folder} has {count} problem(s). "
        "Fix them in the files (or run «oppfolging validate») and press r."
    ),
    "overview.crumb": "Overview",
    "overview.subtitle": "{round} · as of {date}",
    "overview.round_bar": "{previous} [b]{round}[/b] {next}   as of {date}   Filled in: {bar}",
    "overview.plans": "Plans",
    "overview.plans.empty": "No adopted plans.",
    "overview.focus_areas": "Focus areas",
    "overview.focus_areas.plan": "Focus areas – {name}",
    "overview.focus_areas.empty": "No focus areas.",
    "overview.attention": "Needs attention",
    "overview.attention.count": "Needs attention ({count}){filters}",
    "overview.attention.empty": "Nothing needs attention.",
    "overview.filter_text": " – filter: {filters}",
    "overview.no_more_rounds": "No more rounds in that direction.",
    "drill.plan.revision": "Revision: {flag}  (due {due})",
    "drill.focus_area.heading": "Focus area {number}: {name}",
    "drill.focus_areas": "Focus areas",
    "drill.focus_areas.empty": "The plan has no focus areas.",
    "drill.goals": "Goals",
    "drill.goals.empty": "The focus area has no goals.",
    "drill.goal.label": "Goal:",
    "drill.indicators": "Indicators",
    "drill.indicators.empty": "The goal has no indicators.",
    "drill.measures": "Measures",
    "drill.measures.empty": "The goal has no measures.",
    "detail.measurements": "Measurements",
    "detail.measurements.empty": "No values registered yet.",
    "detail.status_reports": "Status reports",
    "detail.status_reports.empty": "No status reports yet.",
    "detail.indicator.unknown": "The indicator is not in an adopted plan.",
    "detail.measure.unknown": "The measure is not in an adopted plan.",
    "detail.unit": "Unit: {unit} · {direction} · {frequency}",
    "detail.baseline": "Baseline: {value} ({year})",
    "detail.target": "Target: {value} ({year})",
    "detail.responsible": "Responsible: {responsible}",
    "detail.source": "Source: {source}",
    "detail.status": "Status {period}: {status}",
    "detail.deadline": "Registration deadline: {date}",
    "detail.cost_estimate": " (estimate NOK {cost})",
    "detail.dates": "Start: {start} · Deadline: {due}",
    "detail.funding": "Funding: {funding}",
    "chart.no_values": "No values to show",
    "chart.value": "value",
    "chart.expected": "expected",
    "chart.target": "target",
    "changes.crumb": "Changes",
    "changes.title": "Change log",
    "changes.empty": "No changes logged yet.",
    "changes.field.value": "value",
    "changes.field.comment": "comment",
    "changes.field.status": "status",
    "changes.field.registered_by": "registered by",
    "changes.field.registered_at": "registered",
    "revisions.crumb": "Revision",
    "revisions.subtitle": "as of {date}",
    "revisions.empty": "No plans.",
    "revisions.planstrategy.unset": (
        "Planning strategy: set council_constituted in oppfolging.toml to see the deadline "
        "(one year after the municipal council is constituted)."
    ),
    "revisions.planstrategy.passed": "(the deadline has passed: is the strategy adopted?)",
    "round.tertial": "Tertial {tertial} {year}",
    "round.annual": "Annual report {year}",
    "revisions.planstrategy": (
        "Municipal council constituted {constituted}: the municipal planning strategy "
        "must be adopted by {deadline} (pbl. § 10-1). "
        "The plans below are to be considered for revision every four years."
    ),
    "filters.title": "Filter",
    "filters.status": "Status",
    "filters.all_statuses": "All statuses",
    "filters.responsible": "Responsible unit",
    "filters.all_units": "All units",
    "filters.plan": "Plan",
    "filters.all_plans": "All plans",
    "export.title": "Export the report tables – {round}",
    "export.format": "Format",
    "export.plan": "Plan",
    "export.all_plans": "All plans",
    "export.file_name": "File name",
    "export.folder": "Folder",
    "export.writing": "Writing …",
    "export.saved": "The report is saved: {path}",
    "export.saved.title": "Export",
    "export.error": "Error:",
    "help.body": (
        "# Help\n"
        "\n"
        "| Key | What |\n"
        "|---|---|\n"
        "| ↑ ↓ | move in the table |\n"
        "| Enter | open the row (plan → focus area → goal → indicator/measure) |\n"
        "| Esc | back |\n"
        "| Tab / Shift+Tab | next / previous table |\n"
        "| [ and ] | previous / next round (1st tertial, 2nd tertial, annual report) |\n"
        "| f | filter by status, responsible unit and plan |\n"
        "| v | revision overview |\n"
        "| r | register values and measure status |\n"
        "| e | export the report tables |\n"
        "| Ctrl+P | search for a plan, goal, indicator or measure |\n"
        "| Ctrl+T | light / dark theme |\n"
        "| ? | this help |\n"
        "| q | quit |\n"
        "| R | the round: units ready, lock and unlock |\n"
        "| a | (on a goal or focus area) write the assessment and status |\n"
        "| k | (in the registration list) mark your unit ready |\n"
        "| Ctrl+Z / Ctrl+Y | undo / redo your own saves, one at a time |\n"
        "\n"
        "## Indicator status\n"
        "\n"
        "| Symbol | Status |\n"
        "|---|---|\n"
        "{statuses}\n"
        "\n"
        "A status is always shown with a symbol and a word, never by colour alone.\n"
    ),
    "settings.title": "My settings",
    "settings.name": "Name (written to the change log)",
    "settings.name.placeholder": "First name Last name",
    "settings.unit": "My unit (the worklist shows it)",
    "settings.all_units": "All units",
    "settings.language": "Language",
    "settings.theme": "Theme",
    "settings.theme.dark": "Dark",
    "settings.theme.light": "Light",
    "settings.name.required": "✖ Enter your name",
    "settings.save_failed": "✖ Could not save: {error}",
    "settings.saved": "The settings are saved",
    "worklist.crumb": "My registrations",
    "worklist.empty": "✔ Everything is registered for this round.",
    "worklist.title": "Missing registration ({count}) – {round} – {where}",
    "worklist.all_units": "all units",
    "worklist.unit": "unit: {unit}",
    "worklist.late": "{date} ✖ deadline passed",
    "worklist.choose_unit": "Choose your unit in the settings (s on the overview) to filter.",
    "worklist.reloaded": "Data updated from disk",
    "app.reloaded": "Data updated from disk (another user saved)",
    "app.reload_problems": (
        "The dataset changed on disk and now has problems; run «oppfolging validate»"
    ),
    "form.name_first": "Enter your name before registering.",
    "form.undo.no_name": "No changes to undo: your name is not set.",
    "form.undo.failed": "Cannot undo: {error}",
    "form.measure.previous": "Previous status ({period}): {status}",
    "form.measure.no_previous": "Previous status: –",
    "form.saved": "Saved",
    "form.not_saved": "Not saved: the others' values are kept.",
    "form.error": "✖ {reason}",
    "form.period": "Period: {period}",
    "form.unit": "Unit: {unit} · {direction}",
    "form.previous": "Previous value: {value}",
    "form.baseline": "Baseline: {value} ({year})",
    "form.target": "Target: {value} ({year})",
    "form.registered_now": "Registered now: {value}",
    "form.value.title": "Register value – {name}",
    "form.value.label": "Value",
    "form.value.comment": "Comment",
    "form.value.preview": "Status will be: {status}",
    "form.value.required": "Enter a value",
    "form.value.delete": "Delete the value for {period}?",
    "form.measure.title": "Measure status – {name}",
    "form.measure.status": "Status",
    "form.measure.choose": "Choose status",
    "form.measure.comment": "Comment (required when delayed or cancelled)",
    "form.measure.registered_now": " · registered now: {status}",
    "form.status.required": "Choose a status",
    "form.comment.required": "Write a comment: delayed or cancelled must be explained",
    "form.save_failed": "Could not save: {error}",
    "form.discard": "You have unsaved changes. Discard them?",
    "button.discard": "Discard",
    "conflict.title": "Someone else saved at the same time",
    "conflict.intro": "The values changed after you opened the form:",
    "conflict.line": "• {column}: yours «{mine}» – theirs «{theirs}» (you saw «{seen}»)",
    "conflict.blank": "–",
    # end app ---------------------------------------------------------------------------
    # --- export destination (issue 9)
    "export.exists": "{path} already exists",
    "export.exists.force": "{path} already exists; use --force to replace it",
    "export.refused.dataset_file": (
        "{path} is one of the dataset's own files; an export never overwrites it. "
        "Choose another file name or folder"
    ),
    "export.refused.dataset_folder": (
        "{path} is a dataset folder; choose another folder for the CSV files"
    ),
    "export.refused.not_file": "{path} is not a regular file ({kind}); choose another file name",
    "export.refused.not_folder": (
        "{path} is not a folder; CSV is written to a folder with one file per table"
    ),
    "export.kind.folder": "it is a folder",
    "export.kind.device": "it is a device",
    "export.kind.fifo": "it is a pipe (FIFO)",
    "export.kind.socket": "it is a socket",
    "export.kind.other": "unknown file type",
    "export.confirm.replace": "{path} already exists. Do you want to replace it?",
    "export.confirm.replace_files": (
        "The folder {path} already has {count} of the report's files. Replace them?"
    ),
    "button.replace": "Replace",
    "export.invalid_name": "invalid file name",
    # --- registration (issue 9)
    "form.unchanged": "No change: the same is already registered; nothing was saved",
    "form.value.implausible_ask": "Note: {reason}. Save anyway?",
    "binding.redo": "Redo",
    "form.undo.done_restored": "Undone. Restored:\n{what}",
    "form.redo.done": "Redone. Restored:\n{what}",
    "form.redo.failed": "Cannot redo: {error}",
    # --- lead (issue 9)
    "app.repaired": "The dataset was repaired",
    # --- assessments (issue 10)
    "status.some_deviation": "some deviation",
    "status.major_deviation": "major deviation",
    "status.not_assessed": "not assessed",
    "level.plan": "plan",
    "level.focus_area": "focus area",
    "level.goal": "goal",
    "binding.assess": "Assess",
    "assess.title": "Assessment {round}",
    "assess.goal": "[b]Goal:[/b] {name}",
    "assess.focus_area": "[b]Focus area:[/b] {name}",
    "assess.suggested": "[b]Suggested status:[/b] {status}",
    "assess.registered": "Registered by {who} {when}",
    "assess.evidence": "Indicators and measures",
    "assess.evidence.empty": "No indicators or measures in this round",
    "assess.evidence.indicator": "Indicator",
    "assess.evidence.measure": "Measure",
    "assess.status": "Status",
    "assess.text": "Assessment",
    "assess.reason": "Reason (required when the status differs from the suggestion)",
    "assess.reason_required": "The status differs from the suggestion ({suggested}): give a reason",
    "assess.no_name": "Enter your name in the settings (s) before registering",
    # --- round workflow (issue 10)
    "binding.round": "Round",
    "binding.ready": "Ready",
    "binding.lock": "Lock",
    "binding.unlock": "Unlock",
    "round.crumb": "Round",
    "round.open": "open (not locked)",
    "round.locked": "🔒 locked by {by} {at}",
    "round.summary": (
        "{round}: {lock} · values {values} of {values_due}"
        " · measures {updates} of {updates_due}"
        " · units ready {ready} of {units} · corrections {corrections}"
    ),
    "round.assessments": " · assessments {count}",
    "round.ready": "✔ ready",
    "round.not_ready": "· not ready",
    "round.col.unit": "Unit",
    "round.col.ready": "Ready",
    "round.col.values": "Values",
    "round.col.updates": "Measures",
    "round.reason.title": "Reason for unlocking {round}",
    "round.reason.required": "Write a reason",
    "round.saved": "Saved",
    "round.no_unit": "Choose your unit in the settings (s on the overview) first.",
    "round.lock.confirm": (
        "Lock {round}? A snapshot is stored, and registrations for the period then need a reason."
    ),
    # --- report document (issue 10)
    "report.status_per": "Status as of {date}",
    "report.taken": "Figures taken {date}",
    "report.author": "Made by {name}",
    "report.assessment": "Assessment",
    "report.goal_status": "Goal status",
    "report.assessed_plan_status": "Plan status",
    "report.assessed_area_status": "Focus area status",
    "report.reason": "Reason for differing from the suggested status",
    "report.plan_assessment": "Overall assessment",
    "report.area_assessment": "Assessment of the focus area",
    "report.heading.goal_status": "Status and assessment per goal",
    "report.heading.outline": "Focus areas and goals",
    "report.table.assessments": "Assessments",
    "report.level": "Level",
    "report.level.plan": "plan",
    "report.level.focus_area": "focus area",
    "report.level.goal": "goal",
    "report.page": "Page",
    "report.page_of": "of",
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
