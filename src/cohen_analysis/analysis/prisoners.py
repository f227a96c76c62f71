"""Political prisoners: published estimates over time, the essay's range, and the camps.

Used by ``notebooks/prisoners.ipynb``. Cohen (2010, ¶1, endnote ii) cites 150,000 to 200,000
political prisoners from David Hawk's *Hidden Gulag* (2003). The functions here select the
estimates a notebook run shows (years, scope, minimum confidence), pick the latest ones, check
the essay's range against the row it cites, and summarise camp-level populations and status.

Choices taken from the raw files' metadata (``data/raw/prisoners/*.meta.yaml``, ``conflicts``):

- A09b (the 2012 *Hidden Gulag* repeat of 150,000-200,000, attributed to defected officials) is
  kept in the data but not charted: charts of the trend use Hawk's own A09a.
- Undated estimates (A03, A20a, A20b) have no place on a time line; they are listed apart.
- Camp populations: the value each chart uses per camp (:data:`CHARTED_POPULATION`).
- The 2025 list of operating camps follows KINU (camp-count row B54).

``prisoner_indicators`` (slavery index, survey samples) are not prisoner counts; nothing here
mixes them with the estimates.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import catalog
from ..notebook import ParameterError, check_choice, check_positive_int, check_year_range

#: The essay's figure (¶1, endnote ii): as Cohen states it.
ESSAY_LOW = 150_000
ESSAY_HIGH = 200_000
ESSAY_YEAR = 2010  # 16 June 2010
ESSAY_SOURCE_ID = "A02"  # Hawk, Hidden Gulag (2003), p.24: the row the essay's endnote ii cites

#: Rows kept in the data but left out of charts and counts (metadata conflicts), with the reason.
NOT_CHARTED = {
    "A09b": "repeats 150,000-200,000 from defected officials in the 2012 Hidden Gulag; charts use Hawk's own A09a",
}

#: Confidence grades, weakest first, and what an estimate counts (the catalog's vocabularies).
CONFIDENCE_LEVELS = catalog.vocabulary("confidence")
SCOPES = catalog.vocabulary("prisoner_scope")

#: Parameter vocabulary.
SCOPE_CHOICES = ["all", *SCOPES]
SCOPE_LABELS = {
    "political_prison_camps": "Camp system",
    "political_prison_camps_per_camp": "Single camps",
    "all_detention": "All detention",
}

#: Camp population row each chart uses where sources conflict (prison_camps metadata, conflicts).
CHARTED_POPULATION = {
    12: "B46",  # ~27,000 in 1982 (only figure)
    14: "B02",  # 15,000, HRNK/AllSource 2015 (State Dept 2012's 50,000 looks swapped with Camp 15)
    15: "B09",  # 46,500 (State Dept 2012's 10,500 probably mislabelled)
    16: "B19",  # 20,000, Amnesty 2013, the latest figure
    18: "B26",  # ~4,000 after downsizing (KINU 2014), low confidence
    22: "B33",  # peak 50,000 (3,000-8,000 at the 2012 closure, B35)
    25: "B44",  # ~5,800, KINU 2025
}

# Short source names for chart labels: first matching pattern on source_org wins.
_SHORT_SOURCES: list[tuple[str, str]] = [
    (r"Scarlatoiu", "HRNK (Scarlatoiu)"),
    (r"^US Committee for Human Rights", "USCHRNK"),
    (r"^(Committee for Human Rights in North Korea|HRNK)", "HRNK"),
    (r"^South Korean intelligence", "S. Korean intelligence"),
    (r"National Intelligence Service", "NIS"),
    (r"National Human Rights Commission of Korea", "NHRCK"),
    (r"^Amnesty International \(via ([^)]+)\)", r"Amnesty (via \1)"),
    (r"^Amnesty International", "Amnesty"),
    (r"^US Department of State", "US State Dept"),
    (r"^UN Commission of Inquiry", "UN COI"),
    (r"Korea Institute for National Unification|KINU", "KINU"),
    (r"NKDB|Database Center for North Korean Human Rights", "NKDB"),
    (r"^European Parliament", "European Parliament"),
]


def short_source(source_org: str, author: str | None = None) -> str:
    """A short name for chart labels: ``"Hawk, USCHRNK"``, ``"UN COI"``, ``"Amnesty (via AFP)"``."""
    org = str(source_org).strip()
    short = None
    for pattern, repl in _SHORT_SOURCES:
        m = re.search(pattern, org)
        if m:
            short = m.expand(repl)
            break
    if short is None:
        short = org if len(org) <= 28 else org[:27].rstrip() + "…"
    if author is not None and not pd.isna(author) and "Hawk" in str(author):
        short = f"Hawk, {short}"
    return short


def fmt_range(low, high) -> str:
    """``150000, 200000`` -> ``"150,000-200,000"``; one value when both are equal."""
    low, high = int(low), int(high)
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


# ------------------------------------------------------------------------------ estimates
def year_span(estimates: pd.DataFrame) -> tuple[int, int]:
    """First and last year of the dated estimates."""
    years = estimates["year"].dropna()
    return int(years.min()), int(years.max())


def check_parameters(estimates: pd.DataFrame, *, start_year, end_year, scope, min_confidence, recent_years) -> None:
    """Raise :class:`ParameterError` with a clear message for any parameter the notebook cannot use."""
    check_year_range(start_year, end_year, available=year_span(estimates))
    check_choice("scope", scope, SCOPE_CHOICES)
    check_choice("min_confidence", min_confidence, CONFIDENCE_LEVELS)
    check_positive_int("recent_years", recent_years)
    shown = select_estimates(estimates, start_year=start_year, end_year=end_year, scope=scope,
                             min_confidence=min_confidence)
    if shown.empty:
        raise ParameterError(
            f"no dated estimate has scope={scope!r}, confidence {min_confidence!r} or higher and a year in "
            f"{start_year}-{end_year}; widen the years or lower min_confidence"
        )


def _keep(estimates: pd.DataFrame, scope: str, min_confidence: str) -> pd.Series:
    keep = ~estimates["id"].isin(list(NOT_CHARTED))
    if scope != "all":
        keep &= estimates["scope"] == scope
    keep &= estimates["confidence"] >= min_confidence
    return keep.fillna(False).astype(bool)


def select_estimates(estimates: pd.DataFrame, *, start_year: int, end_year: int, scope: str = "all",
                     min_confidence: str = "low") -> pd.DataFrame:
    """The dated estimates a run shows, oldest first (ties by id), with chart labels added.

    Keeps scope ``scope`` ("all": every scope), confidence at or above ``min_confidence`` and
    years ``start_year``-``end_year``; drops :data:`NOT_CHARTED`. Adds ``source_short``,
    ``label`` (year, source, figure as stated, confidence) and ``is_essay_source``.
    """
    keep = _keep(estimates, scope, min_confidence)
    year = estimates["year"]
    keep &= (year >= start_year).fillna(False) & (year <= end_year).fillna(False)
    out = estimates[keep].sort_values(["year", "id"], kind="stable").copy()
    out["source_short"] = [short_source(o, a) for o, a in zip(out["source_org"], out["author"])]
    out["label"] = [
        f"{y}  {s}: {e}  [{c}]" for y, s, e, c in zip(out["year"], out["source_short"], out["estimate"], out["confidence"])
    ]
    out["is_essay_source"] = out["id"] == ESSAY_SOURCE_ID
    out["scope_label"] = out["scope"].map(SCOPE_LABELS)
    return out


def undated_estimates(estimates: pd.DataFrame, *, scope: str = "all", min_confidence: str = "low") -> pd.DataFrame:
    """Estimates without a year (kept out of the time line), filtered like :func:`select_estimates`."""
    keep = _keep(estimates, scope, min_confidence) & estimates["year"].isna()
    return estimates[keep]


def essay_row(estimates: pd.DataFrame) -> pd.Series:
    """The estimate the essay cites (endnote ii)."""
    rows = estimates[estimates["essay_ref"].fillna("").str.contains("endnote ii", regex=False)]
    if len(rows) != 1:
        raise ValueError(f"expected one estimate cited in endnote ii, found {len(rows)}")
    return rows.iloc[0]


def essay_range_reproduced(estimates: pd.DataFrame) -> bool:
    """Does the row the essay cites state the essay's 150,000-200,000?"""
    row = essay_row(estimates)
    return bool(row["id"] == ESSAY_SOURCE_ID and row["low"] == ESSAY_LOW and row["high"] == ESSAY_HIGH)


