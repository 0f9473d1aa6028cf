"""The SQLite schema: one list of statements, applied idempotently on open.

Documented for users in ``docs/schema.md``; keep the two in step.
"""

SCHEMA_VERSION = 1

DDL: list[str] = [
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS articles (
        article_id TEXT PRIMARY KEY,
        source_path TEXT,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        date_source TEXT,
        authors TEXT,            -- JSON list
        text TEXT NOT NULL,
        word_count INTEGER,
        language TEXT,
        text_hash TEXT NOT NULL UNIQUE,
        analyzed_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet)",
    "CREATE INDEX IF NOT EXISTS articles_published ON articles(published)",
    # The explorer's coverage chart and "not in a story yet" list read this index alone.
    "CREATE INDEX IF NOT EXISTS articles_timeline ON articles(published, outlet, article_id)",
    # The explorer's browse by outlet: one outlet's articles newest first, without a sort.
    "CREATE INDEX IF NOT EXISTS articles_outlet_date ON articles(outlet, published, article_id)",
    # The explorer's and attention's filter by outlet, as store/queries.py outlet_sql defines it (an
    # unknown outlet: the article's id); the expression must stay the same as outlet_sql("a")'s.
    "CREATE INDEX IF NOT EXISTS articles_source_date ON articles("
    "coalesce(nullif(trim(outlet, char(32, 9, 10, 13)), ''), article_id), published, article_id)",
    """CREATE TABLE IF NOT EXISTS quotes (
        quote_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT,
        speaker_key INTEGER,
        speaker_id TEXT,
        speaker_type TEXT,
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue TEXT,
        cue_lemma TEXT,
        cue_start INTEGER,
        cue_end INTEGER,
        addressee TEXT,
        quoted TEXT               -- JSON list of [start, end]
    )""",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id)",
    "CREATE INDEX IF NOT EXISTS quotes_speaker_id ON quotes(speaker_id)",
    # The explorer's top speakers: counts per speaker without reading statement rows.
    "CREATE INDEX IF NOT EXISTS quotes_speaker_kind ON quotes(speaker_id, kind, article_id)",
    # The explorer's facets and statement counts per article, without reading statement rows.
    "CREATE INDEX IF NOT EXISTS quotes_article_facets ON quotes(article_id, kind, speaker_id, speaker)",
    """CREATE TABLE IF NOT EXISTS local_entities (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        key INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT,
        aliases TEXT,             -- JSON list
        roles TEXT,               -- JSON list
        entity_id TEXT,           -- set by the corpus phase
        PRIMARY KEY (article_id, key)
    )""",
    "CREATE INDEX IF NOT EXISTS local_entities_entity ON local_entities(entity_id)",
    """CREATE TABLE IF NOT EXISTS mentions (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_key INTEGER,
        PRIMARY KEY (article_id, start, "end")
    )""",
    """CREATE TABLE IF NOT EXISTS entities (
        entity_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT,
        aliases TEXT,             -- JSON list
        roles TEXT                -- JSON list ("President", …), added by the linking issue
    )""",
    """CREATE TABLE IF NOT EXISTS claims (
        claim_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL,
        value_low REAL,
        value_high REAL,
        unit TEXT,
        about TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id)",
    """CREATE TABLE IF NOT EXISTS loaded (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        category TEXT NOT NULL,
        PRIMARY KEY (article_id, start, "end")
    )""",
    """CREATE TABLE IF NOT EXISTS stories (
        story_id TEXT PRIMARY KEY,
        title TEXT,
        first_date TEXT,
        last_date TEXT
    )""",
    # The explorer's story list, newest first, paged without a sort (store/queries.py _STORY_ORDER).
    "CREATE INDEX IF NOT EXISTS stories_recent ON stories(last_date IS NULL, last_date DESC, story_id)",
    """CREATE TABLE IF NOT EXISTS story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        story_id TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id)",
    """CREATE TABLE IF NOT EXISTS links (
        quote_a TEXT NOT NULL,
        quote_b TEXT NOT NULL,
        relation TEXT NOT NULL,
        diff TEXT,                -- JSON list of [op, words]
        PRIMARY KEY (quote_a, quote_b)
    )""",
    "CREATE INDEX IF NOT EXISTS links_b ON links(quote_b)",
    """CREATE TABLE IF NOT EXISTS signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    # Corpus-phase indexes (link/): persisted so new articles join without recomputing.
    """CREATE TABLE IF NOT EXISTS story_bands (
        band INTEGER NOT NULL,       -- MinHash LSH band number
        bucket INTEGER NOT NULL,     -- hash of the band's values
        article_id TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS story_bands_bucket ON story_bands(band, bucket)",
    """CREATE TABLE IF NOT EXISTS term_df (
        term TEXT PRIMARY KEY,       -- story term -> number of articles holding it (for idf)
        df INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS quote_shingles (
        shingle INTEGER NOT NULL,    -- hash of a word 4-gram of a statement
        quote_id TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS quote_shingles_shingle ON quote_shingles(shingle)",
    """CREATE TABLE IF NOT EXISTS entity_keys (
        key TEXT NOT NULL,           -- "full:bashar assad", "last:assad", "org:united nations"
        entity_id TEXT NOT NULL,
        weight INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (key, entity_id)
    )""",
    """CREATE TABLE IF NOT EXISTS pending (
        article_id TEXT PRIMARY KEY    -- analysed, not yet placed by the corpus phase
    )""",
    """CREATE TABLE IF NOT EXISTS outlet_meta (
        outlet TEXT PRIMARY KEY,     -- as articles.outlet spells it
        country TEXT,
        owner TEXT,
        lean TEXT,
        extra TEXT NOT NULL DEFAULT '[]',  -- JSON [[column, value], ...]: the file's other columns, as given
        source TEXT,                 -- the file the row came from
        loaded_at TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS skipped (
        source_path TEXT NOT NULL,
        record TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        seen_at TEXT,
        PRIMARY KEY (source_path, record)
    )""",
    # Corrections by hand (store/corrections.py, docs/schema.md): the log, never deleted, and what
    # applying it changed now (rebuilt after every corpus phase and every correction).
    """CREATE TABLE IF NOT EXISTS corrections (
        id INTEGER PRIMARY KEY,      -- 1, 2, 3… in the order made
        action TEXT NOT NULL,        -- merge, split, reassign, reject, undo
        target TEXT NOT NULL,        -- speaker ref (merge), statement id (split, reassign, reject), id (undo)
        value TEXT,                  -- the speaker ref the target's statements get (merge, split, reassign)
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        why TEXT NOT NULL,
        target_name TEXT,            -- the speaker's name, or the statement's text, when made
        target_type TEXT,            -- the speaker's type when made (merge)
        value_name TEXT              -- the name of speaker ``value`` when made
    )""",
    """CREATE TABLE IF NOT EXISTS corrected_quotes (
        quote_id TEXT PRIMARY KEY,   -- a statement whose speaker a correction changed
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        speaker TEXT,                -- the values the analysis gave it, put back before re-applying
        speaker_id TEXT,
        speaker_type TEXT,
        correction_id INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS rejected_quotes (
        quote_id TEXT PRIMARY KEY,   -- a statement marked wrong: kept here, out of ``quotes``
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        quote_rowid INTEGER,
        row TEXT NOT NULL,           -- JSON object: the ``quotes`` row
        correction_id INTEGER NOT NULL
    )""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid'
    )""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
        text, speaker, content='quotes', content_rowid='rowid'
    )""",
    # Keep the full-text indexes in step with their tables.
    """CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.rowid, old.text, old.speaker);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_au AFTER UPDATE OF speaker ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.rowid, old.text, old.speaker);
        INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
    END""",
]

#: Export contract: table name -> (column order). Later issues fill rows; the
#: files and fields exist from the start.
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id", "source_path", "url", "outlet", "title", "published",
                 "date_source", "authors", "text", "word_count", "language"),
    "quotes": ("quote_id", "article_id", "start", "end", "text", "kind", "speaker",
               "speaker_id", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
               "speaker_type", "cue_lemma", "addressee"),
    "entities": ("entity_id", "name", "type", "aliases", "roles"),
    "mentions": ("article_id", "entity_id", "start", "end", "text", "kind"),
    "stories": ("story_id", "title", "article_ids", "first_date", "last_date"),
    "links": ("quote_a", "quote_b", "relation", "diff"),
    "claims": ("claim_id", "article_id", "start", "end", "text", "value", "value_low",
               "value_high", "unit", "about"),
    "loaded": ("article_id", "start", "end", "text", "category"),
    "skipped": ("source_path", "record", "reason"),
    "corrections": ("id", "action", "target", "value", "who", "at", "why", "target_name", "target_type",
                    "value_name", "undone_by", "status"),
    "outlet_meta": ("outlet", "country", "owner", "lean", "extra", "source"),
}

#: Every correction with ``undone_by`` (the undo that withdrew it) and ``applied`` (statements it
#: changes now): read by store/corrections.py and by the ``corrections`` export.
CORRECTIONS_SQL = (
    "SELECT c.id, c.action, c.target, c.value, c.who, c.at, c.why, c.target_name, c.target_type, c.value_name,"
    " (SELECT min(u.id) FROM corrections u WHERE u.action = 'undo' AND u.target = CAST(c.id AS TEXT)) AS undone_by,"
    " (SELECT count(*) FROM corrected_quotes cq WHERE cq.correction_id = c.id)"
    " + (SELECT count(*) FROM rejected_quotes r WHERE r.correction_id = c.id) AS applied"
    " FROM corrections c ORDER BY c.id"
)
