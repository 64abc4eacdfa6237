package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// This file is the small layer that makes discordgo v0.29.0's gateway
// recover the way Discord's documentation says (developers/events/gateway.mdx,
// "Disconnecting" and "Resuming"; close codes in
// developers/topics/opcodes-and-status-codes.mdx):
//
//   - Close codes marked "do not reconnect" (4004, 4010–4014) stop the bot
//     with a FatalGatewayError instead of a silent retry loop.
//   - A resume goes to the READY event's resume_gateway_url. discordgo
//     v0.29.0 ignores it (its main branch reads it, but no release has it and
//     the module proxy serves no newer version here), so the reconnect loop
//     sets the session's gateway URL before each attempt.
//   - 4007 (invalid seq) and 4009 (session timed out) mean "reconnect and
//     start a new session": discordgo would send RESUME for the dead session
//     again and only identify after Discord refused it with op 9, so its
//     session id and sequence are cleared and the next connection
//     identifies at once.
//   - A zombied connection, one whose heartbeats Discord stopped
//     acknowledging, is closed with a code other than 1000 so the session
//     can be resumed. discordgo closes it with 1000 after five missed ACKs,
//     which ends the session; the watchdog here closes it after two.
//
// The three session fields discordgo keeps unexported (gateway, sessionID,
// sequence) are reached through reflect and unsafe, always under the
// session's lock, as discordgo's own Open reads them; so is wsMutex, the
// lock discordgo writes LastHeartbeatSent under. go.mod pins v0.29.0;
// TestSessionFields fails if an upgrade moves them.

// closeZombie is the close code sent on a zombied connection: any code but
// 1000 and 1001 keeps the session resumable. Discord requires no specific
// one (discord/discord-api-docs#1805); 4000 is what other libraries send.
const closeZombie = 4000

// heartbeatCheck is how often the watchdog looks at the heartbeat ACKs.
const heartbeatCheck = 100 * time.Millisecond

// FatalGatewayError is a gateway close that reconnecting cannot fix: the
// process should stop and an operator change its configuration.
type FatalGatewayError struct {
	Code int
	What string // Discord's name for the code
	Fix  string // what the operator should do
}

func (e *FatalGatewayError) Error() string {
	return fmt.Sprintf("Discord closed the gateway with code %d (%s): %s", e.Code, e.What, e.Fix)
}

// fatalCloses are the close codes Discord's table marks "reconnect: false".
var fatalCloses = map[int][2]string{
	4004: {"authentication failed", "the bot token is wrong or was reset; set DISCORD_TOKEN to the token under Bot in the Developer Portal"},
	4010: {"invalid shard", "the shard sent when identifying is invalid; glutebot does not shard, so report this as a bug"},
	4011: {"sharding required", "the bot is in too many servers for one connection and needs sharding, which glutebot does not do yet"},
	4012: {"invalid API version", "Discord no longer accepts this gateway version; upgrade glutebot"},
	4013: {"invalid intents", "the gateway intents sent are not valid; upgrade glutebot"},
	4014: {"disallowed intents", "a privileged intent is requested that the application may not use; enable it under Bot → Privileged Gateway Intents in the Developer Portal"},
}

// closeCode is the websocket close code inside err, or 0.
func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}

// fatalGatewayError returns a FatalGatewayError if err is a close with a
// code Discord says not to reconnect after, or nil.
func fatalGatewayError(err error) error {
	code := closeCode(err)
	if f, ok := fatalCloses[code]; ok {
		return &FatalGatewayError{Code: code, What: f[0], Fix: f[1]}
	}
	return nil
}

// newSessionCloses are close codes after which the session cannot be
// resumed: reconnect and identify.
func newSessionClose(code int) bool { return code == 4007 || code == 4009 }

// sessionFields points into a discordgo.Session's unexported gateway state.
// Each pointer is read and written only under the session's lock.
type sessionFields struct {
	gateway   *string // the URL Open dials; "" makes it ask GET /gateway
	sessionID *string
	sequence  **int64 // read and written atomically through the pointer

	// wsMutex guards the websocket writes and LastHeartbeatSent, which
	// discordgo writes under it rather than under the session's lock.
	wsMutex *sync.Mutex
}

// sessionFieldsOf finds the fields in s, all or none: on an error every
// pointer is nil, and the gateway layer leaves discordgo's behaviour alone.
func sessionFieldsOf(s *discordgo.Session) (sessionFields, error) {
	return sessionFieldsIn(reflect.ValueOf(s).Elem())
}