def matching_essay_range(shown: pd.DataFrame) -> pd.DataFrame:
    """Shown estimates stating exactly the essay's range."""
    return shown[(shown["low"] == ESSAY_LOW).fillna(False) & (shown["high"] == ESSAY_HIGH).fillna(False)]


def latest_estimate(shown: pd.DataFrame) -> pd.Series:
    """The most recent shown estimate; within its year the most confident, then the last id."""
    latest_year = shown["year"].max()
    same = shown[shown["year"] == latest_year]
    rank = same["confidence"].cat.codes
    return same.loc[rank[rank == rank.max()].index].iloc[-1]


def around_essay(shown: pd.DataFrame, years: int = 2) -> pd.DataFrame:
    """Shown estimates published within ``years`` years of the essay (2010)."""
    return shown[(shown["year"] - ESSAY_YEAR).abs() <= years]


def recent_estimates(shown: pd.DataFrame, years: int) -> pd.DataFrame:
    """Shown estimates published in the ``years`` years up to the latest one (inclusive)."""
    latest = int(shown["year"].max())
    return shown[shown["year"] > latest - years]


def stated_span(frame: pd.DataFrame) -> tuple[int, int]:
    """Lowest and highest figure the rows state (low or else point; high or else point)."""
    lows = frame["low"].fillna(frame["point"])
    highs = frame["high"].fillna(frame["point"])
    return int(lows.min()), int(highs.max())


