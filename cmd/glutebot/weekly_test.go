package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
	"github.com/glutebot/glutebot/schedule"
)

// queryString runs a query for one text value in the program's database.
func (h *harness) queryString(q string, args ...any) string {
	h.t.Helper()
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRow(q, args...).Scan(&s); err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
	return s
}

// challenge runs /challenge sub as user in the server.
func (h *harness) challenge(user, sub string, opts ...discordtest.Option) discordtest.Callback {
	h.t.Helper()
	cb, _ := h.command(inServer, user, "challenge", discordtest.Option{Name: sub, Options: opts})
	return cb
}

// boards lists the bot's challenge boards in a channel.
func (h *harness) boards(channelID string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range h.srv.BotMessages(channelID) {
		if len(m.Embeds) > 0 && strings.Contains(m.Embeds[0].Title, "challenge") {
			out = append(out, m)
		}
	}
	return out
}

func TestChallengeBoard(t *testing.T) {
	t.Parallel()
	const mod, ana, ben, cai = "470000000000000001", "470000000000000002", "470000000000000003", "470000000000000004"
	h := newWorld(t, monday, mod, ana, ben, cai)
	h.srv.SetMemberPermissions(xGuild, mod, discordgo.PermissionManageGuild)
	h.start()

	// Ana trains Mondays, Wednesdays and Fridays and does Monday's.
	h.subscribeUTC(ana, "mon,wed,fri", "06:00")
	h.subscribeUTC(cai, "mon,thu", "06:00")
	h.tick(at(0, 6, 0))
	dm := h.srv.DMChannelID(ana)
	posts := h.workoutPosts(dm)
	if len(posts) != 1 {
		t.Fatalf("ana has %d workout posts, want 1", len(posts))
	}
	h.waitForBotsDone(dm, posts[0].ID)
	h.react(dm, posts[0].ID, ana, "✅")
	waitFor(t, "ana's ✅ logged", func() bool { return h.query("SELECT count(*) FROM entries WHERE user_id = ?", ana) == 1 })

	// Joining before there is a board, or starting one without Manage
	// Server, is refused with a way forward.
	if cb := h.private(inServer, ana, "challenge", discordtest.Option{Name: "join"}); !strings.Contains(cb.Data.Content, "no challenge board") {
		t.Errorf("join without a board answered %q", cb.Data.Content)
	}
	if cb := h.private(inServer, ana, "challenge", discordtest.Option{Name: "start"}); !strings.Contains(cb.Data.Content, "Manage Server") {
		t.Errorf("start without Manage Server answered %q", cb.Data.Content)
	}

	// The moderator sets the board for the next minute, Berlin time.
	i, err := h.srv.Autocomplete(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: mod, Name: "challenge",
		Options: []discordtest.Option{{Name: "start", Options: []discordtest.Option{{Name: "timezone", Value: "berl", Focused: true}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if cb := h.wait(i); !slices.ContainsFunc(cb.Data.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool { return c.Value == "Europe/Berlin" }) {
		t.Errorf("timezone autocomplete in /challenge start offered %v", cb.Data.Choices)
	}
	h.clock.Set(at(0, 7, 0).Add(30 * time.Second)) // Monday 08:00:30 in Berlin
	cb := h.challenge(mod, "start", opt("day", "monday"), opt("time", "08:01"), opt("timezone", "Europe/Berlin"))
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 || !strings.Contains(cb.Data.Content, "/challenge join") {
		t.Errorf("/challenge start answered %q (flags %d), want a public announcement", cb.Data.Content, cb.Data.Flags)
	}
	if got := timestamps(cb.Data.Content); len(got) != 1 || !got[0].Equal(at(0, 7, 1)) {
		t.Errorf("first board announced for %v, want %s", got, at(0, 7, 1))
	}
	if spec := h.queryString("SELECT spec FROM boards"); spec != "CRON_TZ=Europe/Berlin 1 8 * * 1" {
		t.Errorf("stored spec %q", spec)
	}

	// Ana and the moderator join; Ben joins and leaves; Cai never joins.
	for _, u := range []string{ana, mod, ben} {
		if cb := h.private(inServer, u, "challenge", discordtest.Option{Name: "join"}); !strings.Contains(cb.Data.Content, "on the board") {
			t.Errorf("join answered %q", cb.Data.Content)
		}
	}
	if cb := h.private(inServer, ben, "challenge", discordtest.Option{Name: "leave"}); !strings.Contains(cb.Data.Content, "off this server's board") {
		t.Errorf("leave answered %q", cb.Data.Content)
	}
	show := h.private(inServer, cai, "challenge", discordtest.Option{Name: "show"})
	if len(show.Data.Embeds) != 1 || !strings.Contains(show.Data.Embeds[0].Description, "<@"+ana+"> — 1 of 3") {
		t.Fatalf("/challenge show = %+v", show.Data)
	}
	if len(h.boards(xChannel)) != 0 {
		t.Fatalf("a board was posted before its minute")
	}

	// At 08:01 Berlin the board goes up once, naming exactly who joined.
	h.tick(at(0, 7, 1))
	h.tick(at(0, 7, 1).Add(time.Second))
	boards := h.boards(xChannel)
	if len(boards) != 1 {
		t.Fatalf("%d boards posted, want 1", len(boards))
	}
	desc := boards[0].Embeds[0].Description
	for _, u := range []string{ana, mod} {
		if !strings.Contains(desc, "<@"+u+">") {
			t.Errorf("the board leaves out %s, who joined: %q", u, desc)
		}
	}
	for _, u := range []string{ben, cai} {
		if strings.Contains(desc, u) {
			t.Errorf("the board names %s, who is not on it: %q", u, desc)
		}
	}
	if !strings.Contains(desc, "<@"+ana+"> — 1 of 3 this week") || strings.Index(desc, ana) > strings.Index(desc, mod) {
		t.Errorf("the board should lead with ana's 1 of 3: %q", desc)
	}
	if total := boards[0].Embeds[0].Fields[0]; total.Value != "1 workout this week" {
		t.Errorf("server total %q", total.Value)
	}
	if len(boards[0].Mentions) != 0 || boards[0].MentionEveryone {
		t.Errorf("the board pinged %v", boards[0].Mentions)
	}
	if next := h.query("SELECT next_run FROM boards"); int64(next) != at(7, 7, 1).Unix() {
		t.Errorf("next board at %d, want a week on", next)
	}

	// /export shows the membership and the recap setting.
	exp := h.private(inServer, ana, "export")
	if len(exp.Files) != 1 {
		t.Fatalf("/export attached %d files", len(exp.Files))
	}
	var data struct {
		Subscription    map[string]any `json:"subscription"`
		ChallengeBoards []string       `json:"challenge_boards"`
	}
	if err := json.Unmarshal(exp.Files[0].Data, &data); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(data.ChallengeBoards, []string{xGuild}) || data.Subscription["weekly_recap"] != "sunday" {
		t.Errorf("/export: boards %v, recap %v; want this server and sunday", data.ChallengeBoards, data.Subscription["weekly_recap"])
	}

	// /forget takes Ana off the board; a member cannot stop it, the
	// moderator can.
	fcb, fi := h.command(inServer, ana, "forget")
	h.press(fi, fcb, "Delete my data")
	if n := h.query("SELECT count(*) FROM board_members WHERE user_id = ?", ana); n != 0 {
		t.Errorf("%d memberships of ana after /forget", n)
	}
	if cb := h.private(inServer, ben, "challenge", discordtest.Option{Name: "stop"}); !strings.Contains(cb.Data.Content, "Manage Server") {
		t.Errorf("stop by a member answered %q", cb.Data.Content)
	}
	h.challenge(mod, "stop")
	if n := h.countRows("boards") + h.countRows("board_members"); n != 0 {
		t.Errorf("%d board rows after stop", n)
	}
	h.tick(at(7, 7, 1))
	h.tick(at(7, 7, 1).Add(time.Second)) // boards and recaps are jobs of their own: give them a second tick
	if n := len(h.boards(xChannel)); n != 1 {
		t.Errorf("%d boards after stop, want the one from before", n)
	}
	noViolations(t, h.srv)
}

func TestWeeklyRecap(t *testing.T) {
	t.Parallel()
	const ana, ben = "480000000000000001", "480000000000000002"
	h := newWorld(t, monday, ana, ben)
	h.start()

	// Both subscribe in their DM with the bot; Ben turns the recap off.
	h.subscribeUTC(ana, "mon,wed,fri", "06:00")
	cb := h.subscribeUTC(ben, "mon,wed,fri", "06:00", opt("recap", "off"))
	if !strings.Contains(cb.Data.Content, "Weekly recap: off") {
		t.Errorf("/subscribe recap: off answered %q", cb.Data.Content)
	}

	// The DM channel named by the interaction is remembered: the first
	// workout costs the post and the ✅, no Create DM.
	createDM := h.srv.Requests("/api/v9/users/@me/channels")
	before := h.srv.Requests("")
	h.tick(at(0, 6, 0))
	waitFor(t, "both posts with ✅", func() bool {
		n := 0
		for _, u := range []string{ana, ben} {
			for _, m := range h.workoutPosts(h.srv.DMChannelID(u)) {
				if len(h.srv.Reactions(m.ChannelID, m.ID, "✅")) > 0 {
					n++
				}
			}
		}
		return n == 2
	})
	if got := h.srv.Requests("/api/v9/users/@me/channels") - createDM; got != 0 {
		t.Errorf("%d Create DM requests for subscribers whose DM the bot knows", got)
	}
	if got := h.srv.Requests("") - before; got != 4 {
		t.Errorf("%d requests for 2 first posts, want 4 (post and ✅ each)", got)
	}

	// Ana does Monday's; Sunday 18:00 UTC her recap arrives, Ben's does not.
	dm := h.srv.DMChannelID(ana)
	post := h.workoutPosts(dm)[0]
	h.react(dm, post.ID, ana, "✅")
	waitFor(t, "ana's ✅ logged", func() bool { return h.query("SELECT count(*) FROM entries WHERE user_id = ?", ana) == 1 })
	recaps := func(u string) []discordtest.Message {
		var out []discordtest.Message
		for _, m := range h.srv.BotMessages(h.srv.DMChannelID(u)) {
			if len(m.Embeds) > 0 && m.Embeds[0].Title == "Your week in glutes" {
				out = append(out, m)
			}
		}
		return out
	}
	h.tick(at(6, 17, 59))
	h.tick(at(6, 17, 59).Add(time.Second)) // boards and recaps are jobs of their own: give them a second tick
	if n := len(recaps(ana)); n != 0 {
		t.Fatalf("a recap before Sunday 18:00")
	}
	before = h.srv.Requests("")
	h.tick(at(6, 18, 0))
	h.tick(at(6, 18, 0).Add(time.Second))
	got := recaps(ana)
	if len(got) != 1 {
		t.Fatalf("ana got %d recaps, want 1", len(got))
	}
	if n := h.srv.Requests("") - before; n != 1 {
		t.Errorf("the recap cost %d requests, want 1", n)
	}
	fields := map[string]string{}
	for _, f := range got[0].Embeds[0].Fields {
		fields[f.Name] = f.Value
	}
	if !strings.HasPrefix(fields["This week"], "1 of 3 workouts") || fields["Next week"] == "" {
		t.Errorf("recap fields %v", fields)
	}
	if n := len(recaps(ben)); n != 0 {
		t.Errorf("ben turned recaps off and got %d", n)
	}

	// Ana turns hers off; the next Sunday brings none. Re-subscribing
	// without the option keeps it off.
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("recap", "off")}})
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("time", "07:00")}})
	h.tick(at(13, 18, 0))
	h.tick(at(13, 18, 0).Add(time.Second)) // boards and recaps are jobs of their own: give them a second tick
	if n := len(recaps(ana)); n != 1 {
		t.Errorf("ana has %d recaps after turning them off, want the first only", n)
	}
	noViolations(t, h.srv)
}

