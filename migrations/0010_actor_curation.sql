-- Curating actors: the roles an actor held, and what a merge of two actors changed, kept so that
-- SplitActor can undo it.

-- Roles with when ("transitional president" from "2021"): ISO 8601 calendar dates of the
-- precision known ("2021", "2021-05", "2021-05-24"; '' when unknown), checked by the service.
-- The organization is the actor the role was held in; such a role keeps that actor from being
-- deleted.
CREATE TABLE actor_roles (
  actor_id        bigint NOT NULL REFERENCES actors (id),
  ordinal         integer NOT NULL,
  role            text NOT NULL CHECK (role <> ''),
  organization_id bigint REFERENCES actors (id),
  start_date      text NOT NULL DEFAULT '',
  end_date        text NOT NULL DEFAULT '',
  PRIMARY KEY (actor_id, ordinal)
);
CREATE INDEX actor_roles_organization_idx ON actor_roles (organization_id)
  WHERE organization_id IS NOT NULL;

-- One row per merge of actor merged_id into into_id; split_time is set when SplitActor undid it.
-- At most one merge of an actor is open at a time (a tombstone is merged once).
CREATE TABLE actor_merges (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  merged_id  bigint NOT NULL REFERENCES actors (id),
  into_id    bigint NOT NULL REFERENCES actors (id),
  merge_time timestamptz NOT NULL DEFAULT now(),
  split_time timestamptz
);
CREATE UNIQUE INDEX actor_merges_open_idx ON actor_merges (merged_id) WHERE split_time IS NULL;

-- The merged actor's names as they were: restored by a split. `added`: the merge gave the name
-- to the survivor (false when the survivor had it already), so a split takes it back.
CREATE TABLE actor_merge_names (
  merge_id  bigint NOT NULL REFERENCES actor_merges (id),
  ordinal   integer NOT NULL,
  name      text NOT NULL,
  language  text NOT NULL,
  match_key text NOT NULL,
  added     boolean NOT NULL,
  PRIMARY KEY (merge_id, ordinal)
);

-- The merged actor's event links as they were. `folded`: the survivor already had the link (the
-- event named both in that role), so the merge dropped it instead of moving it.
CREATE TABLE actor_merge_links (
  merge_id bigint NOT NULL REFERENCES actor_merges (id),
  event_id bigint NOT NULL REFERENCES events (id),
  role     text NOT NULL,
  ordinal  integer NOT NULL,
  folded   boolean NOT NULL,
  PRIMARY KEY (merge_id, event_id, role)
);