# ----------------------------------------------------------------------------------- camps
def _as_of(row: pd.Series) -> int | None:
    """Year a camp-count row refers to: a year in ``context`` ('2015 (operating)', '1970s'), else the source year."""
    m = re.match(r"\s*(\d{4})", str(row["context"])) if not pd.isna(row["context"]) else None
    if m:
        return int(m.group(1))
    return None if pd.isna(row["source_year_first"]) else int(row["source_year_first"])


def camp_counts(camps: pd.DataFrame) -> pd.DataFrame:
    """System-wide camp counts with the year each refers to (``as_of``), oldest first."""
    counts = camps[camps["attribute"] == "camp_count"].copy()
    counts["as_of"] = pd.array([_as_of(r) for _, r in counts.iterrows()], dtype="Int64")
    counts["count"] = counts["value_num"].astype("Int64")
    return counts.sort_values(["as_of", "id"])[["id", "count", "as_of", "context", "source_org", "source_year", "confidence"]]


def latest_camp_count(camps: pd.DataFrame, end_year: int) -> pd.Series:
    """The camp count of the latest source referring to a year up to ``end_year``."""
    counts = camp_counts(camps)
    counts = counts[(counts["as_of"] <= end_year).fillna(False)]
    if counts.empty:
        raise ValueError(f"no camp count refers to a year up to {end_year}")
    return counts.iloc[-1]


def _status_class(attribute: str, value: str) -> str:
    v = str(value).lower()
    if attribute == "closed" or v.startswith(("closed", "dismantled")):
        return "closed"
    if v.startswith("operational"):
        return "operating"
    if v.startswith(("winding down", "dismantling")):
        return "closing"
    return "unknown"


