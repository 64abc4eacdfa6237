// Package bot is glutebot's Discord adapter: it registers the slash
// commands, answers interactions, turns reactions on workout posts into log
// entries, answers plain questions, and posts the workouts the scheduler
// hands it. It knows Discord; what to coach lives in plans and what to store
// is behind the Store interface.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// Store is what the bot needs from persistence. Errors about missing rows
// wrap plans.ErrNotFound; PutSubscription's error for a user who has not
// answered the safety screen wraps plans.ErrNotScreened.
type Store interface {
	PutSubscription(ctx context.Context, sub plans.Subscription) error
	Subscription(ctx context.Context, userID string) (plans.Subscription, error)
	DeleteSubscription(ctx context.Context, userID string) error
	TakeUndeliverableNotice(ctx context.Context, userID string) (bool, error)

	SlotByMessage(ctx context.Context, messageID string) (plans.Slot, error)
	AddEntry(ctx context.Context, slotID int64, kind plans.Kind, at time.Time) (bool, error)
	RemoveEntry(ctx context.Context, slotID int64, kind plans.Kind) (bool, error)
	History(ctx context.Context, userID string) ([]plans.Entry, error)

	DMChannel(ctx context.Context, userID string) (string, error)
	SetDMChannel(ctx context.Context, userID, channelID string) error

	SetScreened(ctx context.Context, userID string, at time.Time) error

	SetPaused(ctx context.Context, userID string, until, nextDue time.Time) error
	UserSlots(ctx context.Context, userID string) ([]plans.Slot, error)
	RecentSlots(ctx context.Context, since time.Time) ([]plans.Slot, error)
	SlotKinds(ctx context.Context, slotID int64) ([]plans.Kind, error)
	Forget(ctx context.Context, userID string) error

	challengeStore
	SetRecap(ctx context.Context, userID string, day time.Weekday, on bool) error
	Recap(ctx context.Context, userID string) (day time.Weekday, on bool, err error)
}

// Intents are the gateway intents glutebot identifies with. None is
// privileged: Discord delivers the content of DMs and of messages that
// mention the bot without the message-content intent.
const Intents = discordgo.IntentsGuilds |
	discordgo.IntentsGuildMessages |
	discordgo.IntentsGuildMessageReactions |
	discordgo.IntentsDirectMessages |
	discordgo.IntentsDirectMessageReactions

// DefaultAPIURL is Discord's own base URL.
const DefaultAPIURL = "https://discord.com"

// Config is what New needs to connect.
type Config struct {
	Token   string // bot token, without the "Bot " prefix
	APIURL  string // Discord base URL; DefaultAPIURL when empty
	GuildID string // register commands in this server only; "" registers them globally

	// RequestsPerSecond paces every REST call but interaction answers
	// (Discord's global limit is 50/s). Zero or less disables pacing.
	RequestsPerSecond float64

	// Transport carries the bot's HTTP requests, under the bot's own
	// routing and pacing. Nil means http.DefaultTransport with a larger
	// idle pool; tests set an HTTP/2 transport for the stand-in.
	Transport http.RoundTripper

	// AnswerBudget is how long a handler may work before its interaction
	// is acknowledged with a deferred answer, which the handler's answer then
	// edits. Discord drops a first answer that comes 3 s after the event or
	// later. Zero means DefaultAnswerBudget.
	AnswerBudget time.Duration

	Logger   *slog.Logger
	Now      func() time.Time // defaults to time.Now
	Observer Observer
}

// Observer receives what the bot reports for monitoring. Any field may be
// nil.
type Observer struct {
	Request    func(status int) // every REST answer from Discord (0: none came)
	Completion func(delta int)  // +1 when a ✅ is logged, -1 when one is undone
	Reconnect  func()           // the gateway came back after a drop
}

// Bot is a connected glutebot. Its methods are safe for concurrent use:
// discordgo runs every handler in its own goroutine.
type Bot struct {
	s       *discordgo.Session
	store   Store
	log     *slog.Logger
	now     func() time.Time
	guildID string
	budget  time.Duration // see Config.AnswerBudget

	commands  map[string]commandHandler // by command name
	nowPoster NowPoster                 // what /workout posts through

	// ctx is the base context for discordgo's fixed-signature handlers; it is
	// cancelled by Close.
	ctx    context.Context
	cancel context.CancelFunc

	ready    chan struct{}
	readyOne sync.Once

	observe      Observer
	reconnecting atomic.Bool

	mu       sync.Mutex // guards closed and the Add side of handlers
	closed   bool
	handlers sync.WaitGroup
}

