package discordtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Errors returned by the test-side API.
var (
	// ErrNotConnected is returned by the injectors when no bot session is
	// identified with the gateway (connected, or disconnected but still
	// resumable).
	ErrNotConnected = errors.New("discordtest: no bot session on the gateway")
	// ErrUnknownChannel, ErrUnknownUser and ErrUnknownMessage are returned
	// when an injector names something the world does not hold.
	ErrUnknownChannel = errors.New("discordtest: unknown channel")
	ErrUnknownUser    = errors.New("discordtest: unknown user")
	ErrUnknownMessage = errors.New("discordtest: unknown message")
	// ErrUnknownCommand is returned when a slash command or autocomplete is
	// injected for a command the bot has not registered where it is used.
	ErrUnknownCommand = errors.New("discordtest: command not registered")
	// ErrInvalidInput is returned when an injected interaction could not
	// have come from a Discord client (options that do not match the
	// registered command, a button that is not on the message, ...).
	ErrInvalidInput = errors.New("discordtest: Discord's client would not send this")
)

// Options configure a Server. Only Token is required.
type Options struct {
	Token               string        // the only bot token accepted, without the "Bot " prefix (required)
	ApplicationID       string        // default "100000000000000001"
	BotUserID           string        // default = ApplicationID
	BotUsername         string        // default "glutebot"
	GlobalLimit         int           // requests per second, default 50
	HeartbeatInterval   time.Duration // in HELLO; default 41250 ms
	InteractionDeadline time.Duration // default 3 s
	// PrivilegedIntents are the privileged intents (GuildMembers,
	// GuildPresences, MessageContent) enabled for the application in the
	// developer portal; identifying with any other privileged intent is
	// closed with 4014. Default none.
	PrivilegedIntents int
	// NonceWindow is how long a message nonce is remembered for
	// enforce_nonce: Discord says "the past few minutes". Default 5 minutes.
	NonceWindow time.Duration
	// Now is the clock for interaction deadlines, token expiry, nonce
	// retention and timestamps. Default time.Now. Rate limits always run
	// on the real clock, because clients pace themselves with it.
	Now  func() time.Time
	Logf func(format string, args ...any) // optional, e.g. t.Logf
}

// Gateway intents, as Discord numbers them.
const (
	IntentGuilds                 = 1 << 0
	IntentGuildMembers           = 1 << 1 // privileged
	IntentGuildPresences         = 1 << 8 // privileged
	IntentGuildMessages          = 1 << 9
	IntentGuildMessageReactions  = 1 << 10
	IntentDirectMessages         = 1 << 12
	IntentDirectMessageReactions = 1 << 13
	IntentMessageContent         = 1 << 15 // privileged

	privilegedIntents = IntentGuildMembers | IntentGuildPresences | IntentMessageContent
	allIntents        = 1<<26 - 1
)

const (
	interactionTokenTTL = 15 * time.Minute
	nonceRetention      = 5 * time.Minute
	discordEpochMillis  = 1420070400000
)

// Server is the stand-in. Its methods are safe for concurrent use.
type Server struct {
	opts  Options
	token string
	now   func() time.Time
	http  *httptest.Server
	rest  *http.ServeMux // the REST API's routes (rest.go)
	wg    sync.WaitGroup // gateway connection goroutines

	mu       sync.Mutex
	closed   bool
	changed  chan struct{} // closed and replaced on every observable change
	lastID   uint64
	guilds   []*guild
	channels map[string]*channel
	users    map[string]*user
	dms      map[string]string // user id → DM channel id
	closedDM map[string]bool
	perms    map[string]string // guild id + "/" + user id → the member's permissions, when not @everyone's

	commands     map[string][]discordgo.ApplicationCommand // guild id ("" = global) → commands
	userInstalls map[string]bool                           // users who installed the app to their account
	foreign      map[string]*guild                         // guilds the app is not installed in (see installs.go)
	interactions map[string]*Interaction                   // by id
	byToken      map[string]*Interaction

	violations []Violation
	count429   int
	invalid    int
	requests   []string

	limits rateLimits

	nonces map[string]nonceEntry // by author and nonce

	resourceLimits []resourceLimit // LimitResource
	sessions       map[string]*gwSession
	conns          map[*gwConn]struct{}
	lastIntents    int
	heartbeats     int
	readySent      bool
	sendACKs       bool

	identifies, resumes int
	resumesAtURL        int // resumes that came in at resume_gateway_url
	heartbeatTimeouts   int
	revoked             atomic.Bool // RevokeToken was called: no token is accepted
	gatewayDown         atomic.Bool // SetGatewayDown: upgrades are refused
}

type guild struct {
	id, name string
	channels []string
	joinedAt time.Time
}

