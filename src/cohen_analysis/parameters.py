"""The typed parameters of every notebook: one pydantic model per notebook.

Each model is the single source of a notebook's parameters: its ``parameters`` cell (defaults,
types and comments, written by :func:`parameters_cell`), the README tables and ``--help`` text,
the types ``papermill --help-notebook`` shows, and validation. ``cohen-analysis run`` validates a
parameter file with :func:`validate_file` *before* a kernel starts; a notebook run with plain
papermill calls :func:`check` in its second cell and raises the same message.

Validation has two steps: the model (names, types, choices and fixed ranges, no data needed) and
``check_data`` (bounds that depend on the data, such as the years it covers), which reads the
processed datasets in the calling process.
"""

from __future__ import annotations

import keyword
from pathlib import Path
from typing import Any, ClassVar, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .io import load_yaml
from .notebook import ParameterError

#: The parameter every notebook has and only the build sets (where outputs go).
OUTPUT_DIR_HELP = "where outputs go; the report build sets it (None: reports/interactive/<name>)"


def _as_list(value: Any) -> Any:
    """A single value given where a list is expected (``papermill -p bodies HRC``) becomes a list."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [value]
    return value


class NotebookParameters(BaseModel):
    """Base of the per-notebook models: unknown names are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    notebook: ClassVar[str]

    def check_data(self) -> None:
        """Checks that need the data (years covered, tags present); raise :class:`ParameterError`."""

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in type(self).model_fields)


# --- one model per notebook -----------------------------------------------------------------


class AidParameters(NotebookParameters):
    notebook: ClassVar[str] = "aid"
    start_year: int = Field(1995, description="first year shown")
    end_year: int = Field(2025, description="last year shown")
    show_wfp: bool = Field(True, description="add a panel of WFP food deliveries (tonnes)")

    def check_data(self) -> None:
        from .analysis import aid
        from .notebook import check_year_range

        check_year_range(self.start_year, self.end_year, available=aid.year_span())


class DefectorsParameters(NotebookParameters):
    notebook: ClassVar[str] = "defectors"
    start_year: int = Field(
        1999,
        description="first year; a grouped period ('~1998': 1953-1998, '1999-2001') counts only if it lies entirely within the years",
    )
    end_year: Optional[int] = Field(None, description="last year (None: the latest year in the data)")
    as_of: str = Field(
        "2010-06-16",
        description="date 'YYYY-MM-DD' of the cumulative total to report (the last year-end on or before it); default the essay's date",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
    )
    split_by_sex: bool = Field(True, description="stack the yearly bars by sex (False: one bar of all arrivals per period)")

    def check_data(self) -> None:
        from . import load
        from .analysis import defectors as an
        from .notebook import check_year_range

        arrivals = load("defectors")
        last_year = an.resolve_end_year(self.end_year, arrivals)
        check_year_range(self.start_year, last_year, available=an.year_span(arrivals))
        an.select_periods(an.period_table(arrivals), self.start_year, last_year)
        an.check_as_of(self.as_of, an.year_end_series(arrivals))


class EssayFiguresParameters(NotebookParameters):
    notebook: ClassVar[str] = "essay_figures"
    topics: list[str] = Field([], description="claim topics to include (empty: all); see the claims file's `topic` column")
    approx_tolerance: float = Field(
        0.05, gt=0, lt=1, json_schema_extra={"message": "must be a number between 0 and 1"},
        description='how close (relative) an approximate figure such as "some 18,000" must come to count as reproduced',
    )
    show_extensions: bool = Field(
        True, description="include the rows that follow the essay's recommendations without a figure (aid, separated families)"
    )
    _list = field_validator("topics", mode="before")(_as_list)

    def check_data(self) -> None:
        from . import load
        from .notebook import check_choices

        if self.topics:
            check_choices("topics", self.topics, sorted(load("essay_claims")["topic"].unique()))


