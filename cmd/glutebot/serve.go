package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/schedule"
)

// shutdownTimeout bounds a graceful stop: in-flight posts finish, then the
// gateway and the database close.
const shutdownTimeout = 10 * time.Second

// serve runs the bot until ctx is cancelled. Components start in order
// (store, Discord, scheduler) and stop in reverse.
func serve(ctx context.Context, cfg config, o options) error {
	log := slog.New(slog.NewTextHandler(o.stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	routeDiscordgoLogs(log)

	store, err := data.Open(ctx, cfg.dbPath)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	store.Now = o.now
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	log.Info("database ready", "path", cfg.dbPath)

	m := newMetrics()
	b, err := bot.New(bot.Config{
		Token:             cfg.token,
		APIURL:            cfg.apiURL,
		GuildID:           cfg.guildID,
		RequestsPerSecond: cfg.rate,
		AnswerBudget:      o.answerBudget,
		Transport:         o.transport,
		Logger:            log.With("component", "bot"),
		Now:               o.now,
		Observer:          m.observer(),
	}, store)
	if err != nil {
		return err
	}
	d := schedule.New(store, b, schedule.Config{
		Now:      o.now,
		Logger:   log.With("component", "schedule"),
		OnPosted: m.onPosted,
		OnTick:   o.onTick,
		Boards:   schedule.BoardConfig{Store: store, Poster: b},
		Recaps:   schedule.RecapConfig{Store: store, Sender: b},
		Backup:   schedule.BackupConfig{Store: store, Dir: cfg.backupDir, Spec: cfg.backupSpec},
	})
	b.SetNowPoster(d) // /workout posts through the scheduler
	openCtx, cancelOpen := context.WithTimeout(ctx, time.Minute)
	err = b.Open(openCtx)
	cancelOpen()
	if err != nil {
		return err
	}
	defer func() {
		if err := b.Close(); err != nil {
			log.Error("close Discord session", "err", bot.Redact(err.Error()))
		}
	}()

	if cfg.metricsAddr != "" {
		stop, err := serveMetrics(cfg.metricsAddr, m.handler(func(ctx context.Context) error {
			if !b.Connected() {
				return errGatewayDown
			}
			return store.Writable(ctx)
		}), log)
		if err != nil {
			return err
		}
		defer stop()
	}

	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	runErr := make(chan error, 1)
	go func() { runErr <- d.Run(runCtx) }()

	var fatal error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case fatal = <-b.Fatal():
		// The gateway closed for good (a bad token, disallowed intents):
		// stop as for a signal, then report it as the reason to exit.
		log.Error("stopping: the Discord gateway cannot be reconnected", "err", fatal)
		stopRun()
	case err := <-runErr:
		if err != nil {
			return fmt.Errorf("scheduler: %w", err)
		}
		return errors.New("scheduler stopped")
	}
	select {
	case err := <-runErr:
		if err != nil {
			log.Error("scheduler stopped with error", "err", err)
		}
	case <-time.After(shutdownTimeout):
		log.Error("scheduler did not stop in time", "timeout", shutdownTimeout)
	}
	return fatal
}

var (
	routeOnce   sync.Once
	discordgoTo atomic.Pointer[slog.Logger]
)

// routeDiscordgoLogs sends discordgo's own log lines (a package-level hook in
// discordgo) to log, with tokens removed.
func routeDiscordgoLogs(log *slog.Logger) {
	discordgoTo.Store(log.With("component", "discordgo"))
	routeOnce.Do(func() {
		discordgo.Logger = func(msgL, caller int, format string, a ...interface{}) {
			level := slog.LevelDebug
			switch msgL {
			case discordgo.LogError:
				level = slog.LevelError
			case discordgo.LogWarning:
				level = slog.LevelWarn
			case discordgo.LogInformational:
				level = slog.LevelInfo
			}
			discordgoTo.Load().Log(context.Background(), level, bot.Redact(fmt.Sprintf(format, a...)))
		}
	})
}

// serveMetrics serves h on addr until the returned stop is called.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	log.Info("serving /metrics and /healthz", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
