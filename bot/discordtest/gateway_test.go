package discordtest

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

const botIntents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsGuildMessageReactions |
	discordgo.IntentsDirectMessages | discordgo.IntentsDirectMessageReactions

func TestOpenSeesReadyAndGuildCreate(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	// discordgo's state keeps mutating what it hands to handlers: copy the
	// parts under test inside the handlers.
	type readySeen struct {
		user        discordgo.User
		sessionID   string
		appID       string
		guilds      int
		unavailable bool
	}
	type guildSeen struct {
		id       string
		channels []string
		members  []string
	}
	ready := make(chan readySeen, 1)
	guilds := make(chan guildSeen, 1)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		seen := readySeen{user: *r.User, sessionID: r.SessionID, guilds: len(r.Guilds)}
		if r.Application != nil {
			seen.appID = r.Application.ID
		}
		if len(r.Guilds) > 0 {
			seen.unavailable = r.Guilds[0].Unavailable
		}
		ready <- seen
	})
	s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
		seen := guildSeen{id: g.ID}
		for _, c := range g.Channels {
			seen.channels = append(seen.channels, c.ID)
		}
		for _, m := range g.Members {
			seen.members = append(seen.members, m.User.ID)
		}
		guilds <- seen
	})
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}

	r := recv(t, ready, "READY")
	if r.user.ID != srv.opts.BotUserID || !r.user.Bot || r.sessionID == "" {
		t.Errorf("READY user %+v session %q, want the bot and a session id", r.user, r.sessionID)
	}
	if r.appID != srv.opts.ApplicationID {
		t.Errorf("READY application id %q, want %s", r.appID, srv.opts.ApplicationID)
	}
	if r.guilds != 1 || !r.unavailable {
		t.Errorf("READY has %d guilds (first unavailable: %v), want one unavailable stub", r.guilds, r.unavailable)
	}
	g := recv(t, guilds, "GUILD_CREATE")
	if g.id != guildID || !slices.Equal(g.channels, []string{chanID, chan2ID}) {
		t.Errorf("GUILD_CREATE %s with channels %v, want %s with %s and %s", g.id, g.channels, guildID, chanID, chan2ID)
	}
	// Without GUILD_PRESENCES Discord only sends the bot itself as member.
	if !slices.Equal(g.members, []string{srv.opts.BotUserID}) {
		t.Errorf("GUILD_CREATE members %v, want only the bot", g.members)
	}
	if got := srv.Intents(); got != int(botIntents) {
		t.Errorf("Intents() = %d, want %d", got, botIntents)
	}
	if !srv.Connected() {
		t.Error("Connected() = false after READY")
	}
}

func TestIdentifyRejections(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	for _, tc := range []struct {
		name    string
		token   string
		intents discordgo.Intent
		want    int
	}{
		{"bad token", "wrong-token", botIntents, CloseAuthenticationError},
		{"message content not enabled", testToken, botIntents | discordgo.IntentsMessageContent, CloseDisallowedIntents},
		{"members not enabled", testToken, discordgo.IntentsGuildMembers, CloseDisallowedIntents},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t, srv, tc.token, tc.intents)
			err := s.Open()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tc.want {
				t.Fatalf("Open() = %v, want close code %d", err, tc.want)
			}
		})
	}
	if srv.Connected() {
		t.Error("Connected() = true after refused identifies")
	}
}

func TestPrivilegedIntentEnabledInPortal(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{PrivilegedIntents: IntentMessageContent})
	openSession(t, srv, botIntents|discordgo.IntentsMessageContent)
	if got := srv.Intents(); got&IntentMessageContent == 0 {
		t.Errorf("Intents() = %b, want MessageContent", got)
	}
}

func TestHeartbeatsAreAcknowledged(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{HeartbeatInterval: 20 * time.Millisecond})
	s := openSession(t, srv, botIntents)
	opened := time.Now().UTC()
	err := srv.waitFor(ctxT(t, 5*time.Second), func() bool { return srv.heartbeats >= 3 })
	if err != nil {
		t.Fatalf("heartbeats: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.RLock()
		ack := s.LastHeartbeatAck
		s.RUnlock()
		if ack.After(opened) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("discordgo never saw a heartbeat ACK")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestMissingACKsMakeDiscordgoIdentifyAgain(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{HeartbeatInterval: 20 * time.Millisecond})
	s := newSession(t, srv, testToken, botIntents)
	s.ShouldReconnectOnError = true
	ready := make(chan string, 4)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r.SessionID })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	first := recv(t, ready, "READY")
	// discordgo gives up after five unacknowledged intervals and closes with
	// 1000, which ends the session: its RESUME is refused and it identifies.
	srv.SetHeartbeatACKs(false)
	second := recv(t, ready, "a second READY")
	srv.SetHeartbeatACKs(true)
	if second == first {
		t.Errorf("second READY has session %s again, want a new session", second)
	}
}

