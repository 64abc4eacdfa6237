package discordtest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestCommandBulkOverwriteValidation(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	app := srv.opts.ApplicationID
	registerCommands(t, s, srv)
	before := srv.Commands("")
	if len(before) != 2 || before[0].ID == "" || before[0].ApplicationID != app {
		t.Fatalf("Commands() = %+v, want 2 with ids", before)
	}

	str := func(name string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: "d", Required: required}
	}
	many := func(n int) []*discordgo.ApplicationCommandOption {
		var out []*discordgo.ApplicationCommandOption
		for i := range n {
			out = append(out, str(fmt.Sprintf("o%d", i), false))
		}
		return out
	}
	var choices []*discordgo.ApplicationCommandOptionChoice
	for i := range 26 {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprint(i), Value: fmt.Sprint(i)})
	}
	for _, tc := range []struct {
		name string
		cmd  discordgo.ApplicationCommand
	}{
		{"uppercase name", discordgo.ApplicationCommand{Name: "Workout", Description: "d"}},
		{"space in name", discordgo.ApplicationCommand{Name: "my workout", Description: "d"}},
		{"name of 33", discordgo.ApplicationCommand{Name: strings.Repeat("a", 33), Description: "d"}},
		{"no description", discordgo.ApplicationCommand{Name: "workout"}},
		{"description of 101", discordgo.ApplicationCommand{Name: "workout", Description: strings.Repeat("d", 101)}},
		{"26 options", discordgo.ApplicationCommand{Name: "workout", Description: "d", Options: many(26)}},
		{"required after optional", discordgo.ApplicationCommand{Name: "workout", Description: "d",
			Options: []*discordgo.ApplicationCommandOption{str("a", false), str("b", true)}}},
		{"26 choices", discordgo.ApplicationCommand{Name: "workout", Description: "d", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "day", Description: "d", Choices: choices}}}},
		{"uppercase option", discordgo.ApplicationCommand{Name: "workout", Description: "d",
			Options: []*discordgo.ApplicationCommandOption{str("Day", false)}}},
		// application-commands.mdx: "a maximum of 8000 characters" per
		// command (the stand-in allowed 4000).
		{"over 8000 characters", discordgo.ApplicationCommand{Name: "workout", Description: "d", Options: func() []*discordgo.ApplicationCommandOption {
			opts := many(25)
			for _, o := range opts {
				o.Description = strings.Repeat("d", 100)
				o.Choices = []*discordgo.ApplicationCommandOptionChoice{
					{Name: strings.Repeat("c", 100), Value: strings.Repeat("v", 100)},
					{Name: strings.Repeat("e", 100), Value: strings.Repeat("w", 100)}}
			}
			return opts
		}()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := tc.cmd
			_, err := s.ApplicationCommandBulkOverwrite(app, "", []*discordgo.ApplicationCommand{&cmd})
			if status, code := restCode(t, err); status != http.StatusBadRequest || code != CodeInvalidFormBody {
				t.Errorf("got %d/%d, want 400/%d", status, code, CodeInvalidFormBody)
			}
		})
	}
	if after := srv.Commands(""); len(after) != 2 {
		t.Errorf("refused overwrites changed the commands: %+v", after)
	}

	// A valid overwrite keeps the id of a command that stays.
	cmds, err := s.ApplicationCommandBulkOverwrite(app, guildID, []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.ApplicationCommandBulkOverwrite(app, guildID, []*discordgo.ApplicationCommand{{Name: "help", Description: "More help"}})
	if err != nil {
		t.Fatal(err)
	}
	if again[0].ID != cmds[0].ID || again[0].GuildID != guildID {
		t.Errorf("overwrite gave %+v, want id %s in guild %s", again[0], cmds[0].ID, guildID)
	}
	if got := srv.Commands(guildID); len(got) != 1 || got[0].Description != "More help" {
		t.Errorf("Commands(guild) = %+v", got)
	}
	if _, err := s.ApplicationCommandBulkOverwrite(app, "999999999999999999", nil); err == nil {
		t.Error("overwrite in an unknown guild succeeded")
	}
}

