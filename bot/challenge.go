package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// challengeStore is what the server challenge board needs from the store.
type challengeStore interface {
	// PutBoard creates or replaces the server's board; its members stay.
	PutBoard(ctx context.Context, b plans.Board) error
	// Board returns the server's board, or an error wrapping
	// plans.ErrNotFound.
	Board(ctx context.Context, guildID string) (plans.Board, error)
	// DeleteBoard deletes the server's board and its memberships; an error
	// wrapping plans.ErrNotFound when there is none.
	DeleteBoard(ctx context.Context, guildID string) error
	// JoinBoard and LeaveBoard report whether they changed anything.
	JoinBoard(ctx context.Context, guildID, userID string) (bool, error)
	LeaveBoard(ctx context.Context, guildID, userID string) (bool, error)
	// BoardStandings is the server's board at now: each member who
	// joined, with their week, sorted (plans.StandingOf, SortStandings).
	BoardStandings(ctx context.Context, guildID string, now time.Time) ([]plans.Standing, error)
	// UserBoards lists the servers whose board the user joined.
	UserBoards(ctx context.Context, userID string) ([]string, error)
}

// /challenge and its subcommands and options are a contract with users.
const (
	cmdChallenge = "challenge"

	subStart = "start"
	subJoin  = "join"
	subLeave = "leave"
	subStop  = "stop"
	subShow  = "show"

	optChannel = "channel"
	optDay     = "day"

	defaultBoardDay  = "sunday"
	defaultBoardTime = "18:00"
)

// manageServer are the permissions that may start or stop a board: Manage
// Server, or Administrator, which implies it.
const manageServer = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// weekdayChoices offers the days of the week, Sunday first, by their
// lower-case names, which plans.ParseWeekday reads.
func weekdayChoices() []*discordgo.ApplicationCommandOptionChoice {
	choices := make([]*discordgo.ApplicationCommandOptionChoice, 0, 7)
	for d := time.Sunday; d <= time.Saturday; d++ {
		n := strings.ToLower(d.String())
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: n, Value: n})
	}
	return choices
}

// challengeCommand is /challenge. Discord applies default_member_permissions
// to a whole command, never to one subcommand, and join and leave are for
// every member: so start and stop check Manage Server themselves, from the
// permissions Discord sends with the interaction.
func challengeCommand() *discordgo.ApplicationCommand {
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	serverInstall := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	return &discordgo.ApplicationCommand{
		Name:             cmdChallenge,
		Description:      "This server's weekly glute challenge board",
		Contexts:         &guildOnly,
		IntegrationTypes: &serverInstall,
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type:        discordgo.ApplicationCommandOptionSubCommand,
				Name:        subStart,
				Description: "Post a weekly board of who trained (needs Manage Server)",
				Options: []*discordgo.ApplicationCommandOption{
					{
						Type:         discordgo.ApplicationCommandOptionChannel,
						Name:         optChannel,
						Description:  "Where the board is posted (default: this channel)",
						ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
					},
					{
						Type:        discordgo.ApplicationCommandOptionString,
						Name:        optDay,
						Description: "Day of the week (default sunday)",
						Choices:     weekdayChoices(),
					},
					stringOption(optTime, "Time of day, 24-hour HH:MM (default 18:00)", false),
					{
						Type:         discordgo.ApplicationCommandOptionString,
						Name:         optTimezone,
						Description:  "Time zone of that time, e.g. Europe/Berlin (default UTC)",
						Autocomplete: true,
						MaxLength:    64,
					},
				},
			},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subJoin, Description: "Show your weekly result on this server's board"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subLeave, Description: "Take yourself off this server's board"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subStop, Description: "Stop the weekly board (needs Manage Server)"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subShow, Description: "Preview the board as it stands now (only you see it)"},
		},
	}
}

