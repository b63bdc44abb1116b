"""Messages moved into the catalogue (issue 13) come out in the language chosen when they
are made, not the one in use when their module was imported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from oppfolging import i18n
from oppfolging.registration import RegistrationError, checks, roundguard, service


@pytest.fixture
def language() -> Iterator[None]:
    before = i18n.language()
    yield
    i18n.set_language(before)


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("nb", "en prosentverdi må være mellom 0 og 100, ikke 120"),
        ("nn", "ein prosentverdi må vere mellom 0 og 100, ikkje 120"),
        ("en", "a percentage must be between 0 and 100, not 120"),
    ],
)
def test_a_registration_error_is_in_the_chosen_language(code: str, expected: str) -> None:
    i18n.set_language(code)
    assert checks.check_value({"unit": "%"}, 120.0) == expected


@pytest.mark.usefixtures("language")
def test_period_mismatch_names_the_frequency_in_the_language() -> None:
    i18n.set_language("nn")
    with pytest.raises(RegistrationError) as raised:
        checks.check_period("2026", "tertial")
    assert str(raised.value) == (
        "perioden «2026» passar ikkje: indikatoren er tertial (ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3)"
    )
    i18n.set_language("en")
    with pytest.raises(RegistrationError) as raised:
        checks.check_period("2026-T1", "annual")
    assert str(raised.value) == "the period «2026-T1» does not fit: the indicator is annual (YYYY)"


@pytest.mark.usefixtures("language")
def test_no_change_and_events_follow_the_language() -> None:
    assert service.no_change_text().startswith("Ingen endring")
    i18n.set_language("nn")
    assert (
        service.no_change_text() == "Inga endring: det same er alt registrert, ingenting vart lagra"
    )
    event = {"round": "2026-T1", "kind": "not_ready", "unit": "Helse"}
    i18n.set_language("en")
    assert roundguard.describe_event(event).startswith("Helse is not ready for ")
