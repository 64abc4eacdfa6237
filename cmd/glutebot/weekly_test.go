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
	h.markOnlyPostDone("ana", ana)

	// Joining before there is a board, or starting one without Manage
	// Server, is refused with a way forward.
	wantSays(t, "join without a board", h.privateChallenge(ana, "join"), "no challenge board")
	wantSays(t, "start without Manage Server", h.privateChallenge(ana, "start"), "Manage Server")

	// The moderator sets the board for the next minute, Berlin time.
	h.wantChallengeZoneOffered(mod, "berl", "Europe/Berlin")
	h.clock.Set(at(0, 7, 0).Add(30 * time.Second)) // Monday 08:00:30 in Berlin
	cb := h.challenge(mod, "start", opt("day", "monday"), opt("time", "08:01"), opt("timezone", "Europe/Berlin"))
	h.wantBoardAnnounced(cb, at(0, 7, 1), "CRON_TZ=Europe/Berlin 1 8 * * 1")

	// Ana and the moderator join; Ben joins and leaves; Cai never joins.
	for _, u := range []string{ana, mod, ben} {
		wantSays(t, "join", h.privateChallenge(u, "join"), "on the board")
	}
	wantSays(t, "leave", h.privateChallenge(ben, "leave"), "off this server's board")
	show := h.privateChallenge(cai, "show")
	if len(show.Data.Embeds) != 1 || !strings.Contains(show.Data.Embeds[0].Description, "<@"+ana+"> — 1 of 3") {
		t.Fatalf("/challenge show = %+v", show.Data)
	}
	if len(h.boards(xChannel)) != 0 {
		t.Fatalf("a board was posted before its minute")
	}

	// At 08:01 Berlin the board goes up once, naming exactly who joined.
	h.tickJobs(at(0, 7, 1))
	h.wantFirstBoard([]string{ana, mod}, []string{ben, cai}, at(7, 7, 1))

	// /export shows the membership and the recap setting.
	if boards, recap := h.exportedBoards(ana); !slices.Equal(boards, []string{xGuild}) || recap != "sunday" {
		t.Errorf("/export: boards %v, recap %v; want this server and sunday", boards, recap)
	}

	// /forget takes Ana off the board; a member cannot stop it, the
	// moderator can.
	h.forget(inServer, ana)
	if n := h.rowsOf("board_members", ana); n != 0 {
		t.Errorf("%d memberships of ana after /forget", n)
	}
	wantSays(t, "stop by a member", h.privateChallenge(ben, "stop"), "Manage Server")
	h.challenge(mod, "stop")
	if n := h.countRows("boards") + h.countRows("board_members"); n != 0 {
		t.Errorf("%d board rows after stop", n)
	}
	h.tickJobs(at(7, 7, 1))
	if n := len(h.boards(xChannel)); n != 1 {
		t.Errorf("%d boards after stop, want the one from before", n)
	}
	noViolations(t, h.srv)
}

// markOnlyPostDone waits for the bot's ✅ on user's one workout post by DM,
// then marks it done and waits until it is logged.
func (h *harness) markOnlyPostDone(who, user string) {
	h.t.Helper()
	dm := h.srv.DMChannelID(user)
	posts := h.workoutPosts(dm)
	if len(posts) != 1 {
		h.t.Fatalf("%s has %d workout posts, want 1", who, len(posts))
	}
	h.waitForBotsDone(dm, posts[0].ID)
	h.markDoneLogged(dm, posts[0].ID, user)
}

// markDoneLogged reacts ✅ as user on a post and waits until the user's one
// entry is logged.
func (h *harness) markDoneLogged(channel, postID, user string) {
	h.t.Helper()
	h.react(channel, postID, user, "✅")
	waitFor(h.t, "the ✅ logged", func() bool { return h.rowsOf("entries", user) == 1 })
}

// privateChallenge runs /challenge sub as user in the server and returns
// its answer, which must be ephemeral.
func (h *harness) privateChallenge(user, sub string) discordtest.Callback {
	h.t.Helper()
	return h.private(inServer, user, "challenge", discordtest.Option{Name: sub})
}