func (b *Bot) challenge(ctx context.Context, i *discordgo.Interaction) reply {
	if i.GuildID == "" {
		return errorReply("The challenge board belongs to a server: use `/challenge` there.")
	}
	opts := i.ApplicationCommandData().Options
	if len(opts) != 1 || opts[0] == nil || opts[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return errorReply("Pick one of `/challenge start`, `join`, `leave`, `stop` or `show`.")
	}
	sub := opts[0]
	switch sub.Name {
	case subStart:
		return b.challengeStart(ctx, i, sub.Options)
	case subJoin:
		return b.challengeJoin(ctx, i)
	case subLeave:
		return b.challengeLeave(ctx, i)
	case subStop:
		return b.challengeStop(ctx, i)
	case subShow:
		return b.challengeShow(ctx, i)
	}
	return errorReply("I don't know that part of `/challenge`. Try `/challenge show`.")
}

// canManage reports whether the member may start or stop the board.
func canManage(i *discordgo.Interaction) bool {
	return i.Member != nil && i.Member.Permissions&manageServer != 0
}

func (b *Bot) challengeStart(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) reply {
	if !canManage(i) {
		return errorReply("Only members with **Manage Server** can start the board. `/challenge join` puts you on it once it runs.")
	}
	channelID, day, timeText, zone := i.ChannelID, defaultBoardDay, defaultBoardTime, defaultZone
	for _, o := range opts {
		if o == nil {
			continue
		}
		v, _ := o.Value.(string)
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		switch o.Name {
		case optChannel:
			channelID = v
		case optDay:
			day = strings.ToLower(v)
		case optTime:
			timeText = v
		case optTimezone:
			zone = v
		}
	}
	weekday, err := plans.ParseWeekday(day)
	if err != nil {
		return errorReply(fmt.Sprintf("I couldn't use **day** `%s`: pick a weekday, for example `sunday`.", quote(day)))
	}
	at, err := plans.ParseTimeOfDay(timeText)
	if err != nil {
		return errorReply(fmt.Sprintf("I couldn't use **time** `%s`: give a 24-hour time as HH:MM, for example `18:00`.", quote(timeText)))
	}
	// Read as /subscribe reads it: "EST", "Berlin" or "nyc" as well as an
	// IANA name.
	typed := zone
	zone, known := resolveZone(typed)
	loc, err := plans.LoadZone(zone)
	if !known || err != nil {
		return errorReply(unknownZone(typed))
	}
	spec := plans.WeeklySpec(zone, weekday, at)
	// The scheduler reads spec on the zone's wall clock with NextDue's
	// policy for clock changes, so NextDue gives the same first run.
	next := plans.NextDue([]time.Weekday{weekday}, at, loc, b.now())
	if err := b.store.PutBoard(ctx, plans.Board{GuildID: i.GuildID, ChannelID: channelID, Spec: spec, NextRun: next}); err != nil {
		return b.internalError("store board", err)
	}
	b.log.Info("challenge board started", "guild", i.GuildID, "channel", channelID, "spec", spec)
	return reply{content: fmt.Sprintf("🏁 **Weekly glute challenge** — every %s at %s (%s), the board goes up in <#%s>, first on %s.\n"+
		"It shows only the members who join: `/challenge join` to take part, `/challenge leave` to step off. Nobody gets pinged.",
		weekday, at, zone, channelID, discordTime(next, "F"))}
}

func (b *Bot) challengeJoin(ctx context.Context, i *discordgo.Interaction) reply {
	board, r := b.board(ctx, i.GuildID)
	if r != nil {
		return *r
	}
	fresh, err := b.store.JoinBoard(ctx, i.GuildID, userOf(i).ID)
	if err != nil {
		return b.internalError("join board", err)
	}
	if !fresh {
		return reply{ephemeral: true, content: "You're already on this server's board. `/challenge show` previews it."}
	}
	return reply{ephemeral: true, content: fmt.Sprintf("You're on the board! Each week it shows this server how many workouts you did against your target, and your weekly streak — "+
		"nothing else. Next board: %s in <#%s>. `/challenge leave` takes you off.", discordTime(board.NextRun, "F"), board.ChannelID)}
}

func (b *Bot) challengeLeave(ctx context.Context, i *discordgo.Interaction) reply {
	left, err := b.store.LeaveBoard(ctx, i.GuildID, userOf(i).ID)
	if err != nil {
		return b.internalError("leave board", err)
	}
	if !left {
		return errorReply("You're not on this server's board.")
	}
	return reply{ephemeral: true, content: "Done — you're off this server's board. Your workouts carry on as before."}
}

