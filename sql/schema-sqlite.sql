-- Duet's schema for SQLite, the source of truth: applied at every start-up (idempotent),
-- validated by Hibernate. Times are epoch milliseconds. No chat content is ever stored.

-- Rooms joined by id. expires_at is set while a room is empty: it is removed after that time.
CREATE TABLE IF NOT EXISTS rooms (
  id             VARCHAR(64) NOT NULL PRIMARY KEY,
  created_at     BIGINT      NOT NULL,
  last_active_at BIGINT      NOT NULL,
  expires_at     BIGINT
);

-- Sessions, one per connection. Only a SHA-256 hash of the session token is kept.
CREATE TABLE IF NOT EXISTS sessions (
  session_id   VARCHAR(32) NOT NULL PRIMARY KEY,
  user_id      VARCHAR(64) NOT NULL,
  token_hash   VARCHAR(64) NOT NULL,
  created_at   BIGINT      NOT NULL,
  last_seen_at BIGINT      NOT NULL,
  state        VARCHAR(16) NOT NULL
);

CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
CREATE INDEX IF NOT EXISTS sessions_by_state ON sessions (state, last_seen_at);
