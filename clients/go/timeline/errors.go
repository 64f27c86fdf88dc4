// Errors from the Timeline server as Go values: an *Error carrying the gRPC code and the
// fields the server named, and sentinels for errors.Is.

package timeline

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Sentinels for errors.Is: every *Error matches the one of its code.
//
//	if errors.Is(err, timeline.ErrNotFound) { ... }
var (
	// ErrInvalidArgument: the request was wrong; FieldViolations says which fields and why.
	ErrInvalidArgument = errors.New("timeline: invalid argument")
	// ErrNotFound: a named event, actor, place or source does not exist.
	ErrNotFound = errors.New("timeline: not found")
	// ErrAlreadyExists: a create named an id that is taken.
	ErrAlreadyExists = errors.New("timeline: already exists")
	// ErrAborted: an etag was stale (someone changed the event, actor, place or source in
	// between).
	ErrAborted = errors.New("timeline: aborted")
	// ErrFailedPrecondition: the resource is not in a state the call needs: a tombstone (deleted
	// or merged), an actor or place that is not merged (split), or a row something still refers
	// to (delete); the message names what.
	ErrFailedPrecondition = errors.New("timeline: failed precondition")
	// ErrUnavailable: the server or its database cannot be reached now; retrying may help.
	ErrUnavailable = errors.New("timeline: unavailable")
	// ErrDeadlineExceeded: the call's deadline passed. An *Error of this code also matches
	// context.DeadlineExceeded.
	ErrDeadlineExceeded = errors.New("timeline: deadline exceeded")
	// ErrResourceExhausted: the server is answering as many calls as it can.
	ErrResourceExhausted = errors.New("timeline: resource exhausted")
	// ErrUnauthenticated: the call carried no valid credentials.
	ErrUnauthenticated = errors.New("timeline: unauthenticated")
	// ErrPermissionDenied: the credentials do not allow the call.
	ErrPermissionDenied = errors.New("timeline: permission denied")
)

var sentinels = map[codes.Code]error{
	codes.InvalidArgument:    ErrInvalidArgument,
	codes.NotFound:           ErrNotFound,
	codes.AlreadyExists:      ErrAlreadyExists,
	codes.Aborted:            ErrAborted,
	codes.FailedPrecondition: ErrFailedPrecondition,
	codes.Unavailable:        ErrUnavailable,
	codes.DeadlineExceeded:   ErrDeadlineExceeded,
	codes.ResourceExhausted:  ErrResourceExhausted,
	codes.Unauthenticated:    ErrUnauthenticated,
	codes.PermissionDenied:   ErrPermissionDenied,
}

// FieldViolation is one bad field of a request, as the server named it in its
// google.rpc.BadRequest detail: a path such as "time_range.end_time" or "records[3].fatalities".
type FieldViolation struct {
	// Field is the path of the field in the request.
	Field string
	// Description says what is wrong with it.
	Description string
}

// Error is a failed call: its gRPC status code, the server's message and, for
// INVALID_ARGUMENT, every field the server named. Calls made through a Client return it
// (use errors.As); status.Code and status.FromError still work on it.
type Error struct {
	// Code is the gRPC status code.
	Code codes.Code
	// Message is the server's message, which names each bad field too.
	Message string
	// FieldViolations are the fields of the google.rpc.BadRequest detail, in the server's order.
	FieldViolations []FieldViolation

	status *status.Status
}

// Error formats the error as "timeline: CODE: message".
func (e *Error) Error() string {
	return fmt.Sprintf("timeline: %s: %s", e.Code, e.Message)
}

// GRPCStatus returns the status the server sent, so that status.FromError and status.Code see
// through an *Error.
func (e *Error) GRPCStatus() *status.Status {
	return e.status
}

// Is reports whether target is the sentinel of e's code (ErrNotFound for NOT_FOUND, ...), or the
// context error that a CANCELLED or DEADLINE_EXCEEDED call stands for.
func (e *Error) Is(target error) bool {
	switch {
	case target == sentinels[e.Code] && target != nil:
		return true
	case e.Code == codes.Canceled:
		return target == context.Canceled
	case e.Code == codes.DeadlineExceeded:
		return target == context.DeadlineExceeded
	}
	return false
}

// Field returns the description of the violation of the named field ("event_types[0]"), and
// whether the server named that field at all.
func (e *Error) Field(field string) (string, bool) {
	for _, v := range e.FieldViolations {
		if v.Field == field {
			return v.Description, true
		}
	}
	return "", false
}

// Fields returns the names of the fields the server found fault with, in its order.
func (e *Error) Fields() []string {
	fields := make([]string, len(e.FieldViolations))
	for i, v := range e.FieldViolations {
		fields[i] = v.Field
	}
	return fields
}

// asError turns an error from gRPC into an *Error; nil stays nil and an error that carries no
// gRPC status (a local I/O error, io.EOF) is returned as it is.
func asError(err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	return newError(st)
}

func newError(st *status.Status) *Error {
	e := &Error{Code: st.Code(), Message: st.Message(), status: st}
	for _, detail := range st.Details() {
		badRequest, ok := detail.(*errdetails.BadRequest)
		if !ok {
			continue
		}
		for _, v := range badRequest.GetFieldViolations() {
			e.FieldViolations = append(e.FieldViolations,
				FieldViolation{Field: v.GetField(), Description: v.GetDescription()})
		}
	}
	return e
}