def camp_status(camps: pd.DataFrame) -> pd.DataFrame:
    """One row per numbered camp: latest status reading, its source, and whether sources disagree.

    Readings are the ``status`` and ``closed`` rows; the latest is the one with the latest source
    year (ties: a ``status`` row before a ``closed`` one, then the later id). ``disputed`` is True
    when another reading puts the camp in a different class (operating vs closed).
    """
    rows = camps[camps["attribute"].isin(["status", "closed"]) & camps["camp_no"].notna()].copy()
    rows["status"] = [_status_class(a, v) for a, v in zip(rows["attribute"], rows["value"])]
    rows["is_status"] = rows["attribute"] == "status"
    out = []
    for camp_no, grp in rows.groupby("camp_no", sort=True):
        grp = grp.sort_values(["source_year_last", "is_status", "id"], na_position="first")
        last = grp.iloc[-1]
        classes = set(grp["status"]) - {"closing"}
        out.append({
            "camp_no": int(camp_no),
            "name": last["name"],
            "status": last["status"],
            "reading": last["value"],
            "source": last["source_org"],
            "source_year": last["source_year"],
            "disputed": len(classes) > 1,
        })
    return pd.DataFrame(out)


def camp_populations(camps: pd.DataFrame) -> pd.DataFrame:
    """One row per camp with population figures: spread of all reported figures, and the charted one.

    ``low``/``high``: lowest and highest figure any source reports (different sources and dates,
    never added up); ``charted``: the value of the row in :data:`CHARTED_POPULATION`; ``n_reports``.
    Status columns from :func:`camp_status` are joined; camps are ordered by charted population.
    """
    pop = camps[(camps["attribute"] == "population") & camps["camp_no"].notna()]
    lows = pop["value_low"].fillna(pop["value_num"])
    highs = pop["value_high"].fillna(pop["value_num"])
    spread = (
        pd.DataFrame({"camp_no": pop["camp_no"].astype(int), "name": pop["name"], "lo": lows, "hi": highs})
        .groupby(["camp_no", "name"], as_index=False)
        .agg(low=("lo", "min"), high=("hi", "max"), n_reports=("lo", "size"))
    )
    by_id = camps.set_index("id")
    spread["charted_id"] = spread["camp_no"].map(CHARTED_POPULATION)
    missing = spread.loc[spread["charted_id"].isna(), "camp_no"].tolist()
    if missing:
        raise ValueError(f"no charted population row chosen for camp(s) {missing}")
    spread["charted"] = [float(by_id.at[i, "value_num"]) for i in spread["charted_id"]]
    spread["charted_stated"] = [str(by_id.at[i, "value"]) for i in spread["charted_id"]]
    spread["charted_context"] = [by_id.at[i, "context"] for i in spread["charted_id"]]
    out = spread.merge(camp_status(camps), on=["camp_no", "name"], how="left")
    return out.sort_values(["charted", "camp_no"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------------------- wording
def relation_to_essay(row: pd.Series) -> str:
    """Where an estimate stands against the essay's 150,000-200,000: "below", "within", "above"
    or "overlapping" (a range reaching into the essay's range from outside)."""
    lo = row["low"] if not pd.isna(row["low"]) else row["point"]
    hi = row["high"] if not pd.isna(row["high"]) else row["point"]
    if pd.isna(lo) and pd.isna(hi):
        raise ValueError(f"estimate {row['id']} states no figure")
    lo = hi if pd.isna(lo) else lo
    hi = lo if pd.isna(hi) else hi
    if hi < ESSAY_LOW:
        return "below"
    if lo > ESSAY_HIGH:
        return "above"
    if lo >= ESSAY_LOW and hi <= ESSAY_HIGH:
        return "within"
    return "overlapping"


def over_time_title(shown: pd.DataFrame) -> str:
    """Title of the chart by scope: how camp-system estimates moved from around the essay to the
    latest, or what span they cover when the selection has no before/after."""
    camp = shown[shown["scope"] == "political_prison_camps"]
    if camp.empty:
        return f"Estimates of political prisoners, {shown['year'].min()}-{shown['year'].max()}, by what they count"
    then, last = around_essay(camp), latest_estimate(camp)
    if len(then) and last["year"] > ESSAY_YEAR + 2:
        lo, hi = stated_span(then)
        last_lo, last_hi = stated_span(camp.loc[[last.name]])
        verb = "fell" if last_hi < lo else "rose" if last_lo > hi else "moved"
        return (f"Camp-system estimates {verb} from {fmt_range(lo, hi)} around the essay to "
                f"{last['estimate']} in {last['year']}")
    lo, hi = stated_span(camp)
    return f"Camp-system estimates of {camp['year'].min()}-{camp['year'].max()} range from {lo:,} to {hi:,}"


# --------------------------------------------------------------------------------- drawing
def is_confident(confidence, threshold: str = "medium") -> bool:
    """``confidence`` (a level of CONFIDENCE_LEVELS) at or above ``threshold``, by the levels' order
    (a plain string comparison would put "high" below "medium")."""
    return CONFIDENCE_LEVELS.index(str(confidence)) >= CONFIDENCE_LEVELS.index(threshold)


def spread_positions(years, min_gap: float) -> list[float]:
    """x positions for marks at ``years`` (sorted), at least ``min_gap`` apart: marks that would
    crowd are pushed right, then each crowded group is shifted back so that it stays centred on
    its years on average."""
    xs = [float(y) for y in years]
    if any(b < a for a, b in zip(xs, xs[1:])):
        raise ValueError("years must be sorted")
    out = list(xs)
    groups = [[0]] if out else []
    for k in range(1, len(out)):
        if out[k] < out[k - 1] + min_gap:
            out[k] = out[k - 1] + min_gap
            groups[-1].append(k)
        else:
            groups.append([k])
    for g in groups:
        shift = sum(out[k] - xs[k] for k in g) / len(g)
        for k in g:
            out[k] -= shift
    return out


def plot_over_time(ax, frame: pd.DataFrame, *, color: str, essay: bool = True, label_band: bool = True,
                   min_gap: float = 0.5) -> None:
    """Estimates as vertical ranges at their year on ``ax``: ranges as bars, single figures as
    markers (both filled: confidence medium or higher; hollow: lower), open ends as dashed arrows;
    the essay's range as a grey band (labelled when ``label_band``). Marks of the same or close
    years are spread ``min_gap`` years apart (:func:`spread_positions`)."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import StrMethodFormatter

    width = 0.75 * min_gap
    if essay:
        ax.axhspan(ESSAY_LOW, ESSAY_HIGH, color="#595959", alpha=0.12, lw=0, zorder=0)
    if essay and label_band:  # beside the axes, where it hides no data
        ax.annotate("Essay's\nrange", (1, (ESSAY_LOW + ESSAY_HIGH) / 2), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", ha="left", fontsize=8,
                    color="#595959", annotation_clip=False)
    values = pd.concat([frame["low"], frame["high"], frame["point"]]).dropna()
    top = max(float(values.max()), ESSAY_HIGH if essay else 0)
    arrow = 0.1 * top
    frame = frame.sort_values(["year", "id"], kind="stable")
    for x, (_, r) in zip(spread_positions(frame["year"], min_gap), frame.iterrows()):
        filled = is_confident(r["confidence"])
        lo, hi, pt, q = r["low"], r["high"], r["point"], r["qualifier"]
        if not pd.isna(lo) and not pd.isna(hi) and lo != hi:
            ax.add_patch(Rectangle((x - width / 2, lo), width, hi - lo, lw=1.2, edgecolor=color, zorder=2,
                                   facecolor=to_rgba(color, 0.6) if filled else "white"))
        if q in ("up to", "less than"):
            ax.annotate("", (x, max(hi - arrow, 0)), xytext=(x, hi),
                        arrowprops=dict(arrowstyle="->", color=color, ls="--", lw=1.3), zorder=2)
        elif q in ("more than", "at least"):
            ax.annotate("", (x, lo + arrow), xytext=(x, lo),
                        arrowprops=dict(arrowstyle="->", color=color, ls="--", lw=1.3), zorder=2)
        if not pd.isna(pt):
            ax.plot([x], [pt], ls="none", marker="o", markersize=6, color=color,
                    markerfacecolor=color if filled else "white", markeredgewidth=1.5, zorder=4)
    ax.set_ylim(0, top + 1.6 * arrow)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
