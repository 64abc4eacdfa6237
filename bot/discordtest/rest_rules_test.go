package discordtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// postNonce creates a bot message in channel with an enforced nonce.
func postNonce(t *testing.T, s *discordgo.Session, channel, nonce string) discordgo.Message {
	t.Helper()
	return postMessage(t, s, channel, map[string]any{"content": "workout", "nonce": nonce, "enforce_nonce": true})
}

// message.mdx, Create Message, enforce_nonce: "If another message was
// created by the same author with the same nonce, that message will be
// returned". Per author, not per channel as the stand-in had it.
func TestNonceIsPerAuthorAcrossChannels(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	first := postNonce(t, s, chanID, "slot-7")
	again := postNonce(t, s, chan2ID, "slot-7")
	if again.ID != first.ID || again.ChannelID != chanID {
		t.Errorf("same nonce in another channel made %s in %s, want %s back", again.ID, again.ChannelID, first.ID)
	}
	if n := len(srv.Messages(chan2ID)); n != 0 {
		t.Errorf("%d messages in the second channel, want 0", n)
	}
}

// enforce_nonce checks uniqueness "in the past few minutes": past
// Options.NonceWindow the same nonce makes a second message.
func TestNonceWindowIsSettable(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := newWorld(t, Options{Now: clock.Now, NonceWindow: 2 * time.Minute})
	s := newSession(t, srv, testToken, botIntents)
	first := postNonce(t, s, chanID, "slot-8")
	clock.Advance(90 * time.Second)
	if m := postNonce(t, s, chanID, "slot-8"); m.ID != first.ID {
		t.Errorf("within the window: new message %s", m.ID)
	}
	clock.Advance(time.Minute)
	if m := postNonce(t, s, chanID, "slot-8"); m.ID == first.ID {
		t.Errorf("past the window: got the first message back")
	}
}

// application-commands.mdx: "Slash commands can have a maximum of 8000
// characters"; the stand-in refused more than 4000.
func TestCommandOf6000CharactersIsAccepted(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	var opts []*discordgo.ApplicationCommandOption
	for _, n := range "abcdefghijklmnopqrst" { // 20 options of ~300 characters
		opts = append(opts, &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString,
			Name: string(n), Description: strings.Repeat("d", 100),
			Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: strings.Repeat("c", 100), Value: strings.Repeat("v", 100)}}})
	}
	if _, err := s.ApplicationCommandBulkOverwrite(srv.opts.ApplicationID, "", []*discordgo.ApplicationCommand{{Name: "big", Description: "d", Options: opts}}); err != nil {
		t.Fatalf("a command of about 6000 characters: %v", err)
	}
}

// deferredTip answers a /tip from ben with a deferral and returns the
// interaction.
func deferredTip(t *testing.T, srv *Server, s *discordgo.Session, got <-chan *discordgo.InteractionCreate, flags discordgo.MessageFlags) (*Interaction, *discordgo.Interaction) {
	t.Helper()
	in, err := srv.Slash(Slash{UserID: ben, Name: "tip"})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "INTERACTION_CREATE")
	if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags}}); err != nil {
		t.Fatal(err)
	}
	return in, ic.Interaction
}

// webhookPath is the REST path of the interaction's webhook, the base of its
// follow-up and answer-edit routes.
func webhookPath(srv *Server, ic *discordgo.Interaction) string {
	return "/api/v9/webhooks/" + srv.opts.ApplicationID + "/" + ic.Token
}