type user struct {
	id, username string
	joinedAt     time.Time
}

type channel struct {
	id        string
	guildID   string // "" for a DM
	name      string
	recipient string   // DM: the user at the other end
	members   []string // private channel (group DM or DM between users, see installs.go): its users
	messages  []*storedMessage
}

// nonceEntry is a message created with a nonce, kept by author and nonce.
type nonceEntry struct {
	channelID, messageID string
	at                   time.Time
}

// NewServer starts a Server listening on 127.0.0.1 on a free port. It panics
// when the options are unusable, as httptest.NewServer panics when it cannot
// listen.
func NewServer(opts Options) *Server {
	if strings.TrimSpace(strings.TrimPrefix(opts.Token, "Bot ")) == "" {
		panic("discordtest: Options.Token is required")
	}
	if opts.ApplicationID == "" {
		opts.ApplicationID = "100000000000000001"
	}
	if opts.BotUserID == "" {
		opts.BotUserID = opts.ApplicationID
	}
	if opts.BotUsername == "" {
		opts.BotUsername = "glutebot"
	}
	for _, id := range []string{opts.ApplicationID, opts.BotUserID} {
		if !isSnowflake(id) {
			panic(fmt.Sprintf("discordtest: %q is not a snowflake id", id))
		}
	}
	if opts.GlobalLimit < 0 || opts.HeartbeatInterval < 0 || opts.InteractionDeadline < 0 {
		panic("discordtest: negative limit, heartbeat interval or deadline")
	}
	if opts.GlobalLimit == 0 {
		opts.GlobalLimit = 50
	}
	if opts.HeartbeatInterval == 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	if opts.HeartbeatInterval < time.Millisecond {
		panic("discordtest: HeartbeatInterval below 1 ms cannot be sent in HELLO")
	}
	if opts.InteractionDeadline == 0 {
		opts.InteractionDeadline = 3 * time.Second
	}
	if opts.PrivilegedIntents&^privilegedIntents != 0 {
		panic("discordtest: PrivilegedIntents may only hold GuildMembers, GuildPresences and MessageContent")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NonceWindow <= 0 {
		opts.NonceWindow = nonceRetention
	}
	s := &Server{
		opts:         opts,
		token:        strings.TrimPrefix(opts.Token, "Bot "),
		now:          opts.Now,
		changed:      make(chan struct{}),
		channels:     make(map[string]*channel),
		users:        make(map[string]*user),
		dms:          make(map[string]string),
		closedDM:     make(map[string]bool),
		perms:        make(map[string]string),
		commands:     make(map[string][]discordgo.ApplicationCommand),
		interactions: make(map[string]*Interaction),
		byToken:      make(map[string]*Interaction),
		sessions:     make(map[string]*gwSession),
		nonces:       make(map[string]nonceEntry),
		conns:        make(map[*gwConn]struct{}),
		sendACKs:     true,
		limits:       newRateLimits(opts.GlobalLimit),
	}
	s.rest = s.newRESTMux()
	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// Discord's API answers HTTP/2 as well as HTTP/1.1, and a bot's
	// HTTPS client speaks HTTP/2 to it. Without TLS here, HTTP/2 comes
	// with prior knowledge (h2c); a client that does not ask gets HTTP/1.1.
	s.http.Config.Protocols = new(http.Protocols)
	s.http.Config.Protocols.SetHTTP1(true)
	s.http.Config.Protocols.SetUnencryptedHTTP2(true)
	s.http.Start()
	return s
}

// HTTP2Transport returns a transport that speaks HTTP/2 to the stand-in
// over its plain TCP port (h2c), the protocol a bot uses with Discord: one
// connection carries every request in flight.
func HTTP2Transport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetUnencryptedHTTP2(true)
	return tr
}

// serve sends websocket upgrades of the root path (where the gateway URL
// points, as wss://gateway.discord.gg does) and of resume_gateway_url's path
// to the gateway, and the rest to the REST API.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if (r.URL.Path == "/" || r.URL.Path == resumePath) && websocket.IsWebSocketUpgrade(r) {
		s.serveGateway(w, r)
		return
	}
	s.serveREST(w, r)
}

// gatewayURL is what GET /gateway answers.
func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.URL(), "http")
}

// URL is the server's base URL, "http://127.0.0.1:PORT" without a trailing
// slash. REST requests go to URL()+"/api/v9/...".
func (s *Server) URL() string { return s.http.URL }

// Close closes every gateway connection and shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.abort()
	}
	s.http.Close()
	s.wg.Wait()
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf == nil {
		return
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if !closed {
		s.opts.Logf("discordtest: "+format, args...)
	}
}

