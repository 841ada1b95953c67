"""The glossary store: one SQLite file holding the entries, the evidence behind them and every change made to them.

Design (why it is built this way):
- Decisions are never lost: extraction only adds evidence; status, French form and notes change only through
  `update` (review import, `glossalign import`), and every change is written to `history` (who, when, old → new).
- Evidence is stored per *batch* — the set of source documents one extraction ran on — and the entry's counts
  are the sum over batches. Re-running on the same sources replaces that batch's row with identical values, so
  it changes nothing; running on new documents adds a batch and the counts grow. (Re-running on a superset that
  includes earlier documents counts those documents twice; run on the same set or on new documents only.)
- A (Chinese, French) pair is remembered forever in `keys`, also after a reviewer renamed the French term, so
  a rejected or edited pair that extraction proposes again lands on the entry that holds the decision.
- WAL mode and a busy timeout let readers work while one writer writes; writers take the lock at the start of
  their transaction (BEGIN IMMEDIATE), so a second writer waits, then gets a clear InputError.
"""
from __future__ import annotations

import json
import sqlite3
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Iterator

from align.errors import InputError

from .types import STATUSES, Example, GlossaryEntry, Synonym, TermCandidate

SCHEMA_VERSION = 2  # 2: entries.synonyms
APPLICATION_ID = 0x474C5341  # "GLSA" in the SQLite header: marks the file as a glossary store
MAX_EXAMPLES = 3
DEFAULT_TIMEOUT = 10.0  # seconds a writer waits for another one before giving up
_SQLITE_MAGIC = b"SQLite format 3\x00"

# Fields a person decides; changes to them are what stale-export detection looks at.
DECISION_FIELDS = ("zh", "fr", "status", "kind", "notes", "domain", "synonyms")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    zh TEXT NOT NULL,
    fr TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'approved', 'rejected', 'deprecated')),
    kind TEXT NOT NULL DEFAULT 'term',
    score REAL NOT NULL DEFAULT 0,
    zh_freq INTEGER NOT NULL DEFAULT 0,
    fr_freq INTEGER NOT NULL DEFAULT 0,
    pairs INTEGER NOT NULL DEFAULT 0,
    variants TEXT NOT NULL DEFAULT '{}',
    examples TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL DEFAULT '{}',
    sources TEXT NOT NULL DEFAULT '[]',
    former TEXT NOT NULL DEFAULT '[]',
    domain TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    synonyms TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entries_status ON entries (status);
CREATE INDEX entries_zh ON entries (zh);
CREATE TABLE keys (
    zh TEXT NOT NULL,
    fr TEXT NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES entries (id),
    PRIMARY KEY (zh, fr)
) WITHOUT ROWID;
CREATE TABLE batches (
    entry_id INTEGER NOT NULL REFERENCES entries (id),
    batch TEXT NOT NULL,
    zh_freq INTEGER NOT NULL,
    fr_freq INTEGER NOT NULL,
    pairs INTEGER NOT NULL,
    score REAL NOT NULL,
    variants TEXT NOT NULL,
    examples TEXT NOT NULL,
    evidence TEXT NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (entry_id, batch)
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT
);
CREATE INDEX history_entry ON history (entry_id, at);
"""


@dataclass
class MergeReport:
    """What one `merge_candidates` call did."""

    candidates: int = 0
    added: int = 0  # new proposed entries
    updated: int = 0  # existing entries whose evidence or counts changed
    unchanged: int = 0
    kept_decisions: int = 0  # candidates that landed on an approved/rejected/deprecated entry (status kept)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


@dataclass
class Change:
    """One row of an entry's history."""

    entry_id: int
    who: str
    at: str
    field: str
    old: str | None
    new: str | None


class StoreConflict(ValueError):
    """An update would give an entry the (zh, fr) pair another entry already holds."""

    def __init__(self, zh: str, fr: str, other_id: int):
        self.zh, self.fr, self.other_id = zh, fr, other_id
        super().__init__(f"{zh} → {fr} is already entry {other_id}")


_last_stamp: datetime | None = None


def now_stamp() -> str:
    """Current UTC time as a fixed-width ISO string; strictly increasing within this process."""
    global _last_stamp
    now = datetime.now(timezone.utc)
    if _last_stamp is not None and now <= _last_stamp:
        now = _last_stamp + timedelta(microseconds=1)
    _last_stamp = now
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def batch_key(sources: Iterable[str]) -> str:
    """The key under which one extraction run's evidence is stored: its sorted source documents."""
    return "\n".join(sorted({str(s) for s in sources}))


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _examples_to_json(examples: Iterable[Example]) -> list[dict]:
    return [{"pair_id": e.pair_id, "zh": e.zh, "fr": e.fr, "source": e.source} for e in examples]


