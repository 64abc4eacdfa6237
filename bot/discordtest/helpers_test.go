package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	testToken = "test-token"
	guildID   = "200000000000000001"
	chanID    = "300000000000000001"
	chan2ID   = "300000000000000002"
	ana       = "400000000000000001"
	ben       = "400000000000000002"
)

// rewrite sends every request to the stand-in, as the bot's own transport
// does in production with the Discord URL.
type rewrite struct{ base *url.URL }

func (rw rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = rw.base.Scheme, rw.base.Host, rw.base.Host
	return http.DefaultTransport.RoundTrip(out)
}

// fakeClock is an injectable clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newWorld starts a server with one guild of two channels and two users.
func newWorld(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.HeartbeatInterval == 0 {
		// Short enough for tests to see heartbeats; long enough that a
		// busy machine does not trip discordgo's check, which closes a
		// connection whose ACK is five intervals late (with 1000, and the
		// tests' sessions do not reconnect). Tests of heartbeats set
		// their own.
		opts.HeartbeatInterval = time.Second
	}
	opts.Logf = t.Logf
	srv := NewServer(opts)
	t.Cleanup(srv.Close)
	srv.AddGuild(guildID, "Back Club", chanID, chan2ID)
	srv.AddUser(ana, "ana")
	srv.AddUser(ben, "ben")
	return srv
}

// newSession makes a discordgo session pointed at the stand-in, without
// opening it.
func newSession(t *testing.T, srv *Server, token string, intents discordgo.Intent) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: rewrite{base}, Timeout: 20 * time.Second}
	s.Identify.Intents = intents
	s.LogLevel = -1
	// Handlers run on the gateway goroutine: discordgo mutates the guilds it
	// hands to READY handlers while asynchronous handlers read them.
	s.SyncEvents = true
	// Only the reliability tests let discordgo reconnect (and close it
	// themselves, which costs discordgo's one-second close); the others
	// leave the socket to Server.Close.
	s.ShouldReconnectOnError = false
	return s
}

// openSession opens a session and waits for READY.
func openSession(t *testing.T, srv *Server, intents discordgo.Intent) *discordgo.Session {
	t.Helper()
	s := newSession(t, srv, testToken, intents)
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := srv.WaitConnected(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	return s
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// recv waits for a value on ch.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// interactions collects the interactions dispatched to the session.
func interactions(s *discordgo.Session) <-chan *discordgo.InteractionCreate {
	ch := make(chan *discordgo.InteractionCreate, 16)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { ch <- i })
	return ch
}

// restCode returns the HTTP status and Discord code of a discordgo error.
func restCode(t *testing.T, err error) (status, code int) {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("got error %v (%T), want a *discordgo.RESTError", err, err)
	}
	if re.Message == nil {
		t.Fatalf("error body %q is not Discord's JSON error", re.ResponseBody)
	}
	return re.Response.StatusCode, re.Message.Code
}

// raw sends a request without discordgo, for what it would refuse to send or
// would pace itself.
func raw(t *testing.T, srv *Server, method, path string, body any, auth bool) (*http.Response, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, srv.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bot "+testToken)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if len(data) > 0 && data[0] == '{' {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, path, data, err)
		}
	}
	return resp, out
}

// postMessage sends body as the bot's Create Message request in channel,
// the JSON as given, and returns the message Discord answers with.
func postMessage(t *testing.T, s *discordgo.Session, channel string, body any) discordgo.Message {
	t.Helper()
	endpoint := discordgo.EndpointChannelMessages(channel)
	data, err := s.RequestWithBucketID("POST", endpoint, body, endpoint)
	if err != nil {
		t.Fatal(err)
	}
	var m discordgo.Message
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// commandBot connects a bot that registered the test commands (/tip and
// /pause) and returns its session and the interactions it receives.
func commandBot(t *testing.T, srv *Server) (*discordgo.Session, <-chan *discordgo.InteractionCreate) {
	t.Helper()
	return botWith(t, srv, testCommands()...)
}

// botWith connects a bot that registered cmds globally and returns its
// session and the interactions it receives.
func botWith(t *testing.T, srv *Server, cmds ...*discordgo.ApplicationCommand) (*discordgo.Session, <-chan *discordgo.InteractionCreate) {
	t.Helper()
	s := openSession(t, srv, botIntents)
	got := interactions(s)
	register(t, s, srv, cmds...)
	return s, got
}

// registerCommands registers the test commands globally.
func registerCommands(t *testing.T, s *discordgo.Session, srv *Server) {
	t.Helper()
	register(t, s, srv, testCommands()...)
}

// register overwrites the global commands with cmds.
func register(t *testing.T, s *discordgo.Session, srv *Server, cmds ...*discordgo.ApplicationCommand) {
	t.Helper()
	if _, err := s.ApplicationCommandBulkOverwrite(srv.opts.ApplicationID, "", cmds); err != nil {
		t.Fatalf("bulk overwrite: %v", err)
	}
}

// testCommands are a /tip command with an autocompleted option and a
// /pause command with a bounded integer.
func testCommands() []*discordgo.ApplicationCommand {
	minWeeks := 1.0
	return []*discordgo.ApplicationCommand{
		{Name: "tip", Description: "A tip for your glutes", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "exercise", Description: "Which exercise", Autocomplete: true},
		}},
		{Name: "pause", Description: "Pause reminders", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "weeks", Description: "How many weeks", Required: true, MinValue: &minWeeks, MaxValue: 4},
		}},
	}
}
