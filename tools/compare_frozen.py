"""Compare the processed datasets with a frozen copy: same rows, columns, values and dtypes.

    python tools/compare_frozen.py FROZEN_DIR [NAME ...]

Prints one line per dataset (identical, or what differs) and exits 1 when any differs.
Used to prove a refactor of the data layer leaves every dataset unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def differences(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    out = []
    if list(old.columns) != list(new.columns):
        out.append(f"columns: removed {[c for c in old.columns if c not in new.columns]}, "
                   f"added {[c for c in new.columns if c not in old.columns]}, order {list(old.columns) == sorted(old.columns)}")
    if len(old) != len(new):
        out.append(f"rows: {len(old)} -> {len(new)}")
    for col in [c for c in old.columns if c in new.columns]:
        if str(old[col].dtype) != str(new[col].dtype):
            out.append(f"{col}: dtype {old[col].dtype} -> {new[col].dtype}")
        if len(old) == len(new):
            a, b = old[col].astype(object), new[col].astype(object)
            same = [(x is y) or (pd.isna(x) if not isinstance(x, (list, tuple)) and pd.api.types.is_scalar(x) else False) and
                    (pd.isna(y) if pd.api.types.is_scalar(y) else False) or _eq(x, y) for x, y in zip(a, b)]
            bad = [i for i, s in enumerate(same) if not s]
            if bad:
                i = bad[0]
                out.append(f"{col}: {len(bad)} value(s) differ, first at row {i}: {a.iloc[i]!r} -> {b.iloc[i]!r}")
    return out


def _eq(x, y) -> bool:
    if hasattr(x, "tolist"):
        x = x.tolist()
    if hasattr(y, "tolist"):
        y = y.tolist()
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return False


def main(argv: list[str]) -> int:
    frozen = Path(argv[0])
    from cohen_analysis import registry

    names = argv[1:] or registry.datasets()
    changed = 0
    for name in names:
        old_path = frozen / f"{name}.parquet"
        if not old_path.exists():
            print(f"{name}: new dataset (not in the frozen copy)")
            continue
        diffs = differences(pd.read_parquet(old_path), registry.build(name))
        changed += bool(diffs)
        print(f"{name}: " + ("identical" if not diffs else "DIFFERS\n  " + "\n  ".join(diffs)))
    for path in sorted(frozen.glob("*.parquet")):
        if path.stem not in registry.datasets():
            print(f"{path.stem}: removed")
            changed += 1
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
