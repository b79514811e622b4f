-- Sluice PostgreSQL transport, schema version 1.
-- Installed by Schema.java inside one transaction under an advisory lock; __SCHEMA__ and
-- __CHANNEL__ are replaced by the (validated) schema name and its notification channel.
-- Design and reasoning: docs/architecture.md, "sluice-postgres".

CREATE TABLE __SCHEMA__.updates (
  -- Insert order. NOT the log order: inserts commit in any order.
  entry      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Log order: assigned after commit by assign_positions(), consecutive, under the log_state row lock.
  -- NULL while the update is committed but not yet sequenced.
  position   bigint UNIQUE,
  -- When it was sequenced, by PostgreSQL's clock; retention by age is measured from here.
  stored_at  timestamptz,
  event_id   text    NOT NULL,
  topics     text[]  NOT NULL,
  data       text    NOT NULL,
  private    boolean NOT NULL,
  type       text,
  retry_ms   bigint
);
-- What assign_positions() looks for: small, because rows leave it once sequenced.
CREATE INDEX updates_pending ON __SCHEMA__.updates (entry) WHERE position IS NULL;
-- Last-Event-ID lookups on any node: the newest update carrying an id.
CREATE INDEX updates_event_id ON __SCHEMA__.updates (event_id, position);

-- One row. Its row lock is the sequencer's mutex; origin makes a recreated log start above the
-- positions of the one it replaces (1,024 positions per millisecond since the epoch).
CREATE TABLE __SCHEMA__.log_state (
  one           boolean PRIMARY KEY DEFAULT true CHECK (one),
  origin        bigint NOT NULL,
  last_position bigint NOT NULL
);
INSERT INTO __SCHEMA__.log_state (origin, last_position)
  SELECT p, p FROM (SELECT (floor(extract(epoch FROM clock_timestamp()) * 1000))::bigint * 1024 AS p) s;

-- Publishing inside the application's own transaction. Returns the update's event id. The row is
-- visible to the hub only when the caller's transaction commits, and the notification is sent
-- by PostgreSQL at that commit; a rollback leaves nothing. Takes no lock besides the insert's.
CREATE FUNCTION __SCHEMA__.publish(topics text[], data text, private boolean DEFAULT false,
    type text DEFAULT NULL, id text DEFAULT NULL, retry int DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
  event_id text := id;
  topic    text;
  millis   bigint;
  bytes    bytea;
BEGIN
  IF topics IS NULL OR cardinality(topics) = 0 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'sluice publish: no topic';
  END IF;
  FOREACH topic IN ARRAY topics LOOP
    IF topic IS NULL OR topic = '' OR topic ~ '[[:cntrl:]]' THEN
      RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = 'sluice publish: invalid topic: empty, null, or has control characters';
    END IF;
  END LOOP;
  IF event_id IS NULL OR event_id = '' THEN
    -- A UUIDv7, as the hub makes: 48 bits of Unix milliseconds, then version, variant, random.
    millis := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    bytes := overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(millis) FROM 3) FROM 1 FOR 6);
    bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112);
    event_id := 'urn:uuid:' || encode(bytes, 'hex')::uuid::text;
  ELSIF left(event_id, 1) = '#' OR event_id = 'earliest' OR event_id ~ '[\r\n]' THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = 'sluice publish: invalid id: must not start with #, be "earliest" or contain CR or LF';
  END IF;
  IF type ~ '[\r\n]' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'sluice publish: invalid type: contains CR or LF';
  END IF;
  IF retry < 0 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'sluice publish: retry < 0';
  END IF;
  INSERT INTO __SCHEMA__.updates (event_id, topics, data, private, type, retry_ms)
    VALUES (event_id, topics, coalesce(data, ''), coalesce(private, false), nullif(type, ''), retry);
  PERFORM pg_notify('__CHANNEL__', 'p');
  RETURN event_id;