def _examples_from_json(raw: str) -> list[Example]:
    return [Example(int(e.get("pair_id", 0)), e.get("zh", ""), e.get("fr", ""), e.get("source", ""))
            for e in json.loads(raw)]


def synonyms_to_json(synonyms: Iterable[Synonym]) -> str:
    """Synonyms as the canonical JSON text the store keeps (and compares)."""
    return _dumps([{"lang": s.lang, "text": s.text, "type": s.type} for s in synonyms])


def synonyms_from_json(raw: str) -> list[Synonym]:
    return [Synonym(s.get("lang", ""), s.get("text", ""), s.get("type", "abbreviation")) for s in json.loads(raw or "[]")]


def _is_lock_error(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class GlossaryStore:
    """The glossary store in one SQLite file; use as a context manager."""

    def __init__(self, path: str | Path, *, create: bool = True, timeout: float = DEFAULT_TIMEOUT):
        self.path = Path(path)
        self.timeout = timeout
        self._depth = 0
        self._conn: sqlite3.Connection | None = None
        self._open(create)

    # -- opening ------------------------------------------------------------------------------------
    def _open(self, create: bool) -> None:
        path = self.path
        if path.is_dir():
            raise InputError(path, "is a folder, not a glossary store")
        exists = path.exists() and path.stat().st_size > 0
        if not path.exists() and not create:
            raise InputError(path, "no glossary store here (run `glossalign extract` or `glossalign import` "
                                   "first, or pass --db)")
        if exists:
            with open(path, "rb") as handle:
                if handle.read(16) != _SQLITE_MAGIC:
                    raise InputError(path, "not a glossary store (not an SQLite database)")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise InputError(path, f"cannot open the glossary store: {error}") from error
        self._conn = conn
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not self._is_initialised():
                if not create:
                    raise InputError(path, "not a glossary store")
                self._initialise()
            self._check_version()
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            conn.close()
            self._conn = None
            if _is_lock_error(error):
                raise self._locked_error() from error
            raise InputError(path, f"not a glossary store ({error})") from error
        except sqlite3.DatabaseError as error:
            conn.close()
            self._conn = None
            raise InputError(path, f"not a glossary store ({error})") from error
        except BaseException:
            conn.close()
            self._conn = None
            raise

    def _is_initialised(self) -> bool:
        """True for a glossary store; False for an empty SQLite file; InputError for any other database."""
        app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return True
        tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != 0 or tables:
            raise InputError(self.path, "an SQLite database, but not a glossary store")
        return False

    def _initialise(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA journal_mode = WAL")
        self._begin()
        try:
            # Another process may have created it while we waited for the lock.
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise InputError(self.path, "an SQLite database, but not a glossary store")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                meta = {"schema_version": str(SCHEMA_VERSION), "store_id": uuid.uuid4().hex,
                        "created": now_stamp(), "sources": "[]", "model": ""}
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _check_version(self) -> None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise InputError(self.path, f"glossary store version {version} was written by a newer glossalign; "
                                        "upgrade glossalign to use it")
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring a store written by an older glossalign up to SCHEMA_VERSION, in one transaction."""
        conn = self._conn
        self._begin()
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0  # another process may have migrated it meanwhile
            columns = {r[1] for r in conn.execute("PRAGMA table_info(entries)")}
            if version < 2 and "synonyms" not in columns:
                conn.execute("ALTER TABLE entries ADD COLUMN synonyms TEXT NOT NULL DEFAULT '[]'")
            if version < SCHEMA_VERSION:
                self._set_meta("schema_version", str(SCHEMA_VERSION))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _locked_error(self) -> InputError:
        return InputError(self.path, f"the glossary store is busy: another glossalign command is writing to it "
                                     f"(waited {self.timeout:g} s); try again when it has finished")

    # -- lifetime -----------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "GlossaryStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the glossary store is closed")
        return self._conn

    def _begin(self) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _is_lock_error(error):
                raise self._locked_error() from error
            raise

    @contextmanager
    def transaction(self) -> Iterator["GlossaryStore"]:
        """One write transaction: all changes inside are applied together or not at all. Nests."""
        conn = self.conn
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            conn.execute("ROLLBACK")
            if _is_lock_error(error):
                raise self._locked_error() from error
            raise

    # -- metadata -----------------------------------------------------------------------------------
    def _meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def about(self) -> dict:
        """Metadata for reports and exports: store id and path, sources, model, created, counts per status."""
        meta = self._meta()
        counts = {status: 0 for status in STATUSES}
        for status, n in self.conn.execute("SELECT status, count(*) FROM entries GROUP BY status"):
            counts[status] = n
        return {
            "store_id": meta.get("store_id", ""),
            "db": str(self.path),
            "created": meta.get("created", ""),
            "updated": meta.get("updated", ""),
            "sources": json.loads(meta.get("sources", "[]")),
            "model": meta.get("model", ""),
            "schema_version": int(meta.get("schema_version", 0)),
            "zh_lang": meta.get("zh_lang", "zh-CN"),
            "fr_lang": meta.get("fr_lang", "fr-FR"),
            "counts": counts,
            "entries": sum(counts.values()),
        }

    def set_languages(self, zh_lang: str, fr_lang: str) -> None:
        """The language tags exports write for this glossary (zh-TW for Traditional Chinese …)."""
        meta = self._meta()
        if (meta.get("zh_lang"), meta.get("fr_lang")) != (zh_lang, fr_lang):
            with self.transaction():
                self._set_meta("zh_lang", zh_lang)
                self._set_meta("fr_lang", fr_lang)

    # -- reading ------------------------------------------------------------------------------------
    _COLUMNS = ("id, zh, fr, status, kind, score, zh_freq, fr_freq, pairs, variants, examples, evidence, "
                "sources, domain, notes, reviewer, created, updated, synonyms")

    @staticmethod
    def _entry(row) -> GlossaryEntry:
        (id_, zh, fr, status, kind, score, zh_freq, fr_freq, pairs, variants, examples, evidence, sources,
         domain, notes, reviewer, created, updated, synonyms) = row
        return GlossaryEntry(zh=zh, fr=fr, status=status, id=id_, kind=kind, score=score, zh_freq=zh_freq,
                             fr_freq=fr_freq, pairs=pairs, variants=json.loads(variants),
                             examples=_examples_from_json(examples), evidence=json.loads(evidence),
                             sources=json.loads(sources), domain=domain, notes=notes, reviewer=reviewer,
                             created=created, updated=updated, synonyms=synonyms_from_json(synonyms))

    def entries(self, status: str | Iterable[str] | None = None, *, min_score: float | None = None
                ) -> list[GlossaryEntry]:
        """Entries, best score first; `status` filters by one status or several (None or "all": every one)."""
        where, args = [], []
        statuses = parse_statuses(status)
        if statuses is not None:
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            args.extend(statuses)
        if min_score is not None:
            where.append("score >= ?")
            args.append(min_score)
        sql = f"SELECT {self._COLUMNS} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY score DESC, zh, fr, id"
        return [self._entry(row) for row in self.conn.execute(sql, args)]

    def get(self, entry_id: int) -> GlossaryEntry | None:
        """The entry with this id, or None."""
        row = self.conn.execute(f"SELECT {self._COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return self._entry(row) if row else None

    def find(self, zh: str, fr: str) -> int | None:
        """The id of the entry known under this (zh, fr) pair, current or former, or None."""
        row = self.conn.execute("SELECT entry_id FROM keys WHERE zh = ? AND fr = ?", pair_key(zh, fr)).fetchone()
        return row[0] if row else None

    def history(self, entry_id: int) -> list[Change]:
        """Every change made to an entry, oldest first."""
        rows = self.conn.execute("SELECT entry_id, who, at, field, old, new FROM history WHERE entry_id = ? "
                                 "ORDER BY at, id", (entry_id,))
        return [Change(*row) for row in rows]

    def changes_since(self, entry_id: int, stamp: str, fields: Iterable[str] = DECISION_FIELDS
                      ) -> dict[str, Change]:
        """Per field changed after `stamp`: its first change since then (so `.old` is the value at `stamp`)."""
        wanted = set(fields)
        first: dict[str, Change] = {}
        for change in self.history(entry_id):
            if change.at > stamp and change.field in wanted and change.field not in first:
                first[change.field] = change
        return first

    def count(self) -> int:
        """Number of entries."""
        return self.conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    # -- writing ------------------------------------------------------------------------------------
    def _log(self, entry_id: int, who: str, at: str, field_name: str, old, new) -> None:
        self.conn.execute("INSERT INTO history (entry_id, who, at, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                          (entry_id, who, at, field_name, None if old is None else str(old),
                           None if new is None else str(new)))

    def _insert(self, zh: str, fr: str, *, status: str, kind: str, who: str, at: str,
                notes: str = "", domain: str = "", synonyms: Iterable[Synonym] = ()) -> int:
        cursor = self.conn.execute(
            "INSERT INTO entries (zh, fr, status, kind, notes, domain, reviewer, created, updated, synonyms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (zh, fr, status, kind or "term", notes, domain, who if status != "proposed" else "", at, at,
             synonyms_to_json(_unique(synonyms))))
        entry_id = cursor.lastrowid
        self.conn.execute("INSERT INTO keys (zh, fr, entry_id) VALUES (?, ?, ?)", (*pair_key(zh, fr), entry_id))
        self._log(entry_id, who, at, "created", None, f"{zh} → {fr} ({status})")
        return entry_id

    def _put_batch(self, entry_id: int, batch: str, *, zh_freq: int, fr_freq: int, pairs: int, score: float,
                   variants: dict, examples: list[Example], evidence: dict, sources: list[str]) -> bool:
        """Store one batch's evidence for an entry; True when it differs from what was there."""
        row = (int(zh_freq), int(fr_freq), int(pairs), round(float(score), 6), _dumps(variants),
               _dumps(_examples_to_json(examples)), _dumps(evidence), _dumps(sorted(sources)))
        old = self.conn.execute("SELECT zh_freq, fr_freq, pairs, score, variants, examples, evidence, sources "
                                "FROM batches WHERE entry_id = ? AND batch = ?", (entry_id, batch)).fetchone()
        if old == row:
            return False
        self.conn.execute("INSERT OR REPLACE INTO batches (entry_id, batch, zh_freq, fr_freq, pairs, score, "
                          "variants, examples, evidence, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (entry_id, batch, *row))
        return True

    def _refresh(self, entry_id: int, *, who: str, at: str) -> bool:
        """Recompute an entry's counts and evidence from its batches; True (and logged) when they changed."""
        conn = self.conn
        zh_freq = fr_freq = pairs = 0
        score = 0.0
        variants: dict[str, int] = {}
        evidence: dict[str, float] = {}
        examples: list[dict] = []
        sources: list[str] = []
        seen_examples = set()
        for b_zh, b_fr, b_pairs, b_score, b_variants, b_examples, b_evidence, b_sources in conn.execute(
                "SELECT zh_freq, fr_freq, pairs, score, variants, examples, evidence, sources FROM batches "
                "WHERE entry_id = ? ORDER BY batch", (entry_id,)):
            zh_freq += b_zh
            fr_freq += b_fr
            pairs += b_pairs
            score = max(score, b_score)
            for form, n in json.loads(b_variants).items():
                variants[form] = variants.get(form, 0) + int(n)
            for kind, value in json.loads(b_evidence).items():
                evidence[kind] = max(evidence.get(kind, value), value)
            for example in json.loads(b_examples):
                key = (example["zh"], example["fr"])
                if key not in seen_examples and len(examples) < MAX_EXAMPLES:
                    seen_examples.add(key)
                    examples.append(example)
            sources.extend(s for s in json.loads(b_sources) if s not in sources)
        old = conn.execute("SELECT zh_freq, fr_freq, pairs, score, variants, examples, evidence, sources, former, "
                           "fr FROM entries WHERE id = ?", (entry_id,)).fetchone()
        for form in json.loads(old[8]):  # French forms a reviewer replaced stay visible as variants
            if form != old[9]:
                variants.setdefault(form, 0)
        new = (zh_freq, fr_freq, pairs, score, _dumps(variants), _dumps(examples), _dumps(evidence),
               _dumps(sources))
        if tuple(old[:8]) == new:
            return False
        conn.execute("UPDATE entries SET zh_freq = ?, fr_freq = ?, pairs = ?, score = ?, variants = ?, "
                     "examples = ?, evidence = ?, sources = ?, updated = ? WHERE id = ?", (*new, at, entry_id))
        if tuple(old[:4]) != new[:4]:
            self._log(entry_id, who, at, "counts", _counts_text(old[:4]), _counts_text(new[:4]))
        return True

    def merge_candidates(self, candidates: list[TermCandidate], *, sources: list[str], model: str = "",
                         who: str = "extract") -> MergeReport:
        """Merge extraction output in one transaction: new pairs become proposed, decisions stay, counts add up."""
        batch = batch_key(sources)
        merged = _combine(candidates)
        report = MergeReport(candidates=len(merged))
        with self.transaction():
            at = now_stamp()
            for cand in merged:
                entry_id = self.find(cand.zh, cand.fr)
                is_new = entry_id is None
                if is_new:
                    entry_id = self._insert(cand.zh, cand.fr, status="proposed", kind=cand.kind, who=who, at=at,
                                            synonyms=cand.synonyms)
                elif cand.synonyms:
                    self._add_synonyms(entry_id, cand.synonyms, who=who, at=at)
                self._put_batch(entry_id, batch, zh_freq=cand.zh_freq, fr_freq=cand.fr_freq, pairs=cand.pairs,
                                score=cand.score, variants=cand.variants, examples=cand.examples,
                                evidence=cand.evidence, sources=list(sources))
                refreshed = self._refresh(entry_id, who=who, at=at)
                if is_new:
                    report.added += 1
                elif refreshed:
                    report.updated += 1
                else:
                    report.unchanged += 1
                if not is_new:
                    status = self.conn.execute("SELECT status FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
                    if status != "proposed":
                        report.kept_decisions += 1
            meta = self._meta()
            known = json.loads(meta.get("sources", "[]"))
            union = known + [s for s in map(str, sources) if s not in known]
            if union != known:
                self._set_meta("sources", _dumps(union))
            if model and meta.get("model") != model:
                self._set_meta("model", model)
            if report.changed:
                self._set_meta("updated", at)
        return report

    def add(self, entry: GlossaryEntry, *, who: str, batch: str | None = None) -> int:
        """Insert a new entry (from an import or a row a reviewer added); its counts go under `batch`."""
        if entry.status not in STATUSES:
            raise ValueError(f"invalid status {entry.status!r}")
        with self.transaction():
            other = self.find(entry.zh, entry.fr)
            if other is not None:
                raise StoreConflict(entry.zh, entry.fr, other)
            at = now_stamp()
            entry_id = self._insert(entry.zh, entry.fr, status=entry.status, kind=entry.kind, who=who, at=at,
                                    notes=entry.notes, domain=entry.domain, synonyms=entry.synonyms)
            if batch is not None:
                self.put_evidence(entry_id, entry, batch=batch, who=who)
        return entry_id

    def put_evidence(self, entry_id: int, entry: GlossaryEntry, *, batch: str, who: str) -> bool:
        """Store `entry`'s counts, variants and examples as batch `batch` of an entry; True when it changed."""
        with self.transaction():
            changed = self._put_batch(entry_id, batch, zh_freq=entry.zh_freq, fr_freq=entry.fr_freq,
                                      pairs=entry.pairs, score=entry.score, variants=entry.variants,
                                      examples=entry.examples, evidence=entry.evidence,
                                      sources=list(entry.sources))
            return self._refresh(entry_id, who=who, at=now_stamp()) or changed

    def _add_synonyms(self, entry_id: int, synonyms: Iterable[Synonym], *, who: str, at: str) -> None:
        """Extraction's synonyms join an undecided entry's; a reviewed entry keeps the synonyms its reviewer left."""
        status, raw = self.conn.execute("SELECT status, synonyms FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if status != "proposed":
            return
        old = synonyms_from_json(raw)
        new = _unique([*old, *synonyms])
        if new != old:
            self.conn.execute("UPDATE entries SET synonyms = ?, updated = ? WHERE id = ?",
                              (synonyms_to_json(new), at, entry_id))
            self._log(entry_id, who, at, "synonyms", raw, synonyms_to_json(new))

    def update(self, entry_id: int, *, who: str, **fields) -> list[str]:
        """Change decision fields (zh, fr, status, kind, notes, domain) of one entry; returns the changed ones.

        A new French form keeps the old one as a variant; a status change records `who` as reviewer.
        """
        unknown = set(fields) - set(DECISION_FIELDS)
        if unknown:
            raise TypeError(f"cannot update {', '.join(sorted(unknown))}")
        if "synonyms" in fields and not isinstance(fields["synonyms"], str):
            fields["synonyms"] = synonyms_to_json(_unique(fields["synonyms"]))
        if "status" in fields and fields["status"] not in STATUSES:
            raise ValueError(f"invalid status {fields['status']!r}; use one of {', '.join(STATUSES)}")
        with self.transaction():
            conn = self.conn
            row = conn.execute(f"SELECT {', '.join(DECISION_FIELDS)}, former FROM entries WHERE id = ?",
                               (entry_id,)).fetchone()
            if row is None:
                raise KeyError(entry_id)
            current = dict(zip(DECISION_FIELDS, row[:-1]))
            changes = {k: ("" if v is None else str(v)) for k, v in fields.items() if str(v or "") != current[k]}
            if not changes:
                return []
            zh, fr = changes.get("zh", current["zh"]), changes.get("fr", current["fr"])
            if "zh" in changes or "fr" in changes:
                if not zh.strip() or not fr.strip():
                    raise ValueError("a term cannot be empty")
                other = self.find(zh, fr)
                if other is not None and other != entry_id:
                    raise StoreConflict(zh, fr, other)
                if other is None:
                    conn.execute("INSERT INTO keys (zh, fr, entry_id) VALUES (?, ?, ?)", (*pair_key(zh, fr), entry_id))
            at = now_stamp()
            sets = dict(changes)
            if "fr" in changes:
                former = json.loads(row[-1])
                if current["fr"] not in former:
                    former.append(current["fr"])
                sets["former"] = _dumps(former)
            if "status" in changes:
                sets["reviewer"] = who
            sets["updated"] = at
            conn.execute(f"UPDATE entries SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                         (*sets.values(), entry_id))
            for name, value in changes.items():
                self._log(entry_id, who, at, name, current[name], value)
            if "fr" in changes:
                self._refresh(entry_id, who=who, at=at)
                conn.execute("UPDATE entries SET updated = ? WHERE id = ?", (at, entry_id))
            self._set_meta("updated", at)
            return list(changes)


def pair_key(zh: str, fr: str) -> tuple[str, str]:
    """How a (Chinese, French) pair is recognised: Unicode-normalised, case, apostrophes and spacing folded.

    "Association des Avocats" and "association des avocats" are one entry, not two.
    """
    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u02bc", "'")
        return " ".join(text.split()).casefold()

    return fold(zh), fold(fr)


def parse_statuses(status: str | Iterable[str] | None) -> list[str] | None:
    """Normalise a status filter; None means every status."""
    if status is None:
        return None
    wanted = [status] if isinstance(status, str) else list(status)
    wanted = [s.strip().lower() for item in wanted for s in item.split(",") if s.strip()]
    if not wanted or "all" in wanted:
        return None
    bad = [s for s in wanted if s not in STATUSES]
    if bad:
        raise ValueError(f"unknown status {', '.join(bad)}; use {', '.join(STATUSES)} or all")
    return wanted


def _counts_text(counts) -> str:
    zh_freq, fr_freq, pairs, score = counts
    return f"score {score:.3f}, zh {zh_freq}, fr {fr_freq}, pairs {pairs}"


def _unique(synonyms: Iterable[Synonym]) -> list[Synonym]:
    """Synonyms without repeats or empty forms, in their order."""
    seen, out = set(), []
    for synonym in synonyms:
        key = (synonym.lang, synonym.text.strip())
        if synonym.text.strip() and key not in seen:
            seen.add(key)
            out.append(Synonym(synonym.lang, synonym.text.strip(), synonym.type))
    return out


def _combine(candidates: list[TermCandidate]) -> list[TermCandidate]:
    """One candidate per (zh, fr): duplicates in one call are summed, keeping the best score."""
    by_key: dict[tuple[str, str], TermCandidate] = {}
    for cand in candidates:
        if not cand.zh.strip() or not cand.fr.strip():
            continue
        key = pair_key(cand.zh, cand.fr)
        if key not in by_key:
            by_key[key] = TermCandidate(cand.zh, cand.fr, cand.score, cand.kind, cand.zh_freq, cand.fr_freq,
                                        cand.pairs, dict(cand.variants), list(cand.examples), dict(cand.evidence),
                                        list(cand.synonyms))
            continue
        into = by_key[key]
        into.score = max(into.score, cand.score)
        into.zh_freq += cand.zh_freq
        into.fr_freq += cand.fr_freq
        into.pairs += cand.pairs
        for form, n in cand.variants.items():
            into.variants[form] = into.variants.get(form, 0) + n
        into.examples = (into.examples + cand.examples)[:MAX_EXAMPLES]
        into.synonyms = _unique(into.synonyms + list(cand.synonyms))
        for kind, value in cand.evidence.items():
            into.evidence[kind] = max(into.evidence.get(kind, value), value)
    return list(by_key.values())
