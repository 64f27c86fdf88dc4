// Package timeline is a Go client for Timeline, the gRPC service that keeps dated events
// (attacks, visits, strikes...) with their actors, places and sources, and answers by actor,
// place and time range.
//
// Dial connects and checks the server is serving. The Client's service fields are the generated
// stubs of package timelinepb, for every call of the API; its methods add what the stubs leave
// to the caller:
//
//   - range-over-func iterators that follow page tokens: Client.Events, Client.Actors,
//     Client.Places, Client.Sources, Client.RelatedActors;
//   - Client.Watch and Client.Export, server streams that resume where they broke off after a
//     disconnection;
//   - Client.ParseDates, the dates written in a text with their rune offsets and spans;
//   - time ranges from time.Time (Overlapping, Within, Month...) and Span, an event's time as
//     Go values;
//   - *Error, carrying the gRPC code and every field the server named as wrong, matched by
//     errors.Is against ErrNotFound, ErrInvalidArgument and the other sentinels.
//
// Every call takes a context; unary calls without a deadline get a default one (WithTimeout).
//
// Resource names are strings as the API has them: "events/bamako-attacks-2024-09",
// "actors/assimi-goita", "places/ml-bamako". An event's time is an interval [start, end) with a
// precision; a query's time range matches the events that may have happened in it (Overlapping)
// or that certainly did (Within).
package timeline