// sessionFieldsIn is sessionFieldsOf for the addressable struct v.
func sessionFieldsIn(v reflect.Value) (sessionFields, error) {
	var missing []string
	field := func(name string, t reflect.Type) unsafe.Pointer {
		f := v.FieldByName(name)
		if !f.IsValid() || f.Type() != t {
			missing = append(missing, name+" "+t.String())
			return nil
		}
		return unsafe.Pointer(f.UnsafeAddr())
	}
	out := sessionFields{
		gateway:   (*string)(field("gateway", reflect.TypeFor[string]())),
		sessionID: (*string)(field("sessionID", reflect.TypeFor[string]())),
		sequence:  (**int64)(field("sequence", reflect.TypeFor[*int64]())),
		wsMutex:   (*sync.Mutex)(field("wsMutex", reflect.TypeFor[sync.Mutex]())),
	}
	if missing != nil {
		return sessionFields{}, fmt.Errorf("%s (go.mod pins discordgo v0.29.0) lacks the fields %s", v.Type(), strings.Join(missing, ", "))
	}
	return out, nil
}

// prepareOpen points the next Open at the resume URL when there is a
// session to resume. Call with the session unlocked.
func (b *Bot) prepareOpen() {
	if b.fields.gateway == nil {
		return
	}
	url := b.resumeURL.Load()
	b.s.Lock()
	defer b.s.Unlock()
	if url != nil && *url != "" && *b.fields.sessionID != "" {
		*b.fields.gateway = *url + "?v=" + discordgo.APIVersion + "&encoding=json"
	}
}

// forgetSession makes the next Open identify anew at the URL from
// GET /gateway.
func (b *Bot) forgetSession() {
	b.resumeURL.Store(nil)
	if b.fields.gateway == nil {
		return
	}
	b.s.Lock()
	defer b.s.Unlock()
	*b.fields.gateway = ""
	*b.fields.sessionID = ""
	if *b.fields.sequence != nil {
		atomic.StoreInt64(*b.fields.sequence, 0)
	}
}

// onRawReady keeps the READY event's resume_gateway_url, which discordgo
// v0.29.0's Ready type does not carry.
func (b *Bot) onRawReady(_ *discordgo.Session, e *discordgo.Event) {
	if e.Type != "READY" {
		return
	}
	var r struct {
		ResumeGatewayURL string `json:"resume_gateway_url"`
	}
	if err := json.Unmarshal(e.RawData, &r); err == nil && r.ResumeGatewayURL != "" {
		b.resumeURL.Store(&r.ResumeGatewayURL)
	}
}

// fail reports a fatal gateway error once; Fatal delivers it.
func (b *Bot) fail(err error) {
	b.log.Error("gateway closed for good", "err", err)
	select {
	case b.fatal <- err:
	default:
	}
}

// Fatal delivers an error when the gateway closed in a way reconnecting
// cannot fix (a FatalGatewayError). The bot no longer receives events
// then; the process should stop and say why.
func (b *Bot) Fatal() <-chan error { return b.fatal }

// lastHeartbeatSent reads when discordgo last sent a heartbeat, under the
// lock it writes it with; zero when that lock could not be found.
func (b *Bot) lastHeartbeatSent() time.Time {
	if b.fields.wsMutex == nil {
		return time.Time{}
	}
	b.fields.wsMutex.Lock()
	defer b.fields.wsMutex.Unlock()
	return b.s.LastHeartbeatSent
}

// watchHeartbeats closes a zombied connection with closeZombie, so that the
// reconnect resumes the session. The heartbeat interval is not exposed by
// discordgo; it is read off the spacing of the heartbeats discordgo sends,
// which go on whether or not they are acknowledged (an interval read off
// the ACKs is unknown on a connection that stops acknowledging before its
// third ACK). A connection is zombied once no ACK came for two intervals:
// the heartbeat after the unacknowledged one went out without an ACK in
// between (the rule discord.js adopted, discordjs/discord.js#3004).
// discordgo's own check waits five intervals and closes with 1000, which
// ends the session.
func (b *Bot) watchHeartbeats(ctx context.Context) {
	t := time.NewTicker(heartbeatCheck)
	defer t.Stop()
	var (
		lastSent time.Time     // the newest heartbeat send time seen on this connection
		interval time.Duration // spacing of the last two sends, once known
	)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		b.s.RLock()
		ack, up := b.s.LastHeartbeatAck, b.s.DataReady
		b.s.RUnlock()
		sent := b.lastHeartbeatSent()
		if !up {
			lastSent, interval = time.Time{}, 0
			continue
		}
		if sent.After(lastSent) {
			if !lastSent.IsZero() {
				interval = sent.Sub(lastSent)
			}
			lastSent = sent
		}
		if interval > 0 && time.Since(ack) > 2*interval {
			b.log.Warn("no heartbeat ACK for two intervals: closing the zombied gateway connection to resume",
				"last_ack", ack, "interval", interval)
			lastSent, interval = time.Time{}, 0
			b.s.CloseWithCode(closeZombie)
		}
	}
}
