package bot

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// transport sends every REST request of the discordgo session to the
// configured Discord base URL, and paces everything but interaction answers
// with a proactive global limiter, so a wave of posts runs at Discord's
// ceiling instead of into 429s.
type transport struct {
	base    *url.URL
	next    http.RoundTripper
	limiter *rate.Limiter // nil: no pacing
	// reactions paces reaction requests per channel at Discord's 1 per
	// 250 ms: discordgo paces them itself at 1 per 200 ms, ignoring the
	// headers, and so gets a 429 for every second one in a row.
	reactions channelPacer
	observe   func(status int)
	urgent    atomic.Int64 // ordinary requests waiting for the limiter
	// backoff is the wait before the first retry of a 5xx; it doubles.
	backoff time.Duration
}

func newTransport(baseURL string, perSecond float64, next http.RoundTripper) (*transport, error) {
	if err := CheckAPIURL(baseURL); err != nil {
		return nil, err
	}
	u, _ := url.Parse(baseURL) // checked above
	if next == nil {
		next = pooledTransport()
	}
	t := &transport{base: u, next: next, backoff: serverErrorBackoff}
	if perSecond > 0 {
		// A burst of 1 spreads requests evenly: Discord's global window is
		// one second, and a burst would spend it at once.
		t.limiter = rate.NewLimiter(rate.Limit(perSecond), 1)
	}
	return t, nil
}

// pooledTransport is http.DefaultTransport keeping up to 100 idle
// connections to Discord instead of 2. Over HTTPS, Discord's HTTP/2 carries
// every request on one connection anyway; over plain HTTP (a proxy or a
// stand-in at DISCORD_API_URL) each request in flight holds a connection of
// its own, and a burst of interaction answers would otherwise open most of
// them anew each time.
func pooledTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = tr.MaxIdleConns
	return tr
}

// maxServerErrorRetries bounds the retries of a request Discord answered
// with a 5xx. This is the bot's only retry of server errors: New turns off
// discordgo's own retry of 502s (MaxRestRetries), which would otherwise
// run this whole policy again for each of its attempts.
const maxServerErrorRetries = 3

// serverErrorBackoff is the wait before the first retry; it doubles.
const serverErrorBackoff = 250 * time.Millisecond

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	interaction := exemptFromGlobalLimit(req.URL.Path)
	wait := t.backoff
	for attempt := 0; ; attempt++ {
		resp, err := t.send(req, interaction)
		// Interaction answers are not retried: a second answer to an
		// interaction that did land is refused.
		if err != nil || interaction || attempt == maxServerErrorRetries || !retryable(resp.StatusCode) || req.GetBody == nil && req.Body != nil {
			return resp, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err := sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		wait *= 2
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

func retryable(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// send makes one attempt, paced by the global limiter.
func (t *transport) send(req *http.Request, interaction bool) (*http.Response, error) {
	if t.limiter != nil && !interaction {
		if err := t.wait(req.Context()); err != nil {
			return nil, err
		}
	}
	if n := requestCounter(req.Context()); n != nil {
		n.Add(1)
	}
	if ch, ok := reactionChannel(req.URL.Path); ok {
		if err := t.reactions.wait(req.Context(), ch); err != nil {
			return nil, err
		}
		// Discord's window starts when the request arrives: count the
		// interval from the answer, which comes after that.
		defer t.reactions.done(ch)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme = t.base.Scheme
	out.URL.Host = t.base.Host
	if p := strings.TrimSuffix(t.base.Path, "/"); p != "" {
		out.URL.Path = p + req.URL.Path
	}
	out.Host = t.base.Host
	resp, err := t.next.RoundTrip(out)
	if t.observe != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.observe(status)
	}
	return resp, err
}

// exemptFromGlobalLimit reports whether Discord leaves a route out of the
// bot's global rate limit: interaction callbacks and the interaction
// webhooks (follow-ups, edits of the original response).
func exemptFromGlobalLimit(path string) bool {
	return strings.Contains(path, "/interactions/") || strings.Contains(path, "/webhooks/")
}

// reactionInterval is Discord's per-channel limit on reaction requests.
const reactionInterval = 250 * time.Millisecond

// reactionChannel returns the channel of a reaction request's path,
// /api/v9/channels/{channel}/messages/{message}/reactions/...
func reactionChannel(path string) (string, bool) {
	p := strings.Split(strings.Trim(path, "/"), "/")
	for i := 0; i+4 < len(p); i++ {
		if p[i] == "channels" && p[i+2] == "messages" && p[i+4] == "reactions" {
			return p[i+1], true
		}
	}
	return "", false
}

// done pushes the channel's next turn to reactionInterval after now.
func (p *channelPacer) done(channel string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if at := time.Now().Add(reactionInterval); p.next[channel].Before(at) {
		p.next[channel] = at
	}
}

// channelPacer spaces requests per channel by reactionInterval. Kept
// instead of a rate.Limiter per channel: rate counts the interval from when
// a request starts, Discord's window from when it arrives, so done pushes
// the next turn from the answer, which a Limiter cannot be told.
type channelPacer struct {
	mu   sync.Mutex
	next map[string]time.Time // when each channel's next request may go
}

func (p *channelPacer) wait(ctx context.Context, channel string) error {
	p.mu.Lock()
	now := time.Now()
	if p.next == nil {
		p.next = make(map[string]time.Time)
	}
	if len(p.next) > 1024 { // forget channels whose turn has passed
		for ch, at := range p.next {
			if at.Before(now) {
				delete(p.next, ch)
			}
		}
	}
	at := p.next[channel]
	if at.Before(now) {
		at = now
	}
	p.next[channel] = at.Add(reactionInterval)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return sleep(ctx, d)
	}
	return nil
}
