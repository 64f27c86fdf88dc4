// Package timelinepb holds the Go types and gRPC stubs generated from the Timeline API,
// proto/timeline/v1 (protobuf package timeline.v1): EventService, ActorService, PlaceService,
// SourceService and IngestService with their messages.
//
// Everything but this file is generated; do not edit it. Regenerate with go generate (which
// runs clients/go/generate, needing protoc and the plugins clients/go/setup installs).
// Most programs use it together with package timeline, which dials the server and adds
// paging, resumable streams and typed errors on top.
package timelinepb

//go:generate ../generate
