"""Linkage engine: recognise the same person across reports, and say why.

Public API (everything else lives in ``_internal`` and may change):

- :func:`normalise` and the per-type normalisers: canonical identifier values.
- :func:`search_keys`: every identifier reading of a free-text search entry.
- :func:`name_tokens`: a name as comparable tokens.
- :func:`prepare` -> :class:`Record`: one mention normalised for linking (with its issues).
- :class:`GenericValues`: values that never link (999, helplines, ...), and the threshold of
  distinct people above which an identifier counts as generic.
- :func:`blocking_keys`, :class:`CandidateIndex` (implemented by the app), :func:`find_candidates`,
  :class:`InMemoryIndex`, :class:`SqliteIndex`.
- :class:`Model` (versioned JSON; :func:`load_model` validates, :class:`ModelHolder` keeps the
  previous model on a bad file), :func:`default_model`.
- :func:`score_pair` -> :class:`Score` with :class:`FieldExplanation` per field;
  :func:`link_record` -> :class:`LinkResult` (the online path).
- :func:`cluster` -> :class:`Assignment`: stable person ids with merge/split decisions.
- :func:`link_file`: the file command (``python -m engines.linkage.link_file``).
"""

from engines.linkage._internal.blocking import (
    CandidateIndex,
    Candidates,
    InMemoryIndex,
    SqliteIndex,
    blocking_keys,
    find_candidates,
    record_from_json,
    record_to_json,
    suppress,
)
from engines.linkage._internal.cluster import (
    Assignment,
    ClusterDecision,
    ScoredPair,
    cluster,
)
from engines.linkage._internal.default_model import DEFAULT_MODEL_DOC, default_model
from engines.linkage._internal.generic import DEFAULT_GENERIC, GenericValues
from engines.linkage._internal.link_file import LinkFileStats, link_file, link_rows
from engines.linkage._internal.model import (
    Comparison,
    Level,
    Model,
    ModelError,
    ModelHolder,
    load_model,
    model_from_json,
    save_model,
)
from engines.linkage._internal.names import (
    are_nicknames,
    birth_year_range,
    dob_swapped,
    metaphone,
    nickname_group,
    nysiis,
    parse_age,
    soundex,
)
from engines.linkage._internal.normalise import (
    MAX_INPUT_CHARS,
    Normalised,
    canonical_platform,
    name_tokens,
    normalise,
    normalise_date_of_birth,
    normalise_device,
    normalise_email,
    normalise_handle,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    normalise_vehicle,
    search_keys,
)
from engines.linkage._internal.online import LinkResult, RecordStore, link_record
from engines.linkage._internal.record import FIELDS, Issue, Record, prepare
from engines.linkage._internal.score import (
    FieldExplanation,
    Score,
    best_score,
    decide,
    match_weight,
    probability_from_weight,
    score_pair,
)

__all__ = [
    "DEFAULT_GENERIC",
    "DEFAULT_MODEL_DOC",
    "FIELDS",
    "MAX_INPUT_CHARS",
    "Assignment",
    "CandidateIndex",
    "Candidates",
    "ClusterDecision",
    "Comparison",
    "FieldExplanation",
    "GenericValues",
    "InMemoryIndex",
    "Issue",
    "Level",
    "LinkFileStats",
    "LinkResult",
    "Model",
    "ModelError",
    "ModelHolder",
    "Normalised",
    "Record",
    "RecordStore",
    "Score",
    "ScoredPair",
    "SqliteIndex",
    "are_nicknames",
    "best_score",
    "birth_year_range",
    "blocking_keys",
    "canonical_platform",
    "cluster",
    "decide",
    "default_model",
    "dob_swapped",
    "find_candidates",
    "link_file",
    "link_record",
    "link_rows",
    "load_model",
    "match_weight",
    "metaphone",
    "model_from_json",
    "name_tokens",
    "nickname_group",
    "normalise",
    "normalise_date_of_birth",
    "normalise_device",
    "normalise_email",
    "normalise_handle",
    "normalise_name",
    "normalise_phone",
    "normalise_postcode",
    "normalise_vehicle",
    "nysiis",
    "parse_age",
    "prepare",
    "probability_from_weight",
    "record_from_json",
    "record_to_json",
    "save_model",
    "score_pair",
    "search_keys",
    "soundex",
    "suppress",
]