func TestSlashCallbackRules(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := newWorld(t, Options{Now: clock.Now})
	s, got := commandBot(t, srv)

	in, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "pause", Options: []Option{{Name: "weeks", Value: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "INTERACTION_CREATE")
	if ic.ID != in.ID || ic.Member == nil || ic.Member.User.ID != ana || ic.GuildID != guildID {
		t.Fatalf("interaction %+v, want %s from ana in the guild", ic.Interaction, in.ID)
	}
	if d := ic.ApplicationCommandData(); d.Name != "pause" || d.Options[0].IntValue() != 2 {
		t.Errorf("data %+v, want /pause weeks:2", d)
	}
	clock.Advance(time.Second)
	answer := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "Paused for 2 weeks.", Flags: discordgo.MessageFlagsEphemeral}}
	if err := s.InteractionRespond(ic.Interaction, answer); err != nil {
		t.Fatalf("first answer: %v", err)
	}
	cb, err := in.Wait(ctxT(t, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != 4 || cb.Data.Content != "Paused for 2 weeks." || cb.Data.Flags != discordgo.MessageFlagsEphemeral || cb.Latency != time.Second {
		t.Errorf("callback %+v", cb)
	}
	if len(srv.Messages(chanID)) != 0 {
		t.Error("an ephemeral answer landed in the channel")
	}
	if o, ok := in.Original(); !ok || o.Content != "Paused for 2 weeks." {
		t.Errorf("Original() = %+v, %v", o, ok)
	}
	err = s.InteractionRespond(ic.Interaction, answer)
	if status, code := restCode(t, err); status != http.StatusBadRequest || code != CodeAlreadyAcknowledged {
		t.Errorf("second answer: %d/%d, want 400/40060", status, code)
	}

	// Later than the deadline: Discord no longer knows the interaction.
	late, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "tip"})
	if err != nil {
		t.Fatal(err)
	}
	lic := recv(t, got, "the late interaction")
	clock.Advance(3*time.Second + time.Millisecond)
	err = s.InteractionRespond(lic.Interaction, answer)
	if status, code := restCode(t, err); status != http.StatusNotFound || code != CodeUnknownInteraction {
		t.Errorf("late answer: %d/%d, want 404/10062", status, code)
	}
	if _, err := late.Wait(ctxT(t, 50*time.Millisecond)); err == nil {
		t.Error("a refused answer counts as a callback")
	}

	// Injection follows the registered command, as Discord's client does.
	for _, bad := range []Slash{
		{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "nope"},
		{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "pause"},
		{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "pause", Options: []Option{{Name: "weeks", Value: 9}}},
		{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "pause", Options: []Option{{Name: "weeks", Value: "2"}}},
	} {
		if _, err := srv.Slash(bad); !errors.Is(err, ErrUnknownCommand) && !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Slash(%+v) = %v, want a refusal", bad, err)
		}
	}
}

func TestDeferredFollowupAndEditOriginal(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := newWorld(t, Options{Now: clock.Now})
	s, got := commandBot(t, srv)

	in, err := srv.Slash(Slash{UserID: ben, Name: "tip"}) // from a DM
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "INTERACTION_CREATE")
	if ic.User == nil || ic.User.ID != ben || ic.ChannelID != srv.DMChannelID(ben) || ic.GuildID != "" {
		t.Fatalf("DM interaction %+v", ic.Interaction)
	}
	// Follow-ups before any answer are refused.
	if _, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "early"}); err == nil {
		t.Error("follow-up before the answer succeeded")
	}
	if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	if o, ok := in.Original(); !ok || o.Flags&flagLoading == 0 {
		t.Errorf("deferred original %+v, want a loading message", o)
	}
	clock.Advance(10 * time.Second)
	content := "Squeeze your glutes at the top of each bridge."
	if _, err := s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &content}); err != nil {
		t.Fatalf("edit original after the 3 s deadline: %v", err)
	}
	o, _ := in.Original()
	if o.Content != content || o.Flags&flagLoading != 0 || o.EditedTimestamp == nil {
		t.Errorf("original after edit %+v", o.Message)
	}
	f, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "One more: hip thrusts."})
	if err != nil {
		t.Fatal(err)
	}
	if fs := in.Followups(); len(fs) != 1 || fs[0].ID != f.ID {
		t.Errorf("Followups() = %+v, want %s", fs, f.ID)
	}
	if n := len(srv.BotMessages(srv.DMChannelID(ben))); n != 2 {
		t.Errorf("%d bot messages in the DM, want the original and the follow-up", n)
	}
	if _, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{}); err == nil {
		t.Error("empty follow-up succeeded")
	}

	// The token lives 15 minutes.
	clock.Advance(15 * time.Minute)
	_, err = s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "too late"})
	if status, code := restCode(t, err); status != http.StatusUnauthorized || code != CodeInvalidWebhookToken {
		t.Errorf("follow-up after 15 min: %d/%d, want 401/50027", status, code)
	}
}

func TestFirstFollowupAfterDeferEditsTheLoadingMessage(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s, got := commandBot(t, srv)
	in, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "tip"})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "INTERACTION_CREATE")
	if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "Done thinking."}); err != nil {
		t.Fatal(err)
	}
	if o, _ := in.Original(); o.Content != "Done thinking." || len(in.Followups()) != 0 || len(srv.Messages(chanID)) != 1 {
		t.Errorf("original %q, %d follow-ups, %d channel messages; want the loading message edited", o.Content, len(in.Followups()), len(srv.Messages(chanID)))
	}
}