class PrisonersParameters(NotebookParameters):
    notebook: ClassVar[str] = "prisoners"
    start_year: int = Field(1982, description="first year of the estimates shown (the data run from 1982 to 2025)")
    end_year: int = Field(2025, description="last year of the estimates shown")
    scope: Literal["all", "political_prison_camps", "political_prison_camps_per_camp", "all_detention"] = Field(
        "all",
        description='what is counted: "all", "political_prison_camps", "political_prison_camps_per_camp" or "all_detention"',
    )
    min_confidence: Literal["low", "low-medium", "medium", "medium-high", "high"] = Field(
        "low", description="keep estimates at or above this confidence: low, low-medium, medium, medium-high, high"
    )
    recent_years: int = Field(10, ge=1, description='the "latest estimates": those published in this many years up to the latest one')

    def check_data(self) -> None:
        from . import load
        from .analysis import prisoners as an

        an.check_parameters(
            load("prisoner_estimates"), start_year=self.start_year, end_year=self.end_year, scope=self.scope,
            min_confidence=self.min_confidence, recent_years=self.recent_years,
        )


class IndividualCasesParameters(NotebookParameters):
    notebook: ClassVar[str] = "individual_cases"
    nationalities: list[str] = Field(
        ["United States", "Japan", "Australia", "Canada", "Republic of Korea", "Malaysia"], min_length=1,
        description="whose cases: any of United States, Japan, Australia, Canada, Republic of Korea, Malaysia")
    start_year: int = Field(1994, description="first year of detention shown (the data run from 1994 to 2023)")
    end_year: int = Field(2023, description="last year of detention shown")
    min_confidence: Literal["low", "medium", "high"] = Field(
        "low", description="keep cases rated at or above this confidence: low, medium, high")

    _list = field_validator("nationalities", mode="before")(_as_list)

    def check_data(self) -> None:
        from . import load
        from .analysis import cases as an

        an.check_parameters(load("detainees"), nationalities=self.nationalities, start_year=self.start_year,
                            end_year=self.end_year, min_confidence=self.min_confidence)


RATE = "must be an annual death rate strictly between 0 and 1 (e.g. 0.06), or null"


class SeparatedFamiliesParameters(NotebookParameters):
    notebook: ClassVar[str] = "separated_families"
    start_year: int = Field(2000, description="first year shown in the time charts and counted for reunion rounds")
    projection_end_year: int = Field(2035, description="last year of the survivor projection (counts at 31 December)")
    rate_source: Literal["observed", "manual"] = Field(
        "observed", description='death rates of the projection: "observed" (lowest-highest observed) or "manual"'
    )
    rate_low: Optional[float] = Field(None, gt=0, lt=1, json_schema_extra={"message": RATE}, description='lowest annual death rate, e.g. 0.06 (only when rate_source is "manual")')
    rate_high: Optional[float] = Field(None, gt=0, lt=1, json_schema_extra={"message": RATE}, description='highest annual death rate, e.g. 0.09 (only when rate_source is "manual")')

    def check_data(self) -> None:
        from .analysis import families as an
        from .notebook import check_year_range

        first_year, last_year = an.year_span()
        check_year_range(self.start_year, last_year, available=(first_year, last_year))
        an.check_projection(
            self.projection_end_year, self.rate_source, self.rate_low, self.rate_high, base_year=an.projection_base()["year"]
        )


class TreatiesVotesParameters(NotebookParameters):
    notebook: ClassVar[str] = "treaties_votes"
    start_year: Optional[int] = Field(None, description="first year of the UN votes shown (None: the first year in the data)")
    end_year: Optional[int] = Field(None, description="last year of the UN votes shown (None: the latest year in the data)")
    bodies: Optional[list[str]] = Field(
        None, description='UN bodies whose votes are shown, e.g. ["UNGA plenary", "HRC"] (None: every body in the data)'
    )
    show_reviews: bool = Field(True, description="draw treaty-body reviews on the treaty timeline")
    _list = field_validator("bodies", mode="before")(_as_list)

    def check_data(self) -> None:
        from . import load
        from .analysis import treaties as an

        votes = load("un_votes")
        start_year, end_year = an.resolve_years(self.start_year, self.end_year, votes)
        an.select_votes(votes, start_year, end_year, an.resolve_bodies(self.bodies, votes))


class UprParameters(NotebookParameters):
    notebook: ClassVar[str] = "upr"
    cycles: list[int] = Field(
        [1, 2, 3, 4],
        description="UPR cycles to show (1: 2009, 2: 2014, 3: 2019, 4: 2024); the per-recommendation views use those of them with such data (1, 2)",
    )
    top_n_states: int = Field(15, ge=1, description="recommending States shown in the chart by State (most recommendations first)")
    issues: list[str] = Field(
        [], description='UPR Info issue tags to show, e.g. ["nhri", "labour"]; empty: the top_n_issues most frequent tags'
    )
    top_n_issues: int = Field(15, ge=1, description="number of issue tags shown when issues is []")
    min_recommendations: int = Field(
        10, ge=1,
        description="issues with fewer recommendations of known final response are left out of the acceptance-rate chart",
    )
    _list = field_validator("cycles", "issues", mode="before")(_as_list)

    def check_data(self) -> None:
        from . import load
        from .analysis import upr as an

        sel = an.check_cycles(list(self.cycles), load("upr_cycles"))
        an.check_issues(list(self.issues), load("upr_issues"), an.per_rec_cycles(sel, load("upr_recommendations")))