func TestResumeReplaysMissedEvents(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	s.ShouldReconnectOnError = true
	msgs := make(chan *discordgo.MessageCreate, 8)
	resumed := make(chan struct{}, 2)
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { msgs <- m })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { resumed <- struct{}{} })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := srv.WaitConnected(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	dm, err := s.UserChannelCreate(ana)
	if err != nil {
		t.Fatal(err)
	}

	srv.DropGateway()
	if _, err := srv.UserMessage(dm.ID, ana, "missed while down"); err != nil {
		t.Fatalf("UserMessage on a resumable session: %v", err)
	}
	recv(t, resumed, "RESUMED")
	if m := recv(t, msgs, "the missed MESSAGE_CREATE"); m.Content != "missed while down" {
		t.Errorf("replayed content %q", m.Content)
	}
	if _, err := srv.UserMessage(dm.ID, ana, "after resume"); err != nil {
		t.Fatal(err)
	}
	if m := recv(t, msgs, "a MESSAGE_CREATE after RESUME"); m.Content != "after resume" {
		t.Errorf("content %q after resume", m.Content)
	}
}

func TestReconnectAndInvalidSession(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	s.ShouldReconnectOnError = true
	ready := make(chan string, 4)
	resumed := make(chan struct{}, 4)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r.SessionID })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { resumed <- struct{}{} })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	first := recv(t, ready, "READY")

	srv.SendReconnect() // discordgo closes with 1012 and resumes
	recv(t, resumed, "RESUMED after op 7")

	srv.SendInvalidSession(false) // discordgo identifies on the same socket
	if second := recv(t, ready, "READY after op 9"); second == first {
		t.Errorf("READY after INVALID_SESSION(false) reuses session %s", second)
	}
}

func TestInjectorsNeedASession(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	if _, err := srv.UserMessage(chanID, ana, "hi"); !errors.Is(err, ErrNotConnected) {
		t.Errorf("UserMessage without a bot = %v, want ErrNotConnected", err)
	}
	if _, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "tip"}); !errors.Is(err, ErrNotConnected) {
		t.Errorf("Slash without a bot = %v, want ErrNotConnected", err)
	}
}

// MESSAGE_CREATE follows the intents and, without MessageContent, arrives
// empty from guilds unless the bot is mentioned.
func TestMessageCreateIntentsAndContent(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{PrivilegedIntents: IntentMessageContent})
	s := openSession(t, srv, botIntents)
	msgs := make(chan *discordgo.MessageCreate, 8)
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { msgs <- m })
	dm, err := s.UserChannelCreate(ana)
	if err != nil {
		t.Fatal(err)
	}
	bot := srv.opts.BotUserID
	for _, tc := range []struct{ channel, content, want string }{
		{chanID, "squats today?", ""},
		{chanID, "<@" + bot + "> squats today?", "<@" + bot + "> squats today?"},
		{dm.ID, "bridges done", "bridges done"},
	} {
		if _, err := srv.UserMessage(tc.channel, ana, tc.content); err != nil {
			t.Fatal(err)
		}
		if m := recv(t, msgs, "MESSAGE_CREATE"); m.Content != tc.want {
			t.Errorf("content of %q in %s arrived as %q, want %q", tc.content, tc.channel, m.Content, tc.want)
		}
	}

	// A second bot with only GUILDS gets no MESSAGE_CREATE at all; the next
	// event it gets is the interaction sent after the messages.
	srv2 := newWorld(t, Options{})
	s2 := openSession(t, srv2, discordgo.IntentsGuilds)
	registerCommands(t, s2, srv2)
	events := make(chan string, 8)
	s2.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
		if e.Type == "MESSAGE_CREATE" || e.Type == "INTERACTION_CREATE" {
			events <- e.Type
		}
	})
	dm2, err := s2.UserChannelCreate(ana)
	if err != nil {
		t.Fatal(err)
	}
	srv2.UserMessage(chanID, ana, "<@"+srv2.opts.BotUserID+"> hi")
	srv2.UserMessage(dm2.ID, ana, "hi")
	if _, err := srv2.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "tip"}); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, events, "an event"); got != "INTERACTION_CREATE" {
		t.Errorf("first event without message intents is %s, want INTERACTION_CREATE", got)
	}

	// With MessageContent enabled and requested, guild content arrives.
	srv3 := newWorld(t, Options{PrivilegedIntents: IntentMessageContent})
	s3 := openSession(t, srv3, botIntents|discordgo.IntentsMessageContent)
	msgs3 := make(chan *discordgo.MessageCreate, 4)
	s3.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { msgs3 <- m })
	srv3.UserMessage(chanID, ana, "glute bridge form?")
	if m := recv(t, msgs3, "MESSAGE_CREATE"); m.Content != "glute bridge form?" {
		t.Errorf("content with MessageContent = %q", m.Content)
	}
}

// TestRESTSpeaksHTTP1AndHTTP2 checks that the REST API answers both a plain
// HTTP/1.1 client and HTTP2Transport, which speaks HTTP/2 as bots do with
// Discord, and that the gateway's websocket still opens (it is HTTP/1.1).
func TestRESTSpeaksHTTP1AndHTTP2(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	for _, c := range []struct {
		client *http.Client
		proto  int
	}{{http.DefaultClient, 1}, {&http.Client{Transport: HTTP2Transport()}, 2}} {
		req, err := http.NewRequest("GET", srv.URL()+"/api/v9/gateway", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ProtoMajor != c.proto {
			t.Errorf("GET /gateway over HTTP/%d: %s, %s", c.proto, resp.Status, resp.Proto)
		}
	}
	newSession(t, srv, testToken, botIntents) // fails the test unless READY comes
}
