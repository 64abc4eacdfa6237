package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// PutBoard creates or replaces the server's challenge board; its members
// stay.
func (s *Store) PutBoard(ctx context.Context, b plans.Board) error {
	return s.runWrite(ctx, "put board", func(wtx *writeTx) error {
		if b.GuildID == "" || b.ChannelID == "" || b.Spec == "" {
			return fmt.Errorf("board needs a guild, a channel and a spec, got %q, %q and %q", b.GuildID, b.ChannelID, b.Spec)
		}
		_, err := wtx.Exec(`INSERT INTO boards (guild_id, channel_id, spec, next_run) VALUES (?, ?, ?, ?)
			ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, spec = excluded.spec, next_run = excluded.next_run`,
			b.GuildID, b.ChannelID, b.Spec, unix(b.NextRun))
		return err
	})
}

// Board returns the server's board, or an error wrapping ErrNotFound.
func (s *Store) Board(ctx context.Context, guildID string) (plans.Board, error) {
	b, err := scanBoard(s.read.QueryRowContext(ctx, `SELECT guild_id, channel_id, spec, next_run FROM boards WHERE guild_id = ?`, guildID))
	if err = orNotFound(err, "board of guild", guildID); err != nil {
		return plans.Board{}, fmt.Errorf("data: board: %w", err)
	}
	return b, nil
}

// DeleteBoard deletes the server's board and its memberships; an error
// wrapping ErrNotFound if there was none.
func (s *Store) DeleteBoard(ctx context.Context, guildID string) error {
	return s.runWrite(ctx, "delete board", func(wtx *writeTx) error {
		if err := execOne(wtx, "board of guild", guildID, `DELETE FROM boards WHERE guild_id = ?`, guildID); err != nil {
			return err
		}
		_, err := wtx.Exec(`DELETE FROM board_members WHERE guild_id = ?`, guildID)
		return err
	})
}

// JoinBoard puts the user on the server's board, if the server has one. It
// reports whether they were not on it before; without a board the error
// wraps ErrNotFound.
func (s *Store) JoinBoard(ctx context.Context, guildID, userID string) (bool, error) {
	var joined bool
	err := s.runWrite(ctx, "join board", func(wtx *writeTx) error {
		if err := mustExist(wtx, "board of guild", guildID, `SELECT EXISTS (SELECT 1 FROM boards WHERE guild_id = ?)`, guildID); err != nil {
			return err
		}
		var err error
		joined, err = changed(wtx, `INSERT INTO board_members (guild_id, user_id, joined) VALUES (?, ?, ?)
			ON CONFLICT (guild_id, user_id) DO NOTHING`, guildID, userID, unix(s.Now()))
		return err
	})
	return joined, err
}

// LeaveBoard takes the user off the server's board and reports whether
// they were on it.
func (s *Store) LeaveBoard(ctx context.Context, guildID, userID string) (bool, error) {
	return s.writeChanged(ctx, "leave board", `DELETE FROM board_members WHERE guild_id = ? AND user_id = ?`, guildID, userID)
}

// BoardMembers lists the users on the server's board, by when they joined.
func (s *Store) BoardMembers(ctx context.Context, guildID string) ([]string, error) {
	out, err := queryList(ctx, s.read, scanValue[string],
		`SELECT user_id FROM board_members WHERE guild_id = ? ORDER BY joined, user_id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("data: board members: %w", err)
	}
	return out, nil
}

// BoardStandings is the server's board at now: each member who joined,
// with their week as plans.StandingOf counts it on their subscription, the
// settings they kept after stopping, or the defaults, in
// plans.SortStandings' order.
func (s *Store) BoardStandings(ctx context.Context, guildID string, now time.Time) ([]plans.Standing, error) {
	members, err := s.BoardMembers(ctx, guildID)
	if err != nil {
		return nil, err
	}
	out := make([]plans.Standing, 0, len(members))
	for _, id := range members {
		sub, err := s.Subscription(ctx, id)
		if errors.Is(err, plans.ErrNotFound) {
			sub, err = s.LastSettings(ctx, id)
		}
		if errors.Is(err, plans.ErrNotFound) {
			sub, err = plans.DefaultSubscription(id), nil
		}
		if err != nil {
			return nil, err
		}
		history, err := s.History(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, plans.StandingOf(id, sub, history, now))
	}
	plans.SortStandings(out)
	return out, nil
}

// UserBoards lists the servers whose board the user joined.
func (s *Store) UserBoards(ctx context.Context, userID string) ([]string, error) {
	out, err := queryList(ctx, s.read, scanValue[string],
		`SELECT guild_id FROM board_members WHERE user_id = ? ORDER BY guild_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("data: user boards: %w", err)
	}
	return out, nil
}

// DueBoards lists the boards whose next run is at or before now, earliest
// first.
func (s *Store) DueBoards(ctx context.Context, now time.Time) ([]plans.Board, error) {
	out, err := queryList(ctx, s.read, scanBoard, dueBoardsQuery, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("data: due boards: %w", err)
	}
	return out, nil
}

// dueBoardsQuery runs every second, a search of boards_next_run.
const dueBoardsQuery = `SELECT guild_id, channel_id, spec, next_run FROM boards
	WHERE next_run <= ? ORDER BY next_run, guild_id`

// SetBoardNextRun records the board's next run, unless the board was
// started again with another spec (or stopped) since it was read: that
// change has set its own next run.
func (s *Store) SetBoardNextRun(ctx context.Context, guildID, spec string, next time.Time) error {
	return s.runWrite(ctx, "set board next run", func(wtx *writeTx) error {
		_, err := wtx.Exec(`UPDATE boards SET next_run = ? WHERE guild_id = ? AND spec = ?`, unix(next), guildID, spec)
		return err
	})
}

func scanBoard(row scanner) (plans.Board, error) {
	var b plans.Board
	var next int64
	if err := row.Scan(&b.GuildID, &b.ChannelID, &b.Spec, &next); err != nil {
		return plans.Board{}, err
	}
	b.NextRun = fromUnix(next)
	return b, nil
}