class RefugeesAbroadParameters(NotebookParameters):
    notebook: ClassVar[str] = "refugees_abroad"
    start_year: int = Field(2000, description="first year shown")
    end_year: int = Field(2025, description="last year shown")
    countries: list[str] = Field(
        ["United Kingdom", "Canada", "Germany", "Netherlands", "United States"],
        description="countries of asylum charted",
    )
    series: Literal["RDF2025", "PSRD2014", "PRESS"] = Field(
        "RDF2025",
        description="UNHCR series charted: RDF2025 (current), PSRD2014 (2014 extract, 2000-2013) or PRESS (as reported)",
    )
    _list = field_validator("countries", mode="before")(_as_list)

    def check_data(self) -> None:
        from .analysis import refugees as an
        from .notebook import check_year_range

        check_year_range(self.start_year, self.end_year, available=an.year_span())
        an.check_series(self.series)
        an.check_countries(list(self.countries), self.series)


MODELS: dict[str, type[NotebookParameters]] = {
    m.notebook: m
    for m in (
        AidParameters, DefectorsParameters, EssayFiguresParameters, IndividualCasesParameters, PrisonersParameters,
        SeparatedFamiliesParameters, TreatiesVotesParameters, UprParameters, RefugeesAbroadParameters,
    )
}


def model(notebook: str) -> type[NotebookParameters]:
    try:
        return MODELS[notebook]
    except KeyError:
        raise ParameterError(f"notebook {notebook!r} has no parameter model; notebooks: {', '.join(MODELS)}") from None


# --- describing a model ---------------------------------------------------------------------


def _type_name(annotation: Any) -> str:
    """The annotation as written in the parameters cell and shown by ``papermill --help-notebook``."""
    import typing

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return f"Optional[{_type_name(inner[0])}]"
    if origin is Literal:
        return "str"
    if origin is list:
        return f"list[{_type_name(args[0])}]"
    return annotation.__name__