func TestAutocompleteAndButtons(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s, got := commandBot(t, srv)

	ac, err := srv.Autocomplete(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "tip", Options: []Option{{Name: "exercise", Value: "bri", Focused: true}}})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "autocomplete")
	if o := ic.ApplicationCommandData().Options[0]; !o.Focused || o.StringValue() != "bri" {
		t.Errorf("focused option %+v", o)
	}
	var tooMany []*discordgo.ApplicationCommandOptionChoice
	for i := range 26 {
		tooMany = append(tooMany, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprint("bridge ", i), Value: fmt.Sprint(i)})
	}
	err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: tooMany}})
	if status, code := restCode(t, err); status != http.StatusBadRequest || code != CodeInvalidFormBody {
		t.Errorf("26 choices: %d/%d, want 400/50035", status, code)
	}
	err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "no"}})
	if status, code := restCode(t, err); status != http.StatusBadRequest || code != CodeInvalidFormBody {
		t.Errorf("a message for an autocomplete: %d/%d, want 400/50035", status, code)
	}
	if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: tooMany[:25]}}); err != nil {
		t.Fatal(err)
	}
	if cb, err := ac.Wait(ctxT(t, time.Second)); err != nil || len(cb.Data.Choices) != 25 {
		t.Errorf("autocomplete callback %+v, %v", cb, err)
	}

	// A bot message with a button; pressing it and updating the message.
	m, err := s.ChannelMessageSendComplex(chanID, &discordgo.MessageSend{
		Content: "Workout: 3×12 glute bridges",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Done", Style: discordgo.SuccessButton, CustomID: "done:1"},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Button(Button{GuildID: guildID, ChannelID: chanID, UserID: ana, MessageID: m.ID, CustomID: "nope"}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("pressing a missing button = %v, want ErrInvalidInput", err)
	}
	b, err := srv.Button(Button{GuildID: guildID, ChannelID: chanID, UserID: ana, MessageID: m.ID, CustomID: "done:1"})
	if err != nil {
		t.Fatal(err)
	}
	bic := recv(t, got, "button")
	if bic.MessageComponentData().CustomID != "done:1" || bic.Message == nil || bic.Message.ID != m.ID {
		t.Errorf("button interaction %+v", bic.Interaction)
	}
	if err := s.InteractionRespond(bic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "Logged ✅", Components: []discordgo.MessageComponent{}}}); err != nil {
		t.Fatal(err)
	}
	if o, ok := b.Original(); !ok || o.ID != m.ID || o.Content != "Logged ✅" || len(o.Components) != 0 {
		t.Errorf("updated message %+v", o.Message)
	}
}

func TestInteractionEndpointsAreExemptFromTheGlobalLimit(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{GlobalLimit: 5})
	_, got := commandBot(t, srv)
	in, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "tip"})
	if err != nil {
		t.Fatal(err)
	}
	recv(t, got, "INTERACTION_CREATE")
	var last *http.Response
	for range 10 {
		last, _ = raw(t, srv, http.MethodGet, "/api/v9/users/@me", nil, true)
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("10 requests at a limit of 5/s: last got %d, want 429", last.StatusCode)
	}
	resp, _ := raw(t, srv, http.MethodPost, "/api/v9/interactions/"+in.ID+"/"+in.Token+"/callback",
		map[string]any{"type": 4, "data": map[string]any{"content": "Still answered."}}, false)
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("callback while globally limited: %d, want 204", resp.StatusCode)
	}
}

func TestSlashBurstArrivesAtOnce(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := newWorld(t, Options{Now: clock.Now})
	s, got := commandBot(t, srv)

	bad := Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "pause", Options: []Option{{Name: "weeks", Value: 9}}}
	ok := Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "pause", Options: []Option{{Name: "weeks", Value: 2}}}
	if _, err := srv.SlashBurst([]Slash{ok, bad}); err == nil {
		t.Fatal("a burst with an option out of range was sent")
	}
	if n := len(srv.Interactions()); n != 0 {
		t.Fatalf("a refused burst left %d interactions", n)
	}

	burst, err := srv.SlashBurst([]Slash{ok, ok, ok})
	if err != nil {
		t.Fatal(err)
	}
	for k, in := range burst {
		ic := recv(t, got, "INTERACTION_CREATE")
		if ic.ID != in.ID {
			t.Fatalf("interaction %d arrived as %s, want %s", k, ic.ID, in.ID)
		}
		if k == 1 {
			clock.Advance(time.Second) // the later answers count from the same start
		}
		answer := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "Paused.", Flags: discordgo.MessageFlagsEphemeral}}
		if err := s.InteractionRespond(ic.Interaction, answer); err != nil {
			t.Fatal(err)
		}
	}
	for k, in := range burst {
		cb, err := in.Wait(ctxT(t, time.Second))
		if want := time.Duration(min(k, 1)) * time.Second; err != nil || cb.Latency != want {
			t.Errorf("interaction %d: latency %v (%v), want %v", k, cb.Latency, err, want)
		}
	}
}