func (b *Bot) challengeStop(ctx context.Context, i *discordgo.Interaction) reply {
	if !canManage(i) {
		return errorReply("Only members with **Manage Server** can stop the board. `/challenge leave` takes you off it.")
	}
	err := b.store.DeleteBoard(ctx, i.GuildID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		return errorReply("This server has no challenge board. `/challenge start` sets one up.")
	case err != nil:
		return b.internalError("delete board", err)
	}
	b.log.Info("challenge board stopped", "guild", i.GuildID)
	return reply{content: "The weekly challenge board is stopped, and its list of members is cleared. `/challenge start` brings it back."}
}

func (b *Bot) challengeShow(ctx context.Context, i *discordgo.Interaction) reply {
	board, r := b.board(ctx, i.GuildID)
	if r != nil {
		return *r
	}
	standings, err := b.store.BoardStandings(ctx, i.GuildID, b.now())
	if err != nil {
		return b.internalError("board standings", err)
	}
	e := boardEmbed(standings)
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Preview — only you can see this."}
	return reply{ephemeral: true, content: fmt.Sprintf("Next board: %s in <#%s>.", discordTime(board.NextRun, "F"), board.ChannelID),
		embeds: []*discordgo.MessageEmbed{e}}
}

// board loads the server's board, or says how to start one.
func (b *Bot) board(ctx context.Context, guildID string) (plans.Board, *reply) {
	board, err := b.store.Board(ctx, guildID)
	if errors.Is(err, plans.ErrNotFound) {
		r := errorReply("This server has no challenge board yet. Someone with **Manage Server** can run `/challenge start`.")
		return board, &r
	}
	if err != nil {
		r := b.internalError("read board", err)
		return board, &r
	}
	return board, nil
}

// maxBoardLines bounds the members listed by name, inside Discord's 4096
// characters of embed description; the total counts everyone.
const maxBoardLines = 40

// boardEmbed renders standings, already sorted: one line per member, and
// the server's total. Mentions in an embed render as names and ping no one.
func boardEmbed(standings []plans.Standing) *discordgo.MessageEmbed {
	var sb strings.Builder
	total := 0
	for k, s := range standings {
		total += s.Done
		if k >= maxBoardLines {
			continue
		}
		mark := ""
		if s.Done >= s.Target && s.Target > 0 {
			mark = " ✅"
		}
		fmt.Fprintf(&sb, "%d. <@%s> — %d of %d this week%s · streak %s\n", k+1, s.UserID, s.Done, s.Target, mark, plans.Plural(s.Streak, "week"))
	}
	if n := len(standings) - maxBoardLines; n > 0 {
		fmt.Fprintf(&sb, "…and %d more\n", n)
	}
	if len(standings) == 0 {
		sb.WriteString("Nobody has joined yet. `/challenge join` puts you on the board.")
	}
	return &discordgo.MessageEmbed{
		Title:       "🏋️ Weekly glute challenge",
		Description: truncate(sb.String(), 4096),
		Color:       embedColor,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Server total", Value: plans.Plural(total, "workout") + " this week", Inline: true},
			{Name: "On the board", Value: plans.Plural(len(standings), "member"), Inline: true},
		},
	}
}

// PostBoard posts the weekly board in its channel, pinging nobody. The
// nonce comes from the server and the run, so a board posted again after a
// crash returns the message already made.
func (b *Bot) PostBoard(ctx context.Context, board plans.Board, standings []plans.Standing, now time.Time) error {
	e := boardEmbed(standings)
	e.Footer = &discordgo.MessageEmbedFooter{Text: "/challenge join to take part · /challenge leave to step off"}
	e.Timestamp = now.UTC().Format(time.RFC3339)
	h := fnv.New64a()
	fmt.Fprintf(h, "board/%s/%d", board.GuildID, board.NextRun.Unix())
	_, err := b.createMessage(ctx, board.ChannelID, outgoingMessage{
		Embeds:          []*discordgo.MessageEmbed{e},
		AllowedMentions: &discordgo.MessageAllowedMentions{},
		Nonce:           fmt.Sprintf("gbb%016x", h.Sum64()),
		EnforceNonce:    true,
	})
	return err
}