def _literal(value: Any) -> str:
    """A default as Python source (``None``, ``True``, ``"all"``, ``[1, 2]``)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """``Optional[X]`` -> ``(X, True)``; any other annotation -> ``(annotation, False)``."""
    import typing

    if typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation):
        return next(a for a in typing.get_args(annotation) if a is not type(None)), True
    return annotation, False


def allowed(notebook: str, name: str) -> str:
    """What a parameter accepts, in words (for error messages and ``--help``)."""
    import typing

    field = model(notebook).model_fields[name]
    annotation, optional = _unwrap_optional(field.annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        text = "one of " + ", ".join(repr(a) for a in typing.get_args(annotation))
    elif origin is list:
        inner = typing.get_args(annotation)[0]
        text = f"a list of {'whole numbers' if inner is int else 'strings'}"
    elif annotation is bool:
        text = "true or false"
    elif annotation is int:
        text = "a whole number"
    elif annotation is float:
        text = "a number"
    else:
        text = "a string"
    bounds = []
    for meta in field.metadata:
        for attr, word in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            if getattr(meta, attr, None) is not None:
                bounds.append(f"{word} {getattr(meta, attr)}")
        if getattr(meta, "pattern", None):
            bounds.append("written YYYY-MM-DD")
    if bounds:
        text += " " + " and ".join(bounds)
    if optional:
        text += ", or null"
    return text


def problem(notebook: str, name: str) -> str:
    """What is wrong with a value the model refused, as the notebooks' checks have always said it."""
    import typing

    field = model(notebook).model_fields[name]
    extra = field.json_schema_extra or {}
    if isinstance(extra, dict) and extra.get("message"):
        return str(extra["message"])
    annotation, optional = _unwrap_optional(field.annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        text = f"is not one of {list(typing.get_args(annotation))}"
    elif annotation is bool:
        text = "must be True or False"
    elif annotation is int and any(getattr(m, "ge", None) == 1 for m in field.metadata):
        text = "must be a whole number of at least 1"
    elif annotation is int:
        text = "must be a whole year" if name.endswith("year") else "must be a whole number"
    elif origin is list and typing.get_args(annotation)[0] is int:
        text = "must be a list of whole numbers, e.g. [1, 2]"
    elif origin is list:
        text = 'must be a list of strings, e.g. ["a", "b"]'
    elif any(getattr(m, "pattern", None) for m in field.metadata):
        text = "must be a date written 'YYYY-MM-DD'"
    else:
        text = f"must be {allowed(notebook, name)}"
    return text + (", or null" if optional and not text.endswith("null") else "")


def describe(notebook: str) -> list[tuple[str, str, str, str]]:
    """``(name, type, default, meaning)`` of each parameter, ``output_dir`` last."""
    m = model(notebook)
    rows = [(n, _type_name(f.annotation), _literal(f.default), f.description or "") for n, f in m.model_fields.items()]
    help_ = OUTPUT_DIR_HELP.replace("<name>", notebook) if notebook == "essay_figures" else OUTPUT_DIR_HELP
    rows.append(("output_dir", "Optional[str]", "None", help_))
    return rows


def parameters_cell(notebook: str) -> str:
    """The source of the notebook's ``parameters`` cell, generated from its model.

    Annotations papermill can show; those naming ``Optional`` are quoted, so the kernel does not
    evaluate them.
    """
    lines = []
    for name, type_, default, meaning in describe(notebook):
        annotation = f'"{type_}"' if "Optional" in type_ else type_
        lines.append(f"{name}: {annotation} = {default}  # {meaning}")
    return "\n".join(lines)


# --- validating -----------------------------------------------------------------------------


def _where(source: str | None) -> str:
    return f"{source}: " if source else ""


def validate(notebook: str, values: dict, *, source: str | None = None, data: bool = True) -> NotebookParameters:
    """Validate parameter ``values`` for ``notebook``; raise :class:`ParameterError` naming the key.

    ``source`` (a file name) starts the message. Names must be Python identifiers and the
    notebook's own parameters: nothing else ever reaches papermill's injected cell.
    """
    m = model(notebook)
    names = list(m.model_fields)
    if not isinstance(values, dict):
        raise ParameterError(f"{_where(source)}parameters must be a mapping of name: value, e.g. {names[0]}: ...")
    for key in values:
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            raise ParameterError(f"{_where(source)}{key!r} is not a parameter name; the parameters of {notebook} are: {', '.join(names)}")
    if "output_dir" in values:
        raise ParameterError(f"{_where(source)}parameter output_dir is set by the build, not by a parameter file")
    unknown = [k for k in values if k not in m.model_fields]
    if unknown:
        raise ParameterError(
            f"{_where(source)}unknown parameter(s) {', '.join(unknown)}; the parameters of {notebook} are: {', '.join(names)}"
        )
    try:
        params = m(**values)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = str(err["loc"][0]) if err["loc"] else names[0]
        raise ParameterError(f"{_where(source)}parameter {key}={values.get(key)!r} {problem(notebook, key)}") from None
    if data:
        try:
            params.check_data()
        except ParameterError as exc:
            raise ParameterError(f"{_where(source)}{exc}") from None
    return params


def read_file(path: str | Path) -> dict:
    """The mapping in a YAML parameter file; :class:`ParameterError` for unreadable or bad YAML."""
    from .paths import relative

    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParameterError(f"{relative(path)}: cannot read the parameter file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ParameterError(f"{relative(path)}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{relative(path)}: parameters must be a mapping of name: value, not a {type(data).__name__}")
    return data


def validate_file(notebook: str, path: str | Path, *, data: bool = True) -> NotebookParameters:
    """Read and validate a parameter file for ``notebook`` (no kernel is started)."""
    from .paths import relative

    return validate(notebook, read_file(path), source=relative(path), data=data)


def check(notebook: str, **values: Any) -> tuple:
    """The notebook's own check (second cell): validated values in the model's order.

    Raises the same :class:`ParameterError` as ``cohen-analysis run``; a single value given for a
    list (``papermill -p bodies HRC``) becomes a one-item list.
    """
    return validate(notebook, values).values()


__all__ = ["MODELS", "NotebookParameters", "allowed", "problem", "check", "describe", "model", "parameters_cell", "read_file", "validate", "validate_file"]