// New prepares a bot; Open connects it.
func New(cfg Config, store Store) (*Bot, error) {
	if cfg.Token == "" {
		return nil, errors.New("bot: no token")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AnswerBudget <= 0 {
		cfg.AnswerBudget = DefaultAnswerBudget
	}
	tr, err := newTransport(cfg.APIURL, cfg.RequestsPerSecond, cfg.Transport)
	if err != nil {
		return nil, err
	}
	tr.observe = cfg.Observer.Request
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	s.Client = &http.Client{Transport: tr, Timeout: 20 * time.Second}
	s.Identify.Intents = Intents
	s.StateEnabled = true
	// discordgo's own reconnect backs off to 10 minutes; onDisconnect
	// reconnects with a backoff capped at maxReconnectWait instead.
	s.ShouldReconnectOnError = false
	s.ShouldRetryOnRateLimit = true
	s.MaxRestRetries = 3

	ctx, cancel := context.WithCancel(context.Background())
	b := &Bot{
		s:       s,
		store:   store,
		log:     cfg.Logger,
		now:     cfg.Now,
		guildID: cfg.GuildID,
		budget:  cfg.AnswerBudget,
		ctx:     ctx,
		cancel:  cancel,
		ready:   make(chan struct{}),
		observe: cfg.Observer,
	}
	b.commands = b.commandHandlers()
	s.AddHandler(b.onReady)
	s.AddHandler(b.onDisconnect)
	s.AddHandler(guard(b, b.onInteraction))
	s.AddHandler(guard(b, b.onReactionAdd))
	s.AddHandler(guard(b, b.onReactionRemove))
	s.AddHandler(guard(b, b.onMessage))
	return b, nil
}

// Open connects to the gateway, waits for READY and registers the slash
// commands (in one bulk overwrite, so stale commands disappear).
func (b *Bot) Open(ctx context.Context) error {
	if err := b.s.Open(); err != nil {
		return fmt.Errorf("bot: open gateway: %w", err)
	}
	select {
	case <-b.ready:
	case <-ctx.Done():
		b.s.Close()
		return fmt.Errorf("bot: waiting for READY: %w", ctx.Err())
	}
	appID := b.s.State.Application.ID
	if appID == "" {
		appID = b.s.State.User.ID
	}
	if _, err := b.s.ApplicationCommandBulkOverwrite(appID, b.guildID, Commands(), discordgo.WithContext(ctx)); err != nil {
		b.s.Close()
		return fmt.Errorf("bot: register commands: %w", err)
	}
	b.log.Info("connected to Discord", "user", b.s.State.User.Username, "guild_scope", b.guildID)
	b.background(b.reconcile)
	return nil
}

// Close stops handling events, waits for running handlers and closes the
// gateway connection.
func (b *Bot) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	err := b.s.Close()
	b.cancel()
	b.handlers.Wait()
	return err
}

// background runs f in a goroutine that Close cancels and waits for.
func (b *Bot) background(f func(ctx context.Context)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.handlers.Add(1)
	go func() {
		defer b.handlers.Done()
		f(b.ctx)
	}()
}

// maxReconnectWait caps the wait between two attempts to reach the gateway
// again, so the bot is back within a minute of Discord being reachable.
const maxReconnectWait = 30 * time.Second

// onDisconnect reconnects after the gateway connection was lost (a read
// error, missed heartbeat ACKs, op 7 RECONNECT), resuming the session where
// Discord allows, so events of a resumable gap are replayed.
func (b *Bot) onDisconnect(s *discordgo.Session, _ *discordgo.Disconnect) {
	if !b.reconnecting.CompareAndSwap(false, true) {
		return
	}
	b.background(func(ctx context.Context) {
		defer b.reconnecting.Store(false)
		wait := time.Second
		for {
			err := s.Open()
			if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				b.log.Info("reconnected to the gateway")
				if b.observe.Reconnect != nil {
					b.observe.Reconnect()
				}
				return
			}
			b.log.Warn("reconnect to the gateway", "err", redact(err), "retry_in", wait)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, maxReconnectWait)
		}
	})
}

// Connected reports whether the gateway connection is up.
func (b *Bot) Connected() bool {
	b.s.RLock()
	defer b.s.RUnlock()
	return b.s.DataReady
}

func (b *Bot) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	b.readyOne.Do(func() { close(b.ready) })
}

// botUserID is the bot's own user id, known after READY.
func (b *Bot) botUserID() string {
	if u := b.s.State.User; u != nil {
		return u.ID
	}
	return ""
}

// guard wraps an event handler so that a panic is recovered and logged
// instead of taking the process down, and so Close can wait for it.
func guard[E any](b *Bot, h func(*discordgo.Session, E)) func(*discordgo.Session, E) {
	return func(s *discordgo.Session, e E) {
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			return
		}
		b.handlers.Add(1)
		b.mu.Unlock()
		defer b.handlers.Done()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("handler panicked", "event", fmt.Sprintf("%T", e), "panic", r)
				if i, ok := any(e).(*discordgo.InteractionCreate); ok {
					b.apologise(i.Interaction)
				}
			}
		}()
		h(s, e)
	}
}
