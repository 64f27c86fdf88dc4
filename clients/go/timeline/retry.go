// How Watch and Export reopen a broken stream: which failures are worth another try, and the
// exponential backoff between tries.

package timeline

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// A StreamOption configures how Watch and Export resume after a failure.
type StreamOption func(*streamSettings)

type streamSettings struct {
	initialBackoff time.Duration
	maxBackoff     time.Duration
	maxRetries     int
	onRetry        func(err error, delay time.Duration)
}

func newStreamSettings(opts []StreamOption) streamSettings {
	s := streamSettings{initialBackoff: 100 * time.Millisecond, maxBackoff: 10 * time.Second}
	for _, opt := range opts {
		opt(&s)
	}
	return s
}

// WithBackoff sets the wait before reopening a broken stream: initial after the first failure,
// doubling with each further failure in a row, up to max, each wait randomized between half and
// all of it. The defaults are 100ms and 10s.
func WithBackoff(initial, max time.Duration) StreamOption {
	return func(s *streamSettings) {
		s.initialBackoff = initial
		s.maxBackoff = max
	}
}

// WithMaxRetries gives up after n failures in a row (a message received starts the count again)
// and yields the last failure. The default, 0, retries until the context is done.
func WithMaxRetries(n int) StreamOption {
	return func(s *streamSettings) {
		s.maxRetries = n
	}
}

// OnRetry calls f before each wait to reopen a stream, with the failure and the wait: for logs
// and metrics.
func OnRetry(f func(err error, delay time.Duration)) StreamOption {
	return func(s *streamSettings) {
		s.onRetry = f
	}
}

// retrier counts the failures in a row of one stream and waits between its attempts.
type retrier struct {
	settings streamSettings
	failures int
}

// wait decides what follows the failure err of the stream: it waits and returns nil when the
// stream is worth reopening, or returns the error to give up with (err itself, or the context's
// error if it ended during the wait).
func (r *retrier) wait(ctx context.Context, err error) error {
	if !errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
		return err
	}
	r.failures++
	if r.settings.maxRetries > 0 && r.failures > r.settings.maxRetries {
		return err
	}
	delay := r.delay()
	if r.settings.onRetry != nil {
		r.settings.onRetry(err, delay)
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// received starts the count of failures again: the stream worked.
func (r *retrier) received() {
	r.failures = 0
}

func (r *retrier) delay() time.Duration {
	d := r.settings.initialBackoff
	for i := 1; i < r.failures && d < r.settings.maxBackoff; i++ {
		d *= 2
	}
	d = min(d, r.settings.maxBackoff)
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}
