"""Generate a synthetic dataset folder of a given scale, deterministically and vectorised.

Scale: municipalities × plans × focus areas × goals × indicators, each indicator with
`periods` tertial values ending in 2026-T1 (50 × 4 × 6 × 3 × 4 × 70 ≈ 1 000 000 values).
Every goal also has two measures with updates for the last six tertials.

Usage: python benchmarks/generate.py FOLDER [--values N | --municipalities M ...] [--parquet]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import polars as pl

LAST_PERIOD_INDEX = 2026 * 3  # 2026-T1 as year*3 + (tertial-1)
_MULTIPLIER = 2654435761  # Knuth's multiplicative hash constant
_MODULUS = 2**32


@dataclass(frozen=True)
class Scale:
    """How many of each level the generated dataset has."""

    municipalities: int = 50
    plans: int = 4
    focus_areas: int = 6
    goals: int = 3
    indicators: int = 4
    periods: int = 70
    seed: int = 1

    @property
    def values(self) -> int:
        """The number of values this scale generates."""
        per_plan = self.focus_areas * self.goals * self.indicators * self.periods
        return self.municipalities * self.plans * per_plan


def scale_for(values: int, seed: int = 1) -> Scale:
    """A scale with about `values` values: fewer municipalities, then fewer plans."""
    full = Scale(seed=seed)
    per_municipality = full.values // full.municipalities
    if values >= per_municipality:
        return Scale(municipalities=round(values / per_municipality), seed=seed)
    per_plan = per_municipality // full.plans
    return Scale(municipalities=1, plans=max(1, round(values / per_plan)), seed=seed)


def noise(index: pl.Expr, seed: int) -> pl.Expr:
    """A deterministic pseudo-random number in [0, 1) per row index."""
    return ((index * _MULTIPLIER + seed * 40503) % _MODULUS) / _MODULUS


def _levels(**counts: int) -> pl.DataFrame:
    """The cross product of 0-based counters, one column per level, in nesting order."""
    frame = pl.DataFrame({"_": [0]})
    for name, count in counts.items():
        frame = frame.join(pl.DataFrame({name: pl.int_range(count, eager=True)}), how="cross")
    return frame.drop("_")


def _id(*parts: str) -> pl.Expr:
    template = "-".join(f"{p[0]}{{}}" for p in parts)
    return pl.format(template, *[pl.col(p) for p in parts])


def plans(scale: Scale) -> pl.DataFrame:
    """Adopted plans, two of three revised in time; names and municipalities."""
    frame = _levels(municipality=scale.municipalities, plan=scale.plans)
    return frame.select(
        plan_id=_id("municipality", "plan"),
        name=pl.format("Temaplan {} for helse og mestring", pl.col("plan") + 1),
        municipality=pl.format("Kommune {}", pl.col("municipality") + 1),
        plan_type=pl.lit("temaplan"),
        period_start=pl.lit(2020),
        period_end=pl.lit(2040),
        status=pl.lit("adopted"),
        adopted=pl.date(2020 + pl.col("plan") % 3, 6, 15),
    )


def hierarchy(scale: Scale) -> tuple[pl.DataFrame, pl.DataFrame]:
    """focus_areas and goals."""
    levels = {"municipality": scale.municipalities, "plan": scale.plans, "focus": scale.focus_areas}
    areas = _levels(**levels).select(
        focus_area_id=_id("municipality", "plan", "focus"),
        plan_id=_id("municipality", "plan"),
        number=pl.col("focus") + 1,
        name=pl.format("Innsatsområde {}", pl.col("focus") + 1),
    )
    goals = _levels(**levels, goal=scale.goals).select(
        goal_id=_id("municipality", "plan", "focus", "goal"),
        focus_area_id=_id("municipality", "plan", "focus"),
        text=pl.format("Mål {}", pl.col("goal") + 1),
    )
    return areas, goals


def indicators(scale: Scale) -> pl.DataFrame:
    """Indicators with baseline 2019, target 2030, half of them lower-is-better."""
    frame = _levels(
        municipality=scale.municipalities,
        plan=scale.plans,
        focus=scale.focus_areas,
        goal=scale.goals,
        indicator=scale.indicators,
    ).with_row_index("n")
    n = pl.col("n").cast(pl.Int64)
    lower = n % 2 == 1
    baseline = (10 + noise(n, scale.seed) * 990).round(1)
    change = 0.1 + noise(n, scale.seed + 1) * 0.5
    return frame.select(
        indicator_id=_id("municipality", "plan", "focus", "goal", "indicator"),
        goal_id=_id("municipality", "plan", "focus", "goal"),
        name=pl.format("Indikator {}", n + 1),
        unit=pl.lit("antall"),
        direction=pl.when(lower).then(pl.lit("lower")).otherwise(pl.lit("higher")),
        frequency=pl.lit("tertial"),
        baseline=baseline,
        baseline_year=pl.lit(2019),
        target=(baseline * pl.when(lower).then(1 - change).otherwise(1 + change)).round(1),
        target_year=pl.lit(2030),
        responsible=pl.format("Enhet {}", n % 12 + 1),
    )


def values(scale: Scale, table: pl.DataFrame) -> pl.DataFrame:
    """`periods` tertial values per indicator drifting from baseline towards target."""
    periods = pl.DataFrame({"k": pl.int_range(scale.periods, eager=True)}).with_columns(
        index=LAST_PERIOD_INDEX - scale.periods + 1 + pl.col("k")
    )
    frame = table.select("indicator_id", "baseline", "target").join(periods, how="cross")
    row = pl.int_range(pl.len()).cast(pl.Int64)
    year, tertial = pl.col("index") // 3, pl.col("index") % 3 + 1
    drift = (pl.col("index") - 2019 * 3) / (11 * 3)
    wobble = (noise(row, scale.seed + 2) - 0.5) * 0.8 * (pl.col("target") - pl.col("baseline"))
    value = pl.col("baseline") + (pl.col("target") - pl.col("baseline")) * drift + wobble
    frame = frame.select(
        "indicator_id",
        period=pl.format("{}-T{}", year, tertial),
        value=value.round(2),
        registered_by=pl.lit("bench"),
        registered_at=pl.datetime(year, tertial * 4, 28, 12),
        skip=(pl.col("k") == scale.periods - 1) & (noise(row, scale.seed + 3) < 0.05),
    )
    return frame.filter(~pl.col("skip")).drop("skip")


def measures(scale: Scale, goals: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Two measures per goal, and their updates for the last six tertials."""
    frame = goals.select("goal_id").join(pl.DataFrame({"m": [1, 2]}), how="cross")
    row = pl.int_range(pl.len()).cast(pl.Int64)
    table = frame.select(
        measure_id=pl.format("{}-t{}", "goal_id", "m"),
        goal_id="goal_id",
        name=pl.format("Tiltak {}", "m"),
        responsible=pl.format("Enhet {}", row % 12 + 1),
        start=pl.date(2024, 1, 1),
        due=pl.date(2025 + row % 3, 12, 31),
        needs_funding=row % 4 == 0,
    )
    statuses = pl.Series(["not_started", "in_progress", "completed", "delayed", "cancelled"])
    updates = table.select("measure_id").join(
        pl.DataFrame(
            {"index": pl.int_range(LAST_PERIOD_INDEX - 5, LAST_PERIOD_INDEX + 1, eager=True)}
        ),
        how="cross",
    )
    pick = (noise(pl.int_range(pl.len()).cast(pl.Int64), scale.seed + 4) * 5).cast(pl.Int64)
    updates = updates.select(
        "measure_id",
        period=pl.format("{}-T{}", pl.col("index") // 3, pl.col("index") % 3 + 1),
        status=pl.lit(statuses).gather(pick),
    )
    return table, updates


def generate(folder: Path, scale: Scale, *, parquet: bool = False) -> int:
    """Write the dataset into `folder`; returns the number of values written."""
    folder.mkdir(parents=True, exist_ok=True)
    areas, goals = hierarchy(scale)
    table = indicators(scale)
    measure_table, updates = measures(scale, goals)
    frames = {
        "plans": plans(scale),
        "focus_areas": areas,
        "goals": goals,
        "indicators": table,
        "values": values(scale, table),
        "measures": measure_table,
        "measure_updates": updates,
    }
    for name, frame in frames.items():
        for old in (folder / f"{name}.csv", folder / f"{name}.parquet"):
            old.unlink(missing_ok=True)
        if parquet:
            frame.write_parquet(folder / f"{name}.parquet")
        else:
            frame.write_csv(folder / f"{name}.csv", datetime_format="%Y-%m-%dT%H:%M:%S")
    return frames["values"].height


def main() -> None:
    """Command line: generate FOLDER at a scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--values", type=int, help="about this many values (picks the scale)")
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--periods", type=int, default=70)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parquet", action="store_true", help="write Parquet instead of CSV")
    args = parser.parse_args()
    if args.values:
        scale = scale_for(args.values, args.seed)
    else:
        scale = Scale(municipalities=args.municipalities, periods=args.periods, seed=args.seed)
    count = generate(args.folder, scale, parquet=args.parquet)
    print(f"{count} verdier skrevet til {args.folder}")


if __name__ == "__main__":
    main()
