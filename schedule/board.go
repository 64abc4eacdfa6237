package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// BoardStore is the part of the database the challenge boards use.
type BoardStore interface {
	// DueBoards lists the boards whose next run is at or before now.
	DueBoards(ctx context.Context, now time.Time) ([]plans.Board, error)
	// SetBoardNextRun records a board's next run, unless the board was
	// changed since it was listed (its spec is no longer spec).
	SetBoardNextRun(ctx context.Context, guildID, spec string, next time.Time) error
	// BoardStandings is the server's board at now: each member who
	// joined, with their week, sorted (plans.StandingOf, SortStandings).
	BoardStandings(ctx context.Context, guildID string, now time.Time) ([]plans.Standing, error)
}

// BoardPoster posts a challenge board.
type BoardPoster interface {
	// PostBoard posts standings, sorted, in the board's channel, pinging
	// nobody. The error wraps plans.ErrUndeliverable when Discord will
	// never accept it there (the channel is gone or closed to the bot).
	PostBoard(ctx context.Context, board plans.Board, standings []plans.Standing, now time.Time) error
}

// BoardConfig turns the challenge boards on.
type BoardConfig struct {
	Store  BoardStore
	Poster BoardPoster
}

func (c BoardConfig) enabled() bool { return c.Store != nil && c.Poster != nil }

// PostBoards posts every board due at now in its channel. Its next run is
// recorded first, with cron's parser, so a crash or a failed write never
// posts the same board twice; at worst one week's board is lost. A board
// first seen (no next run yet) is only scheduled; one more than the grace
// window late (the bot was down) is skipped to its next run. A failed post
// is not retried before next week: the board is a weekly summary, not worth
// a storm of retries. Each post waits until no workout is being delivered.
func (d *Dispatcher) PostBoards(ctx context.Context, now time.Time) error {
	boards, err := d.boards.Store.DueBoards(ctx, now)
	if err != nil {
		return fmt.Errorf("list due boards: %w", err)
	}
	for _, b := range boards {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		log := d.log.With("guild", b.GuildID, "channel", b.ChannelID)
		next, err := nextRun(b.Spec, now)
		if err != nil {
			log.Error("board has an unusable schedule; parked until it is started again", "err", err)
			next = never
		}
		if err := d.boards.Store.SetBoardNextRun(ctx, b.GuildID, b.Spec, next); err != nil {
			log.Error("schedule next board; not posting it now", "err", err)
			continue
		}
		switch {
		case b.NextRun.IsZero():
		case now.Sub(b.NextRun) > d.grace:
			log.Warn("board missed by more than the grace window; skipped", "due", b.NextRun)
		default:
			if err := d.postBoard(ctx, b, now); err != nil {
				log.Error("post challenge board", "err", err)
			}
		}
	}
	return nil
}

func (d *Dispatcher) postBoard(ctx context.Context, b plans.Board, now time.Time) error {
	standings, err := d.boards.Store.BoardStandings(ctx, b.GuildID, now)
	if err != nil {
		return fmt.Errorf("board standings: %w", err)
	}
	if err := d.delivering.wait(ctx); err != nil {
		return err
	}
	if err := d.boards.Poster.PostBoard(ctx, b, standings, now); err != nil {
		return err
	}
	d.log.Info("challenge board posted", "guild", b.GuildID, "channel", b.ChannelID, "members", len(standings))
	return nil
}