// wantChallengeZoneOffered checks that /challenge start completes typed as
// a time zone with zone among the choices.
func (h *harness) wantChallengeZoneOffered(user, typed, zone string) {
	h.t.Helper()
	i, err := h.srv.Autocomplete(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: user, Name: "challenge",
		Options: []discordtest.Option{{Name: "start", Options: []discordtest.Option{{Name: "timezone", Value: typed, Focused: true}}}}})
	if err != nil {
		h.t.Fatal(err)
	}
	if cb := h.wait(i); !slices.ContainsFunc(cb.Data.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool { return c.Value == zone }) {
		h.t.Errorf("timezone autocomplete in /challenge start offered %v", cb.Data.Choices)
	}
}

// wantBoardAnnounced checks that /challenge start answered in public, with
// how to join and when the first board goes up, and stored spec.
func (h *harness) wantBoardAnnounced(cb discordtest.Callback, first time.Time, spec string) {
	h.t.Helper()
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 || !strings.Contains(cb.Data.Content, "/challenge join") {
		h.t.Errorf("/challenge start answered %q (flags %d), want a public announcement", cb.Data.Content, cb.Data.Flags)
	}
	if got := timestamps(cb.Data.Content); len(got) != 1 || !got[0].Equal(first) {
		h.t.Errorf("first board announced for %v, want %s", got, first)
	}
	if got := h.queryString("SELECT spec FROM boards"); got != spec {
		h.t.Errorf("stored spec %q", got)
	}
}

// tickJobs moves the clock to t and lets the scheduler look twice: boards
// and recaps are jobs of their own, run on a second tick.
func (h *harness) tickJobs(t time.Time) {
	h.t.Helper()
	h.tick(t)
	h.tick(t.Add(time.Second))
}

// wantFirstBoard checks the one board in the server channel: it names each
// of joined and none of absent, leads with the first joined's 1 of 3, totals
// the week's one workout, pings nobody, and the next is due next.
func (h *harness) wantFirstBoard(joined, absent []string, next time.Time) {
	h.t.Helper()
	boards := h.boards(xChannel)
	if len(boards) != 1 {
		h.t.Fatalf("%d boards posted, want 1", len(boards))
	}
	desc := boards[0].Embeds[0].Description
	for _, u := range joined {
		if !strings.Contains(desc, "<@"+u+">") {
			h.t.Errorf("the board leaves out %s, who joined: %q", u, desc)
		}
	}
	for _, u := range absent {
		if strings.Contains(desc, u) {
			h.t.Errorf("the board names %s, who is not on it: %q", u, desc)
		}
	}
	if lead := joined[0]; !strings.Contains(desc, "<@"+lead+"> — 1 of 3 this week") || strings.Index(desc, lead) > strings.Index(desc, joined[1]) {
		h.t.Errorf("the board should lead with %s's 1 of 3: %q", lead, desc)
	}
	if total := boards[0].Embeds[0].Fields[0]; total.Value != "1 workout this week" {
		h.t.Errorf("server total %q", total.Value)
	}
	if len(boards[0].Mentions) != 0 || boards[0].MentionEveryone {
		h.t.Errorf("the board pinged %v", boards[0].Mentions)
	}
	if n := h.query("SELECT next_run FROM boards"); int64(n) != next.Unix() {
		h.t.Errorf("next board at %d, want a week on", n)
	}
}

// exportedBoards runs /export as user in the server and returns the boards
// and the recap setting it lists.
func (h *harness) exportedBoards(user string) (boards []string, recap any) {
	h.t.Helper()
	exp := h.private(inServer, user, "export")
	if len(exp.Files) != 1 {
		h.t.Fatalf("/export attached %d files", len(exp.Files))
	}
	var data struct {
		Subscription    map[string]any `json:"subscription"`
		ChallengeBoards []string       `json:"challenge_boards"`
	}
	if err := json.Unmarshal(exp.Files[0].Data, &data); err != nil {
		h.t.Fatal(err)
	}
	return data.ChallengeBoards, data.Subscription["weekly_recap"]
}

