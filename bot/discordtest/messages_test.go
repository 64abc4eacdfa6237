package discordtest

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestMessageLimits(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	// One channel per case: refused sends count against the channel's
	// bucket of 5 per 5 s as on Discord.
	var channels []string
	for i := range 9 {
		channels = append(channels, strconv.Itoa(310000000000000000+i))
	}
	srv.AddGuild("210000000000000000", "Limits", channels...)
	s := newSession(t, srv, testToken, botIntents)
	embeds := func(n int, desc string) []*discordgo.MessageEmbed {
		var out []*discordgo.MessageEmbed
		for range n {
			out = append(out, &discordgo.MessageEmbed{Title: "Workout", Description: desc})
		}
		return out
	}
	for _, tc := range []struct {
		name       string
		msg        discordgo.MessageSend
		wantStatus int
		wantCode   int
	}{
		{"2001 characters", discordgo.MessageSend{Content: strings.Repeat("a", 2001)}, 400, CodeInvalidFormBody},
		{"11 embeds", discordgo.MessageSend{Embeds: embeds(11, "x")}, 400, CodeInvalidFormBody},
		{"embeds over 6000 in total", discordgo.MessageSend{Embeds: embeds(2, strings.Repeat("d", 3500))}, 400, CodeInvalidFormBody},
		{"description over 4096", discordgo.MessageSend{Embeds: embeds(1, strings.Repeat("d", 4097))}, 400, CodeInvalidFormBody},
		{"empty field value", discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: "Sets"}}}}}, 400, CodeInvalidFormBody},
		{"six action rows", discordgo.MessageSend{Content: "x", Components: func() []discordgo.MessageComponent {
			var rows []discordgo.MessageComponent
			for i := range 6 {
				rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.Button{Label: "b", Style: discordgo.PrimaryButton, CustomID: strconv.Itoa(i)}}})
			}
			return rows
		}()}, 400, CodeInvalidFormBody},
		{"empty", discordgo.MessageSend{}, 400, CodeEmptyMessage},
		{"only spaces", discordgo.MessageSend{Content: "   "}, 400, CodeEmptyMessage},
	} {
		channel := channels[0]
		channels = channels[1:]
		t.Run(tc.name, func(t *testing.T) {
			msg := tc.msg
			_, err := s.ChannelMessageSendComplex(channel, &msg)
			if status, code := restCode(t, err); status != tc.wantStatus || code != tc.wantCode {
				t.Errorf("got %d/%d, want %d/%d", status, code, tc.wantStatus, tc.wantCode)
			}
		})
	}
	ok := discordgo.MessageSend{Content: strings.Repeat("a", 2000), Embeds: embeds(10, strings.Repeat("d", 500))}
	if _, err := s.ChannelMessageSendComplex(chanID, &ok); err != nil {
		t.Errorf("a message at the limits was refused: %v", err)
	}
	if _, err := s.ChannelMessageSend("999", "hi"); err == nil {
		t.Error("a message to an unknown channel succeeded")
	} else if status, code := restCode(t, err); status != 404 || code != CodeUnknownChannel {
		t.Errorf("unknown channel: %d/%d, want 404/10003", status, code)
	}
	if _, err := s.ChannelMessage(chanID, "12345"); err == nil {
		t.Error("an unknown message was found")
	} else if status, code := restCode(t, err); status != 404 || code != CodeUnknownMessage {
		t.Errorf("unknown message: %d/%d, want 404/10008", status, code)
	}
	// Every refusal is a violation for the test to inspect.
	if n := len(srv.Violations()); n != 10 {
		t.Errorf("%d violations, want 10: %+v", n, srv.Violations())
	}
}

