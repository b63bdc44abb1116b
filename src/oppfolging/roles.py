"""Roles of a served session, and what each may do (headless: the app and the server use it).

The server sets the role, the user's name and units in the environment of the app process
it starts; the browser never sends them. Without `ENV_ROLE` (the terminal app) everything is
allowed, as before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from oppfolging.i18n import t


class Role(StrEnum):
    """What a logged-in user may do."""

    LEADER = "leder"
    """Read only: overview, drill-down, charts, revisions, assessments, export."""
    REGISTRAR = "registrator"
    """Also registers values and measure status, and assesses goals, for their unit(s)."""
    ADMIN = "admin"
    """Everything, including locking and unlocking a round."""


ROLE_NAMES = tuple(role.value for role in Role)

ENV_ROLE = "OPPFOLGING_SERVE_ROLE"
ENV_USER = "OPPFOLGING_SERVE_USER"
ENV_UNITS = "OPPFOLGING_SERVE_UNITS"
UNIT_SEPARATOR = "\x1f"
"""Between units in `ENV_UNITS` (a unit name may hold commas and semicolons)."""


@dataclass(frozen=True)
class Access:
    """The signed-in user of a served app process, or the terminal user (`role` None)."""

    role: Role | None = None
    user: str = ""
    units: tuple[str, ...] = ()
    """The registrator's units; empty means all units."""

    @property
    def served(self) -> bool:
        """True in an app process started by `oppfolging serve`."""
        return self.role is not None

    @property
    def may_write(self) -> bool:
        """May save anything at all (register, assess, undo)."""
        return self.role is not Role.LEADER

    @property
    def may_lock(self) -> bool:
        """May lock and unlock a round."""
        return self.role in (None, Role.ADMIN)

    def may_write_for(self, unit: str | None) -> bool:
        """May register or assess for something `unit` is responsible for."""
        if self.role is Role.REGISTRAR:
            return not self.units or (unit or "").strip() in self.units
        return self.may_write


class RoleEnvironmentError(ValueError):
    """The role environment is set but wrong: the app must not start with more rights."""


def access_from_environment(environ: Mapping[str, str] | None = None) -> Access:
    """The access the server granted this process (`Access()` outside `serve`)."""
    env = os.environ if environ is None else environ
    role_text = env.get(ENV_ROLE)
    if role_text is None:
        return Access()
    try:
        role = Role(role_text)
    except ValueError:
        raise RoleEnvironmentError(t("roles.unknown_role", role=role_text)) from None
    user = env.get(ENV_USER, "").strip()
    if not user:
        raise RoleEnvironmentError(t("roles.user_missing"))
    units = tuple(u for u in env.get(ENV_UNITS, "").split(UNIT_SEPARATOR) if u.strip())
    return Access(role, user, units)


def access_environment(role: Role, user: str, units: tuple[str, ...]) -> dict[str, str]:
    """The environment variables that hand `role`, `user` and `units` to the app process."""
    return {ENV_ROLE: role.value, ENV_USER: user, ENV_UNITS: UNIT_SEPARATOR.join(units)}