func TestWeeklyRecap(t *testing.T) {
	t.Parallel()
	const ana, ben = "480000000000000001", "480000000000000002"
	h := newWorld(t, monday, ana, ben)
	h.start()

	// Both subscribe in their DM with the bot; Ben turns the recap off.
	h.subscribeUTC(ana, "mon,wed,fri", "06:00")
	wantSays(t, "/subscribe recap: off", h.subscribeUTC(ben, "mon,wed,fri", "06:00", opt("recap", "off")), "Weekly recap: off")

	// The DM channel named by the interaction is remembered: the first
	// workout costs the post and the ✅, no Create DM.
	createDM := h.srv.Requests("/api/v9/users/@me/channels")
	before := h.srv.Requests("")
	h.tick(at(0, 6, 0))
	waitFor(t, "both posts with ✅", func() bool { return h.postsWithDone(ana, ben) == 2 })
	if got := h.srv.Requests("/api/v9/users/@me/channels") - createDM; got != 0 {
		t.Errorf("%d Create DM requests for subscribers whose DM the bot knows", got)
	}
	if got := h.srv.Requests("") - before; got != 4 {
		t.Errorf("%d requests for 2 first posts, want 4 (post and ✅ each)", got)
	}

	// Ana does Monday's; Sunday 18:00 UTC her recap arrives, Ben's does not.
	dm := h.srv.DMChannelID(ana)
	h.markDoneLogged(dm, h.workoutPosts(dm)[0].ID, ana)
	h.tickJobs(at(6, 17, 59))
	if n := len(h.recaps(ana)); n != 0 {
		t.Fatalf("a recap before Sunday 18:00")
	}
	before = h.srv.Requests("")
	h.tickJobs(at(6, 18, 0))
	got := h.recaps(ana)
	if len(got) != 1 {
		t.Fatalf("ana got %d recaps, want 1", len(got))
	}
	if n := h.srv.Requests("") - before; n != 1 {
		t.Errorf("the recap cost %d requests, want 1", n)
	}
	wantRecapOfOne(t, got[0])
	if n := len(h.recaps(ben)); n != 0 {
		t.Errorf("ben turned recaps off and got %d", n)
	}

	// Ana turns hers off; the next Sunday brings none. Re-subscribing
	// without the option keeps it off.
	h.subscribeIn(inDM, ana, opt("recap", "off"))
	h.subscribeIn(inDM, ana, opt("time", "07:00"))
	h.tickJobs(at(13, 18, 0))
	if n := len(h.recaps(ana)); n != 1 {
		t.Errorf("ana has %d recaps after turning them off, want the first only", n)
	}
	noViolations(t, h.srv)
}

// postsWithDone counts the users' workout posts by DM that carry a ✅.
func (h *harness) postsWithDone(users ...string) int {
	n := 0
	for _, u := range users {
		for _, m := range h.workoutPosts(h.srv.DMChannelID(u)) {
			if len(h.srv.Reactions(m.ChannelID, m.ID, "✅")) > 0 {
				n++
			}
		}
	}
	return n
}

// recaps lists the weekly recaps in user's DM with the bot.
func (h *harness) recaps(user string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range h.srv.BotMessages(h.srv.DMChannelID(user)) {
		if len(m.Embeds) > 0 && m.Embeds[0].Title == "Your week in glutes" {
			out = append(out, m)
		}
	}
	return out
}

// wantRecapOfOne checks that a recap counts one of three workouts this week
// and says what comes next week.
func wantRecapOfOne(t testing.TB, recap discordtest.Message) {
	t.Helper()
	fields := map[string]string{}
	for _, f := range recap.Embeds[0].Fields {
		fields[f.Name] = f.Value
	}
	if !strings.HasPrefix(fields["This week"], "1 of 3 workouts") || fields["Next week"] == "" {
		t.Errorf("recap fields %v", fields)
	}
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