func TestDMsClosed(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	dm, err := s.UserChannelCreate(ana)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.UserChannelCreate(ana); again.ID != dm.ID || srv.DMChannelID(ana) != dm.ID {
		t.Errorf("second DM channel %s, want the same %s", again.ID, dm.ID)
	}
	srv.SetDMsClosed(ana, true)
	_, err = s.ChannelMessageSend(dm.ID, "Time for your glute bridges!")
	if status, code := restCode(t, err); status != http.StatusForbidden || code != CodeCannotSendToUser {
		t.Errorf("closed DMs: %d/%d, want 403/50007", status, code)
	}
	if srv.InvalidRequests() != 1 {
		t.Errorf("InvalidRequests() = %d, want 1", srv.InvalidRequests())
	}
	srv.SetDMsClosed(ana, false)
	if _, err := s.ChannelMessageSend(dm.ID, "Time for your glute bridges!"); err != nil {
		t.Errorf("reopened DMs: %v", err)
	}
	if _, err := s.UserChannelCreate("999999999999999999"); err == nil {
		t.Error("DM with an unknown user succeeded")
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	resp, body := raw(t, srv, http.MethodPost, "/api/v9/channels/"+chanID+"/messages", map[string]any{"content": "hi"}, false)
	if resp.StatusCode != http.StatusUnauthorized || body["code"] != 0.0 {
		t.Errorf("no token: %d %v, want 401 with code 0", resp.StatusCode, body)
	}
	bad := newSession(t, srv, "wrong", botIntents)
	if _, err := bad.ChannelMessageSend(chanID, "hi"); err == nil {
		t.Error("a wrong token was accepted")
	}
	if got := srv.InvalidRequests(); got != 2 {
		t.Errorf("InvalidRequests() = %d, want 2", got)
	}
	if got := srv.Requests("/api/v9/channels/"); got != 2 {
		t.Errorf("Requests(channels) = %d, want 2", got)
	}
	if resp, _ := raw(t, srv, http.MethodGet, "/api/v9/gateway", nil, false); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /gateway without a token: %d, want 200 (Discord needs none)", resp.StatusCode)
	}
}

func TestNonceEnforcedReturnsTheFirstMessage(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	type send struct {
		Content      string `json:"content"`
		Nonce        string `json:"nonce"`
		EnforceNonce bool   `json:"enforce_nonce"`
	}
	post := func(body send) discordgo.Message {
		t.Helper()
		return postMessage(t, s, chanID, body)
	}
	first := post(send{Content: "Workout for Monday", Nonce: "slot-1", EnforceNonce: true})
	second := post(send{Content: "Workout for Monday", Nonce: "slot-1", EnforceNonce: true})
	if second.ID != first.ID {
		t.Errorf("retry with the same nonce made message %s, want %s back", second.ID, first.ID)
	}
	if n := len(srv.Messages(chanID)); n != 1 {
		t.Errorf("%d messages after a retried send, want 1", n)
	}
	if m := srv.Messages(chanID)[0]; m.Nonce != "slot-1" {
		t.Errorf("stored nonce %q", m.Nonce)
	}
	// Without enforce_nonce, or with another nonce, Discord creates anew.
	post(send{Content: "Workout for Monday", Nonce: "slot-1"})
	post(send{Content: "Workout for Thursday", Nonce: "slot-2", EnforceNonce: true})
	if n := len(srv.Messages(chanID)); n != 3 {
		t.Errorf("%d messages, want 3", n)
	}
	_, body := raw(t, srv, http.MethodPost, "/api/v9/channels/"+chanID+"/messages",
		map[string]any{"content": "x", "nonce": strings.Repeat("n", 26), "enforce_nonce": true}, true)
	if body["code"] != float64(CodeInvalidFormBody) {
		t.Errorf("26-character nonce: %v, want 50035", body)
	}
}

