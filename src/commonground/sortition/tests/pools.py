"""Small synthetic pools for the tests (deterministic)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from commonground.sortition.instance import Instance, Quota

FEATURES = {
    "sex": (["female", "male"], [0.5, 0.5]),
    "age": (["16-29", "30-44", "45-64", "65+"], [0.25, 0.25, 0.3, 0.2]),
    "ethnicity": (["white", "asian", "black", "other"], [0.6, 0.25, 0.1, 0.05]),
    "area": (["north", "south", "east"], [0.4, 0.3, 0.3]),
}


def make_instance(
    n: int, size: int, seed: int = 1, tolerance: float = 0.2, households: bool = False
) -> Instance:
    """A pool of ``n`` with quotas at the pool's shares plus or minus ``tolerance``."""
    rng = np.random.default_rng(seed)
    names = list(FEATURES)
    codes = np.column_stack([rng.choice(len(v), n, p=p) for v, p in FEATURES.values()])
    quotas = []
    for f, name in enumerate(names):
        values, _ = FEATURES[name]
        for j, value in enumerate(values):
            share = float(np.mean(codes[:, f] == j))
            quotas.append(
                Quota(
                    name,
                    value,
                    int(np.floor(share * size * (1 - tolerance))),
                    int(np.ceil(share * size * (1 + tolerance))),
                )
            )
    return Instance(
        ids=[f"p{i:03d}" for i in range(n)],
        features=names,
        values={k: v for k, (v, _) in FEATURES.items()},
        codes=codes,
        quotas=quotas,
        size=size,
        households=[f"house{i // 2}" for i in range(n)] if households else None,
    )


def write_csvs(instance: Instance, folder: Path) -> tuple[Path, Path]:
    """FEATURES.csv and PEOPLE.csv (with an address column) for ``instance``."""
    features = folder / "features.csv"
    people = folder / "people.csv"
    with features.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["feature", "value", "min", "max"])
        for q in instance.quotas:
            writer.writerow([q.feature, q.value, q.min, q.max])
    with people.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", *instance.features, "address"])
        for i, pid in enumerate(instance.ids):
            cells = [
                instance.values[f][instance.codes[i, k]] for k, f in enumerate(instance.features)
            ]
            writer.writerow([pid, *cells, f"{i // 2} High Street"])
    return people, features
