package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
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
	// PendingDeletions lists up to limit of the messages Forget queued
	// for deletion, oldest first; DeletionDone takes one off the queue.
	PendingDeletions(ctx context.Context, limit int) ([]plans.Deletion, error)
	DeletionDone(ctx context.Context, id int64) error
	// WorkoutNumber counts the user's workouts that reached them up to
	// and including slot; 0 when slot is not theirs.
	WorkoutNumber(ctx context.Context, slot plans.Slot) (int, error)
	// ReconcilePosts lists, by id after afterID, up to limit posted slots
	// due since `since` whose reactions can still change what is recorded:
	// not done and due since openSince, or done since doneSince.
	ReconcilePosts(ctx context.Context, since, openSince, doneSince time.Time, afterID int64, limit int) ([]plans.Slot, error)
	SlotKinds(ctx context.Context, slotID int64) ([]plans.Kind, error)
	// Forget deletes every row about the user and queues the messages
	// the bot wrote them for deletion (PendingDeletions), at once.
	Forget(ctx context.Context, userID string) error

	// LastSettings returns the settings the user last subscribed with, kept
	// after /unsubscribe; an error wrapping plans.ErrNotFound if none.
	LastSettings(ctx context.Context, userID string) (plans.Subscription, error)
	// MoveSlot moves a workout to another date once, reporting false when
	// it was moved before or the date already has a workout.
	MoveSlot(ctx context.Context, slotID int64, localDate string, due, at time.Time) (bool, error)
	SlotMoved(ctx context.Context, slotID int64) (bool, error)
	// ClaimFollowUp reports fresh once per slot and reason, with the DM an
	// earlier reason's follow-up went out as, if any: a workout post gets
	// one private message at most, which later reasons add to.
	ClaimFollowUp(ctx context.Context, slotID int64, reason string, at time.Time) (fresh bool, channelID, messageID string, err error)
	SetFollowUpMessage(ctx context.Context, slotID int64, reason, channelID, messageID string) error
	// AddButtonEntry is AddEntry for feedback given with a button, which
	// reconciling reactions must leave alone; ButtonKinds lists those.
	AddButtonEntry(ctx context.Context, slotID int64, kind plans.Kind, at time.Time) (bool, error)
	ButtonKinds(ctx context.Context, slotID int64) ([]plans.Kind, error)

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

// CheckAPIURL reports whether s can be Config.APIURL: an absolute http or
// https URL with a host, such as DefaultAPIURL or a stand-in's
// http://127.0.0.1:8080. New applies the same check.
func CheckAPIURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("Discord API URL %q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("Discord API URL %q: want http(s)://host[:port]", s)
	}
	return nil
}

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

	commands   map[string]commandHandler         // by command name
	commandIDs atomic.Pointer[map[string]string] // registered command ids by name, for </name:id> mentions

	nowPoster NowPoster // what /workout posts through

	refresh  rerunner // edits of workout posts, one at a time per post
	readBack keySet   // posts whose next edit reads their reactions back first

	fair      *fairUse    // per-user limits; see limits.go
	charts    *chartCache // each user's last /progress chart
	reactions *coalescer  // reactions waiting to settle

	// ctx is the base context for discordgo's fixed-signature handlers; it is
	// cancelled by Close.
	ctx    context.Context
	cancel context.CancelFunc

	ready    chan struct{}
	readyOne sync.Once

	observe      Observer
	reconnecting atomic.Bool

	// Gateway recovery (gateway.go).
	fields    sessionFields          // discordgo's unexported session state
	resumeURL atomic.Pointer[string] // READY's resume_gateway_url
	fatal     chan error             // a FatalGatewayError, once
	readies   atomic.Int64           // READY events: sessions started
	sweep     rerunner               // reconciliation runs, one at a time
	deleting  rerunner               // deletions of forgotten users' messages, one run at a time

	answerLimits answerLimits // rate limits of the interaction webhook routes

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
	// The transport retries 5xx answers (502 included) with a backoff;
	// discordgo retrying 502s on top would multiply the attempts.
	s.MaxRestRetries = 0

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
		fatal:   make(chan error, 1),
	}
	if b.fields, err = sessionFieldsOf(s); err != nil {
		// discordgo's own recovery stays: resumes go to the first gateway
		// URL, 4007/4009 identify only after Discord refuses the resume,
		// and a zombied connection is left to discordgo's own check.
		b.log.Warn("gateway recovery limited", "err", err)
	}
	b.commands = b.commandHandlers()
	b.fair = newFairUse()
	b.charts = newChartCache(maxCachedCharts, weeklyChart)
	b.reactions = newCoalescer(reactionQuiet, reactionMaxWait, maxPendingReactions, b.react, func(p any) {
		b.log.Error("handler panicked", "event", "reaction", "panic", p)
	})
	s.AddHandler(b.onReady)
	s.AddHandler(b.onRawReady)
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
		if fatal := fatalGatewayError(err); fatal != nil {
			return fmt.Errorf("bot: %w", fatal)
		}
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
	registered, err := b.s.ApplicationCommandBulkOverwrite(appID, b.guildID, commandsFor(b.guildID), discordgo.WithContext(ctx))
	if err != nil {
		b.s.Close()
		return fmt.Errorf("bot: register commands: %w", err)
	}
	ids := make(map[string]string, len(registered))
	for _, c := range registered {
		ids[c.Name] = c.ID
	}
	b.commandIDs.Store(&ids)
	b.log.Info("connected to Discord", "user", b.s.State.User.Username, "guild_scope", b.guildID)
	b.background(b.watchHeartbeats)
	b.background(b.reconcile)
	b.background(b.deleteForgotten)
	return nil
}

// Close stops handling events, waits for running handlers and closes the
// gateway connection.
func (b *Bot) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	err := b.s.Close()
	b.reactions.close() // handle the reactions still settling
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
// error, a zombied connection, op 7 RECONNECT), resuming the session at
// resume_gateway_url where Discord allows, so events of a resumable gap are
// replayed. A close code that reconnecting cannot fix ends it (see Fatal);
// one that ends the session makes the next attempt identify anew.
func (b *Bot) onDisconnect(s *discordgo.Session, _ *discordgo.Disconnect) {
	if !b.reconnecting.CompareAndSwap(false, true) {
		return
	}
	b.background(func(ctx context.Context) {
		defer b.reconnecting.Store(false)
		wait := time.Second
		for {
			b.prepareOpen()
			err := s.Open()
			if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				b.log.Info("reconnected to the gateway")
				if b.observe.Reconnect != nil {
					b.observe.Reconnect()
				}
				return
			}
			if fatal := fatalGatewayError(err); fatal != nil {
				b.fail(fatal)
				return
			}
			switch code := closeCode(err); {
			case newSessionClose(code):
				// Identify after the wait below, as after op 9.
				b.log.Info("gateway session ended; identifying anew", "close_code", code)
				b.forgetSession()
			case code == 0 && b.resumeURL.Load() != nil:
				// The resume URL did not answer: resume at the
				// gateway URL instead.
				b.resumeURL.Store(nil)
			}
			b.log.Warn("reconnect to the gateway", "err", redact(err), "retry_in", wait)
			if sleep(ctx, wait) != nil {
				return
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

// onReady marks the bot ready at the first READY. A later READY is a
// session started fresh instead of resumed: Discord replays nothing from
// the gap, so the reactions on open posts are read back.
func (b *Bot) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	b.readyOne.Do(func() { close(b.ready) })
	if b.readies.Add(1) > 1 {
		b.log.Info("new gateway session: reading back reactions from the gap")
		b.background(b.reconcile)
	}
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