END
$fn$;
REVOKE ALL ON FUNCTION __SCHEMA__.publish(text[], text, boolean, text, text, int) FROM PUBLIC;

-- The sequencer (assign_positions): gives committed, unsequenced updates their log positions, in insert order, in
-- one short transaction holding the log_state row lock. Sequencer transactions are therefore
-- serial, and each commits before the next can read log_state: a reader that sees position p
-- sees every position below p. Returns the last position now assigned and how many (0, 0 when
-- none). Trims by count (unless keep is 0) as it goes, at most a little more than it sequenced.
-- The hub's appender calls it inside its own insert transaction (so its rows are numbered with
-- the commit that stores them); readers call it as a transaction of its own.
CREATE FUNCTION __SCHEMA__.assign_positions(max_rows int, keep bigint,
    OUT last bigint, OUT assigned int)
LANGUAGE plpgsql VOLATILE SET lock_timeout = '5s'
AS $fn$
DECLARE
  base bigint;
  now_ts timestamptz;
BEGIN
  last := 0;
  assigned := 0;
  IF EXISTS (SELECT 1 FROM __SCHEMA__.updates WHERE position IS NULL) THEN
    SELECT s.last_position INTO base FROM __SCHEMA__.log_state s FOR UPDATE;
    -- A new statement, a new snapshot: every sequencer before us has committed and is visible.
    now_ts := clock_timestamp();
    WITH pending AS (
      SELECT u.entry, row_number() OVER (ORDER BY u.entry) AS n
      FROM __SCHEMA__.updates u WHERE u.position IS NULL ORDER BY u.entry LIMIT max_rows)
    UPDATE __SCHEMA__.updates u SET position = base + p.n, stored_at = now_ts
      FROM pending p WHERE u.entry = p.entry;
    GET DIAGNOSTICS assigned = ROW_COUNT;
    IF assigned > 0 THEN
      last := base + assigned;
      UPDATE __SCHEMA__.log_state SET last_position = last;
      PERFORM pg_notify('__CHANNEL__', 's');
    END IF;
  END IF;
  IF assigned > 0 AND keep > 0 THEN
    DELETE FROM __SCHEMA__.updates WHERE position IN (
      SELECT u.position FROM __SCHEMA__.updates u
      WHERE u.position IS NOT NULL AND u.position <= last - keep
      ORDER BY u.position LIMIT assigned + 100);
  END IF;
END
$fn$;

-- Retention (apply_retention), run by every node once per maintenance interval: removes the oldest sequenced
-- updates beyond `keep` or older than `max_age_ms` (0: no age limit), at most max_rows per call.
-- Holds the log_state lock so that it never deadlocks with the sequencer's own trimming.
CREATE FUNCTION __SCHEMA__.apply_retention(keep bigint, max_age_ms bigint, max_rows int)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET lock_timeout = '5s'
AS $fn$
DECLARE
  tail bigint;
  upto bigint;
  aged bigint;
  removed bigint;
BEGIN
  SELECT s.last_position INTO tail FROM __SCHEMA__.log_state s FOR UPDATE;
  upto := tail - keep;
  IF max_age_ms > 0 THEN
    -- Positions are sequenced in time order, so the aged updates are a prefix of the log.
    SELECT max(h.position) INTO aged FROM (
      SELECT u.position, u.stored_at FROM __SCHEMA__.updates u
      WHERE u.position IS NOT NULL ORDER BY u.position LIMIT max_rows) h
    WHERE h.stored_at < clock_timestamp() - max_age_ms * interval '1 millisecond';
    upto := greatest(upto, coalesce(aged, upto));
  END IF;
  DELETE FROM __SCHEMA__.updates WHERE position IN (
    SELECT u.position FROM __SCHEMA__.updates u
    WHERE u.position IS NOT NULL AND u.position <= upto ORDER BY u.position LIMIT max_rows);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END
$fn$;