func TestMultipartFilesAreKept(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := newSession(t, srv, testToken, botIntents)
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	m, err := s.ChannelMessageSendComplex(chanID, &discordgo.MessageSend{
		Content: "Your progress",
		Files: []*discordgo.File{
			{Name: "progress.png", ContentType: "image/png", Reader: bytes.NewReader(buf.Bytes())},
			{Name: "export.json", ContentType: "application/json", Reader: strings.NewReader(`{"done":3}`)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 2 || m.Attachments[0].Filename != "progress.png" || m.Attachments[0].Size != buf.Len() {
		t.Errorf("attachments %+v", m.Attachments)
	}
	stored := srv.BotMessages(chanID)[0]
	decoded, err := png.Decode(bytes.NewReader(stored.Files[0].Data))
	if err != nil {
		t.Fatalf("stored PNG: %v", err)
	}
	if decoded.Bounds().Dx() != 4 || stored.Files[0].ContentType != "image/png" {
		t.Errorf("stored PNG %v (%s)", decoded.Bounds(), stored.Files[0].ContentType)
	}
	var export map[string]int
	if err := json.Unmarshal(stored.Files[1].Data, &export); err != nil || export["done"] != 3 {
		t.Errorf("stored JSON %s: %v", stored.Files[1].Data, err)
	}
}

func TestReactions(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	s := openSession(t, srv, botIntents)
	events := make(chan string, 16)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.MessageReactionAdd) {
		events <- "add " + r.UserID + " " + r.Emoji.Name
	})
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.MessageReactionRemove) {
		events <- "remove " + r.UserID + " " + r.Emoji.Name
	})
	m, err := s.ChannelMessageSend(chanID, "Workout: 3×12 hip thrusts")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MessageReactionAdd(chanID, m.ID, "✅"); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, events, "the bot's own reaction"); got != "add "+srv.opts.BotUserID+" ✅" {
		t.Errorf("event %q", got)
	}
	for _, u := range []string{ben, ana} {
		if err := srv.React(chanID, m.ID, u, "✅"); err != nil {
			t.Fatal(err)
		}
		if got := recv(t, events, "a user's reaction"); got != "add "+u+" ✅" {
			t.Errorf("event %q", got)
		}
	}
	if got := srv.Reactions(chanID, m.ID, "✅"); strings.Join(got, ",") != srv.opts.BotUserID+","+ben+","+ana {
		t.Errorf("Reactions() = %v, in the order added", got)
	}
	// Listing is paged by user id.
	page, err := s.MessageReactions(chanID, m.ID, "✅", 2, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].ID != srv.opts.BotUserID || page[1].ID != ana {
		t.Errorf("first page %v", page)
	}
	rest, err := s.MessageReactions(chanID, m.ID, "✅", 2, "", page[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 1 || rest[0].ID != ben {
		t.Errorf("second page %v", rest)
	}
	if err := s.MessageReactionRemove(chanID, m.ID, "✅", "@me"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Unreact(chanID, m.ID, ben, "✅"); err != nil {
		t.Fatal(err)
	}
	recv(t, events, "the bot's removal")
	if got := recv(t, events, "ben's removal"); got != "remove "+ben+" ✅" {
		t.Errorf("event %q", got)
	}
	if got := srv.Reactions(chanID, m.ID, "✅"); len(got) != 1 || got[0] != ana {
		t.Errorf("Reactions() after removals = %v", got)
	}
	if got, _ := s.ChannelMessage(chanID, m.ID); len(got.Reactions) != 1 || got.Reactions[0].Count != 1 || got.Reactions[0].Me {
		t.Errorf("message reactions %+v", got.Reactions)
	}
	err = s.MessageReactionAdd(chanID, m.ID, "notanemoji:123")
	if status, code := restCode(t, err); status != 400 || code != CodeUnknownEmoji {
		t.Errorf("unknown emoji: %d/%d, want 400/10014", status, code)
	}
}

func TestReactionBucketHeaders(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	m, _ := raw(t, srv, http.MethodPost, "/api/v9/channels/"+chanID+"/messages", map[string]any{"content": "x"}, true)
	if m.StatusCode != 200 {
		t.Fatal(m.Status)
	}
	msgs := srv.Messages(chanID)
	path := "/api/v9/channels/" + chanID + "/messages/" + msgs[0].ID + "/reactions/%E2%9C%85/@me"
	first, _ := raw(t, srv, http.MethodPut, path, nil, true)
	if first.StatusCode != 204 || first.Header.Get("X-RateLimit-Limit") != "1" || first.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("first reaction: %d %v", first.StatusCode, first.Header)
	}
	second, body := raw(t, srv, http.MethodPut, path, nil, true)
	if second.StatusCode != http.StatusTooManyRequests || body["global"] != false {
		t.Errorf("second reaction at once: %d %v, want 429 (1 per 0.25 s per channel)", second.StatusCode, body)
	}
}

func TestMessageRateLimit(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	path := "/api/v9/channels/" + chanID + "/messages"
	var bucket string
	for i := range 5 {
		resp, _ := raw(t, srv, http.MethodPost, path, map[string]any{"content": "set " + strconv.Itoa(i)}, true)
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("X-RateLimit-Limit") != "5" || h.Get("X-RateLimit-Remaining") != strconv.Itoa(4-i) {
			t.Fatalf("message %d: %d, limit %q remaining %q", i+1, resp.StatusCode, h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"))
		}
		if bucket == "" {
			bucket = h.Get("X-RateLimit-Bucket")
		}
		if h.Get("X-RateLimit-Bucket") != bucket || bucket == "" {
			t.Errorf("bucket %q, want the same non-empty bucket", h.Get("X-RateLimit-Bucket"))
		}
		after, err := strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64)
		if err != nil || after <= 0 || after > 5.01 {
			t.Errorf("Reset-After %q", h.Get("X-RateLimit-Reset-After"))
		}
		if _, err := strconv.ParseFloat(h.Get("X-RateLimit-Reset"), 64); err != nil {
			t.Errorf("Reset %q: %v", h.Get("X-RateLimit-Reset"), err)
		}
	}
	resp, body := raw(t, srv, http.MethodPost, path, map[string]any{"content": "sixth"}, true)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth message in 5 s: %d, want 429", resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") == "" || resp.Header.Get("X-RateLimit-Global") != "" || resp.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429 headers %v", resp.Header)
	}
	if ra, _ := body["retry_after"].(float64); ra <= 0 || ra > 5.01 || body["global"] != false {
		t.Errorf("429 body %v", body)
	}
	if srv.Count429() != 1 || srv.InvalidRequests() != 1 || len(srv.Messages(chanID)) != 5 {
		t.Errorf("Count429 %d, InvalidRequests %d, %d messages; want 1, 1, 5", srv.Count429(), srv.InvalidRequests(), len(srv.Messages(chanID)))
	}

	// discordgo honours the headers: ten messages to another channel, no 429.
	s := newSession(t, srv, testToken, botIntents)
	for i := range 10 {
		if _, err := s.ChannelMessageSend(chan2ID, "rep "+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Count429() != 1 || len(srv.Messages(chan2ID)) != 10 {
		t.Errorf("discordgo: Count429 %d, %d messages; want no new 429 and 10 messages", srv.Count429(), len(srv.Messages(chan2ID)))
	}
}

func TestGlobalRateLimit(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{GlobalLimit: 3})
	var last *http.Response
	var body map[string]any
	for range 4 {
		last, body = raw(t, srv, http.MethodGet, "/api/v9/channels/"+chanID, nil, true)
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th request at 3/s: %d, want 429", last.StatusCode)
	}
	h := last.Header
	if h.Get("X-RateLimit-Global") != "true" || h.Get("X-RateLimit-Scope") != "global" || h.Get("Retry-After") == "" {
		t.Errorf("global 429 headers %v", h)
	}
	if ra, _ := body["retry_after"].(float64); body["global"] != true || ra <= 0 || ra > 1 {
		t.Errorf("global 429 body %v", body)
	}
	// discordgo has no global limiter of its own: it runs into the 429,
	// waits retry_after and succeeds.
	s := newSession(t, srv, testToken, botIntents)
	before := srv.Count429()
	for i := range 6 {
		if _, err := s.Channel(chanID); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	if srv.Count429() <= before {
		t.Errorf("Count429() = %d, want discordgo to have hit the global limit", srv.Count429())
	}
}