// rate-limits.mdx: routes have per-route limits, told in the X-RateLimit-*
// headers. The interaction webhook routes (follow-ups, edits of the
// answer) had none in the stand-in; they are a webhook bucket of 5 per 2 s.
func TestInteractionWebhookRoutesHaveABucket(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s, got := commandBot(t, srv)
	_, ic := deferredTip(t, srv, s, got, 0)
	path := webhookPath(srv, ic) + "/messages/@original"
	var last *http.Response
	for range webhookLimit + 1 {
		last, _ = raw(t, srv, http.MethodGet, path, nil, false)
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("X-RateLimit-Bucket") == "" {
		t.Errorf("request %d on one token: %d %v, want 429 with bucket headers", webhookLimit+1, last.StatusCode, last.Header)
	}
}

// Edits of messages in a channel share the channel's bucket (5 per 5 s),
// not the 50 per second the stand-in allowed.
func TestMessageEditsAreLimitedPerChannel(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	m := postNonce(t, s, chanID, "edit-me")
	var last *http.Response
	for range editLimit + 1 {
		last, _ = raw(t, srv, http.MethodPatch, "/api/v9/channels/"+chanID+"/messages/"+m.ID, map[string]any{"content": "edited"}, true)
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Errorf("edit %d in 5 s: %d, want 429", editLimit+1, last.StatusCode)
	}
}

// rate-limits.mdx, Invalid Request Limit: "429 errors returned with
// X-RateLimit-Scope: shared are not counted against you." The stand-in
// counted every 429.
func TestSharedScope429IsNotAnInvalidRequest(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	srv.LimitResource(http.MethodGet, "/channels/"+chanID, 100*time.Millisecond)
	resp, body := raw(t, srv, http.MethodGet, "/api/v9/channels/"+chanID, nil, true)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("X-RateLimit-Scope") != "shared" || body["retry_after"] == nil {
		t.Fatalf("limited resource: %d %v %v, want 429 scope shared", resp.StatusCode, resp.Header, body)
	}
	if srv.Count429() != 1 || srv.InvalidRequests() != 0 {
		t.Errorf("Count429 %d, InvalidRequests %d: want 1 and 0", srv.Count429(), srv.InvalidRequests())
	}
	if resp, _ := raw(t, srv, http.MethodGet, "/api/v9/channels/"+chanID, nil, true); resp.StatusCode != http.StatusOK {
		t.Errorf("after the resource limit: %d", resp.StatusCode)
	}
}

// webhook.mdx, Edit Webhook Message: flags "SUPPRESS_EMBEDS and
// IS_COMPONENTS_V2 only". The stand-in took any flag and ignored it, so an
// edit that tried to make a public answer ephemeral passed unnoticed.
func TestEditCannotSetOtherFlags(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s, got := commandBot(t, srv)
	_, ic := deferredTip(t, srv, s, got, 0)
	path := webhookPath(srv, ic) + "/messages/@original"
	resp, body := raw(t, srv, http.MethodPatch, path, map[string]any{"content": "secret", "flags": int(discordgo.MessageFlagsEphemeral)}, false)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("edit setting EPHEMERAL: %d %v, want 400", resp.StatusCode, body)
	}
	resp, body = raw(t, srv, http.MethodPatch, path, map[string]any{"content": "fine", "flags": int(discordgo.MessageFlagsSuppressEmbeds)}, false)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("edit setting SUPPRESS_EMBEDS: %d %v, want 200", resp.StatusCode, body)
	}
}

