-- benchmail schema, version 1.
-- Raw bytes are the source of truth: everything else can be rebuilt from raw.

CREATE TABLE lists (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,          -- short name used in URLs: lkml, netdev, misc
  list_id   TEXT                           -- List-Id / X-Mailing-List as seen
);

-- One row per distinct Message-ID. Placeholders (referenced but not yet seen)
-- live in containers, not here.
CREATE TABLE messages (
  id           INTEGER PRIMARY KEY,
  message_id   TEXT NOT NULL UNIQUE,       -- without angle brackets
  synthetic_id INTEGER NOT NULL DEFAULT 0, -- 1 when the mail had no Message-ID (id from SHA-256)
  list_id      INTEGER NOT NULL REFERENCES lists(id),
  thread_id    TEXT NOT NULL,              -- message_id of the thread root (may be a placeholder)
  subject      TEXT NOT NULL DEFAULT '',
  norm_subject TEXT NOT NULL DEFAULT '',   -- "Re: [PATCH v2 3/7] foo" -> "foo"
  is_reply     INTEGER NOT NULL DEFAULT 0, -- subject started with Re:/Aw:/Sv:
  from_name    TEXT NOT NULL DEFAULT '',
  from_addr    TEXT NOT NULL DEFAULT '',
  to_addrs     TEXT NOT NULL DEFAULT '',   -- "Name <addr>, ..." decoded
  cc_addrs     TEXT NOT NULL DEFAULT '',
  date         INTEGER,                    -- unix seconds, UTC
  date_raw     TEXT,                       -- the Date header as written
  date_source  TEXT NOT NULL DEFAULT 'date', -- date | from_line | received | none
  in_reply_to  TEXT,
  refs         TEXT NOT NULL DEFAULT '',   -- References ids, space separated, oldest first
  raw_sha256   TEXT NOT NULL,              -- hex SHA-256 of the exact raw bytes
  raw_size     INTEGER NOT NULL,
  raw          BLOB NOT NULL,              -- raw bytes, raw-deflate compressed
  body_chars   INTEGER NOT NULL DEFAULT 0, -- length of the decoded text body
  imported_at  INTEGER NOT NULL,
  source       TEXT                        -- where it came from (file path, git commit)
);
CREATE INDEX messages_thread ON messages(thread_id, date);
CREATE INDEX messages_list_date ON messages(list_id, date);
CREATE INDEX messages_date ON messages(date);
CREATE INDEX messages_norm_subject ON messages(norm_subject);
CREATE INDEX messages_from ON messages(from_addr);

-- JWZ containers: every id ever seen, real or placeholder, with its parent.
CREATE TABLE containers (
  message_id  TEXT PRIMARY KEY,
  parent_id   TEXT,                        -- container message_id of the parent
  parent_how  TEXT,                        -- refs | in_reply_to | subject | placeholder
  thread_id   TEXT NOT NULL,
  real        INTEGER NOT NULL DEFAULT 0   -- 1 when a message with this id is stored
) WITHOUT ROWID;
CREATE INDEX containers_parent ON containers(parent_id);
CREATE INDEX containers_thread ON containers(thread_id);

-- Full-text index, contentless: the text is rebuilt from raw when needed.
-- rowid = messages.id. Columns follow the lore prefixes:
-- s: subject, f: sender, t: to, c: cc, nq: own text, q: quoted text.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  subject, sender, to_addrs, cc_addrs, nq, q,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Messages that could not be stored as mail, with their bytes.
CREATE TABLE quarantine (
  id          INTEGER PRIMARY KEY,
  source      TEXT NOT NULL,               -- file path or stream name
  offset      INTEGER,                     -- byte offset in the source
  reason      TEXT NOT NULL,
  raw_sha256  TEXT NOT NULL,
  raw_size    INTEGER NOT NULL,
  raw         BLOB NOT NULL,               -- raw-deflate compressed, possibly truncated to 64 MiB
  at          INTEGER NOT NULL,
  UNIQUE (raw_sha256)
);

-- Benchmark figures extracted from message bodies.
CREATE TABLE figures (
  id                 INTEGER PRIMARY KEY,
  message_id         TEXT NOT NULL REFERENCES messages(message_id) ON DELETE CASCADE,
  seq                INTEGER NOT NULL,     -- order within the message
  value              REAL NOT NULL,
  unit               TEXT NOT NULL,        -- as written
  canonical_value    REAL NOT NULL,
  canonical_unit     TEXT NOT NULL,        -- B, B/s, bit/s, s, Hz, %, x, 1
  kind               TEXT NOT NULL,
  metric             TEXT,
  condition          TEXT,
  tool               TEXT,
  approx             INTEGER NOT NULL DEFAULT 0,
  quoted             INTEGER NOT NULL DEFAULT 0,
  quoted_from        TEXT,
  origin_message_id  TEXT,                 -- message that first said a quoted figure
  origin_figure_id   INTEGER,
  text               TEXT NOT NULL,
  start              INTEGER NOT NULL,     -- offsets into the decoded body
  "end"              INTEGER NOT NULL,
  UNIQUE (message_id, seq)
);
CREATE INDEX figures_message ON figures(message_id);
CREATE INDEX figures_unit_value ON figures(canonical_unit, canonical_value);
CREATE INDEX figures_tool ON figures(tool);
CREATE INDEX figures_kind ON figures(kind);

-- Comparisons and claims ("2x faster", "141.63 vs 74.79 MB/sec").
CREATE TABLE claims (
  id            INTEGER PRIMARY KEY,
  message_id    TEXT NOT NULL REFERENCES messages(message_id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  kind          TEXT NOT NULL,             -- speedup | slowdown | comparison | regression | improvement
  direction     TEXT,                      -- faster | slower | higher | lower | null
  factor        REAL,
  figure_ids    TEXT NOT NULL DEFAULT '[]',-- JSON array of figures.id
  quoted        INTEGER NOT NULL DEFAULT 0,
  quoted_from   TEXT,
  text          TEXT NOT NULL,
  start         INTEGER NOT NULL,
  "end"         INTEGER NOT NULL,
  UNIQUE (message_id, seq)
);
CREATE INDEX claims_message ON claims(message_id);

-- Recipe runs: a figure re-measured on this machine.
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  figure_id     INTEGER,                   -- figures.id at the time of the run
  message_id    TEXT,                      -- the figure's message, to re-link after reextract
  figure_start  INTEGER,
  tool          TEXT NOT NULL,
  command       TEXT NOT NULL,             -- JSON array: argv
  exit_status   INTEGER,
  output        TEXT NOT NULL DEFAULT '',
  figures       TEXT NOT NULL DEFAULT '[]',-- JSON array of parsed figures
  environment   TEXT NOT NULL DEFAULT '{}',-- JSON: uname, cpu, cores, memory, tool version
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE INDEX runs_figure ON runs(figure_id);
CREATE INDEX runs_message ON runs(message_id);

-- Where sync stopped, per list and epoch.
CREATE TABLE sync_state (
  list        TEXT NOT NULL,
  epoch       TEXT NOT NULL,
  last_commit TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (list, epoch)
);