// notifyLocked wakes everyone waiting for a change. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond (called with s.mu held) holds or ctx ends.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// newIDLocked returns a fresh snowflake: the current time in its top bits,
// always greater than the previous one.
func (s *Server) newIDLocked() string {
	ms := s.now().UnixMilli() - discordEpochMillis
	id := uint64(max(ms, 0)) << 22
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return strconv.FormatUint(id, 10)
}

func isSnowflake(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	_, err := strconv.ParseUint(id, 10, 64)
	return err == nil
}

// mustSnowflake panics when a test names a guild, channel or user (what)
// with an id Discord could not have made.
func mustSnowflake(what, id string) {
	if !isSnowflake(id) {
		panic(fmt.Sprintf("discordtest: %s id %q is not a snowflake", what, id))
	}
}

// addChannelLocked puts c in the world; a test that adds a channel id twice
// is wrong, so it panics.
func (s *Server) addChannelLocked(c *channel) {
	mustSnowflake("channel", c.id)
	if _, dup := s.channels[c.id]; dup {
		panic(fmt.Sprintf("discordtest: channel %s already exists", c.id))
	}
	s.channels[c.id] = c
}

// AddGuild adds a guild with text channels. The bot is a member of every
// guild, and so is every user added with AddUser.
func (s *Server) AddGuild(guildID, name string, channelIDs ...string) {
	mustSnowflake("guild", guildID)
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.newGuildLocked(guildID, name, channelIDs, func(i int) string {
		if i > 0 {
			return fmt.Sprintf("channel-%d", i+1)
		}
		return "general"
	})
	s.guilds = append(s.guilds, g)
	s.notifyLocked()
}

// newGuildLocked makes a guild and adds its text channels, the i-th named
// channelName(i), to the world.
func (s *Server) newGuildLocked(guildID, name string, channelIDs []string, channelName func(i int) string) *guild {
	g := &guild{id: guildID, name: name, joinedAt: s.now().UTC()}
	for i, id := range channelIDs {
		s.addChannelLocked(&channel{id: id, guildID: guildID, name: channelName(i)})
		g.channels = append(g.channels, id)
	}
	return g
}

// AddUser adds a user, who is a member of every guild.
func (s *Server) AddUser(userID, username string) {
	mustSnowflake("user", userID)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[userID] = &user{id: userID, username: username, joinedAt: s.now().UTC()}
	s.notifyLocked()
}

// SetDMsClosed makes Discord refuse (403, code 50007) every message the bot
// sends to the user's DM channel, as when the user closed their DMs or
// blocked the bot.
func (s *Server) SetDMsClosed(userID string, closed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closedDM[userID] = closed
}

// DMChannelID is the id of the DM channel between the bot and the user, or
// "" if none was created yet.
func (s *Server) DMChannelID(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dms[userID]
}

// dmChannelLocked returns the user's DM channel, creating it if needed.
func (s *Server) dmChannelLocked(userID string) *channel {
	if id, ok := s.dms[userID]; ok {
		return s.channels[id]
	}
	c := &channel{id: s.newIDLocked(), recipient: userID}
	s.channels[c.id] = c
	s.dms[userID] = c.id
	return c
}

func (s *Server) guildLocked(id string) *guild {
	for _, g := range s.guilds {
		if g.id == id {
			return g
		}
	}
	return nil
}

func (s *Server) botUser() *discordgo.User {
	return &discordgo.User{ID: s.opts.BotUserID, Username: s.opts.BotUsername, Discriminator: "0", Bot: true}
}

func (s *Server) userObjLocked(id string) *discordgo.User {
	if id == s.opts.BotUserID {
		return s.botUser()
	}
	u := s.users[id]
	if u == nil {
		return &discordgo.User{ID: id, Username: "unknown", Discriminator: "0"}
	}
	return &discordgo.User{ID: u.id, Username: u.username, GlobalName: u.username, Discriminator: "0"}
}

// Violation is one request Discord would have answered with a 4xx.
type Violation struct {
	Method, Path string
	Status, Code int
	Message      string
	At           time.Time
}

// Violations lists every request answered with a 4xx status, in order.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// Count429 is how many requests were answered with 429 Too Many Requests.
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count429
}

// InvalidRequests counts the answers Discord counts towards its limit of
// invalid requests (10,000 per 10 minutes before an IP ban): 401, 403 and
// 429.
func (s *Server) InvalidRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.invalid
}

// Requests counts the REST requests received whose path starts with
// pathPrefix ("" counts all), e.g. "/api/v9/channels/".
func (s *Server) Requests(pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.requests {
		if strings.HasPrefix(p, pathPrefix) {
			n++
		}
	}
	return n
}

// Commands are the application commands registered for the guild ("" for
// the global ones), as the last bulk overwrite left them.
func (s *Server) Commands(guildID string) []discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[guildID])
}