// TestNightlyBackupsRotate takes nine nights of backups of a real database
// through the scheduler's backup job: each is a checked SQLite copy, and the
// newest seven are kept.
func TestNightlyBackupsRotate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, err := data.Open(ctx, filepath.Join(t.TempDir(), "glutebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.SetScreened(ctx, "u1", monday); err != nil {
		t.Fatal(err)
	}
	if err := store.PutSubscription(ctx, plans.Subscription{UserID: "u1", Days: []time.Weekday{time.Monday, time.Friday}, TimeOfDay: plans.TimeOfDay{Hour: 7}, Zone: "UTC", NextDue: monday}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	d := schedule.New(store, nil, schedule.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Backup: schedule.BackupConfig{Store: store, Dir: dir}})
	var made []string
	for night := range 9 {
		path, err := d.Backup(ctx, at(night, 3, 0))
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(path))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, e := range entries {
		kept = append(kept, e.Name())
		info, err := e.Info()
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", e.Name(), info.Mode(), err)
		}
	}
	if diff := cmp.Diff(made[2:], kept); diff != "" {
		t.Errorf("kept backups, want the newest seven (-want +got):\n%s", diff)
	}
	copyOf, err := data.Open(ctx, filepath.Join(dir, kept[len(kept)-1]))
	if err != nil {
		t.Fatal(err)
	}
	defer copyOf.Close()
	if sub, err := copyOf.Subscription(ctx, "u1"); err != nil || sub.Zone != "UTC" {
		t.Errorf("the newest backup's subscription = %+v, %v", sub, err)
	}
}