// reference.mdx, Uploading Files: "The file upload size limit applies to
// each file in a request. The default limit is 10 MiB"; message.mdx: "The
// maximum request size when sending a message is 25 MiB". The stand-in
// limited all files together to 10 MiB.
func TestUploadLimitsPerFileAndPerRequest(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	upload := func(sizes ...int) int {
		t.Helper()
		files := make([]*discordgo.File, len(sizes))
		for i, n := range sizes {
			files[i] = &discordgo.File{Name: "f.bin", ContentType: "application/octet-stream", Reader: bytes.NewReader(make([]byte, n))}
		}
		ct, body, err := discordgo.MultipartBodyWithJSON(map[string]any{"content": "files"}, files)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/api/v9/channels/"+chanID+"/messages", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bot "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	const mib = 1 << 20
	if got := upload(6*mib, 6*mib); got != http.StatusOK {
		t.Errorf("two files of 6 MiB: %d, want 200", got)
	}
	if got := upload(11 * mib); got != http.StatusRequestEntityTooLarge {
		t.Errorf("one file of 11 MiB: %d, want 413", got)
	}
	if got := upload(9*mib, 9*mib, 9*mib); got != http.StatusRequestEntityTooLarge {
		t.Errorf("27 MiB in one request: %d, want 413", got)
	}
}

// message.mdx, Get Reactions: type 1 lists super reactions, 0 (default)
// normal ones; a message's reaction count holds both, count_details splits
// them.
func TestSuperReactionsAreListedWithType1(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	m := postNonce(t, s, chanID, "react-me")
	if err := srv.SuperReact(chanID, m.ID, ana, "✅"); err != nil {
		t.Fatal(err)
	}
	base := "/api/v9/channels/" + chanID + "/messages/" + m.ID + "/reactions/%E2%9C%85"
	list := func(q string) []map[string]any {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+base+q, nil)
		req.Header.Set("Authorization", "Bot "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out []map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	if got := list(""); len(got) != 0 {
		t.Errorf("default (normal) list: %v, want nobody", got)
	}
	time.Sleep(reactionWindow) // one reaction request per channel per 250 ms
	if got := list("?type=1"); len(got) != 1 || got[0]["id"] != ana {
		t.Errorf("type=1 list: %v, want ana", got)
	}
	_, body := raw(t, srv, http.MethodGet, "/api/v9/channels/"+chanID+"/messages/"+m.ID, nil, true)
	r := body["reactions"].([]any)[0].(map[string]any)
	if d := r["count_details"].(map[string]any); r["count"] != 1.0 || d["burst"] != 1.0 || d["normal"] != 0.0 {
		t.Errorf("reaction %v, want count 1 with one burst", r)
	}
}

// receiving-and-responding.mdx: app_permissions are what "the app has
// within the channel the interaction was sent from": in a DM not the
// server's set (which holds Manage Messages, among others).
func TestAppPermissionsInADM(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	_, got := commandBot(t, srv)
	if _, err := srv.Slash(Slash{UserID: ben, Name: "tip"}); err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "INTERACTION_CREATE")
	if ic.AppPermissions&discordgo.PermissionManageMessages != 0 || ic.AppPermissions&discordgo.PermissionSendMessages == 0 {
		t.Errorf("app_permissions in a DM: %b", ic.AppPermissions)
	}
}

// receiving-and-responding.mdx, Create Followup Message: "Apps are limited
// to 5 followup messages per interaction if it was initiated from a
// user-installed app and isn't installed in the server". The stand-in had
// no cap; an interaction the app's server or DM install authorized has
// none.
func TestFiveFollowupsForAUserInstallOnly(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	both := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
	s, got := botWith(t, srv, &discordgo.ApplicationCommand{Name: "tip", Description: "d", IntegrationTypes: &both})
	const foreign, foreignChan = "200000000000000009", "300000000000000019"
	srv.AddForeignGuild(foreign, "Other Club", foreignChan)
	srv.InstallForUser(ben)
	// followUps defers an answer to a /tip and sends follow-ups past the
	// cap, returning the statuses and how many follow-ups were kept.
	followUps := func(in Slash) ([]int, int) {
		t.Helper()
		i, err := srv.Slash(in)
		if err != nil {
			t.Fatal(err)
		}
		ic := recv(t, got, "INTERACTION_CREATE")
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
			t.Fatal(err)
		}
		var status []int
		for k := range maxUserInstallFollowups + 2 { // the first edits the deferral
			if k == webhookLimit-1 {
				time.Sleep(webhookWindow) // stay within the webhook bucket
			}
			resp, _ := raw(t, srv, http.MethodPost, webhookPath(srv, ic.Interaction), map[string]any{"content": "more"}, false)
			status = append(status, resp.StatusCode)
		}
		return status, len(i.Followups())
	}
	status, kept := followUps(Slash{GuildID: foreign, ChannelID: foreignChan, UserID: ben, Name: "tip"})
	if kept != maxUserInstallFollowups || status[len(status)-1] != http.StatusBadRequest {
		t.Errorf("in a server without the app: statuses %v, %d follow-ups kept; want 5 and then 400", status, kept)
	}
	status, kept = followUps(Slash{UserID: ben, Name: "tip"}) // the bot's DM: the app is installed there
	if kept != maxUserInstallFollowups+1 || slices.ContainsFunc(status, func(s int) bool { return s != http.StatusOK }) {
		t.Errorf("in the bot's DM: statuses %v, %d follow-ups kept; want every one", status, kept)
	}
}
