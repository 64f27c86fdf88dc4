-- "This actor's / this place's links in a range" is read through the walk indexes of 0012, one
-- bounded scan per span class (storage/event_walk_sql.h, LinkedEventIdsInRange), so the two
-- (id, span) GiST indexes of 0001 serve no statement any more. They were the costliest part of
-- writing a link: in an EXPLAIN ANALYZE of the scope trigger's insert for 1,000 events the GiST
-- index took about 45% of it, and building the two at 10,000,000 events took most of the bulk
-- generator's index time. Every statement that reads links by id and range now names the class
-- columns, so dropping them changes no result.
DROP INDEX event_actors_actor_span_idx;
DROP INDEX event_place_scope_place_span_idx;
