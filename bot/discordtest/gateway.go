package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes and close codes, as Discord numbers them.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresence       = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11

	CloseUnknownOpcode       = 4001
	CloseDecodeError         = 4002
	CloseNotAuthenticated    = 4003
	CloseAuthenticationError = 4004
	CloseAlreadyAuth         = 4005
	CloseInvalidSeq          = 4007
	CloseRateLimited         = 4008
	CloseSessionTimedOut     = 4009
	CloseInvalidAPIVersion   = 4012
	CloseInvalidIntents      = 4013
	CloseDisallowedIntents   = 4014

	replayBuffer = 1000 // dispatches kept per session for RESUME

	// maxPayload is the largest event a client may send: "Must not exceed
	// 4096 bytes" (developers/events/gateway.mdx, Sending Events).
	maxPayload = 4096
	// sendLimit events per sendWindow and connection (gateway.mdx, Rate
	// Limiting). Heartbeats are not counted here: the docs count every
	// event, but the tests run with heartbeat intervals of milliseconds,
	// where on Discord (41 s) heartbeats are 1.5 of the 120.
	sendLimit  = 120
	sendWindow = time.Minute

	// resumePath is where resume_gateway_url points: a URL of its own, as
	// on Discord, so tests can tell whether a client resumes there.
	resumePath = "/resume"
)

// gwSession is a gateway session: what IDENTIFY created and RESUME continues.
type gwSession struct {
	id      string
	intents int
	seq     int64
	buffer  []frame // the last dispatches, for RESUME
	conn    *gwConn // nil while disconnected
	valid   bool    // false once invalidated: no RESUME, no dispatches
}

type frame struct {
	seq  int64
	data []byte
}

// gwConn is one websocket. Frames are queued under Server.mu, in sequence
// order, and written by the connection's own writer goroutine.
type gwConn struct {
	ws *websocket.Conn

	mu     sync.Mutex
	queue  []outFrame
	wake   chan struct{}
	closed bool

	// guarded by Server.mu
	session   *gwSession
	viaResume bool        // connected at resume_gateway_url
	sent      []time.Time // when the last events (but heartbeats) came, for sendLimit
	beat      *time.Timer // closes the connection when no heartbeat comes in time
}

type outFrame struct {
	data      []byte
	closeCode int // non-zero: send a close frame with this code and stop
	closeText string
}

func (c *gwConn) enqueue(f outFrame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.queue = append(c.queue, f)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// abort closes the socket without a close frame, as a network failure would.
func (c *gwConn) abort() {
	c.mu.Lock()
	if c.beat != nil {
		c.beat.Stop()
	}
	c.closed = true
	c.queue = nil
	c.mu.Unlock()
	c.ws.Close()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *gwConn) writeLoop() {
	for {
		c.mu.Lock()
		if c.closed && len(c.queue) == 0 {
			c.mu.Unlock()
			return
		}
		q := c.queue
		c.queue = nil
		c.mu.Unlock()
		for _, f := range q {
			c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if f.closeCode != 0 {
				c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(f.closeCode, f.closeText), time.Now().Add(time.Second))
				c.abort()
				return
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.abort()
				return
			}
		}
		if len(q) == 0 {
			<-c.wake
		}
	}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if s.gatewayDown.Load() {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logf("gateway: upgrade: %v", err)
		return
	}
	c := &gwConn{ws: ws, wake: make(chan struct{}, 1), viaResume: r.URL.Path == resumePath}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(2) // writer and reader, waited for by Close
	s.mu.Unlock()
	defer s.wg.Done()
	go func() {
		defer s.wg.Done()
		c.writeLoop()
	}()

	q := r.URL.Query()
	if v := q.Get("v"); v != "9" && v != "10" {
		c.enqueue(outFrame{closeCode: CloseInvalidAPIVersion, closeText: "Invalid API version."})
	} else if enc := q.Get("encoding"); enc != "" && enc != "json" {
		c.enqueue(outFrame{closeCode: CloseDecodeError, closeText: "Only JSON encoding is supported here."})
	} else {
		c.enqueue(outFrame{data: mustJSON(map[string]any{
			"op": opHello, "s": nil, "t": nil,
			"d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds(), "_trace": []string{"discordtest"}},
		})})
		c.mu.Lock()
		c.beat = time.AfterFunc(s.heartbeatTimeout(), func() { s.heartbeatMissed(c) })
		c.mu.Unlock()
	}
	s.readLoop(c)
}

func (s *Server) readLoop(c *gwConn) {
	// Read more than Discord accepts, to close an oversized event the way
	// Discord does (4002) rather than the websocket library's way (1009).
	c.ws.SetReadLimit(4 * maxPayload)
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			s.disconnected(c, err)
			return
		}
		if len(data) > maxPayload {
			// gateway.mdx, Sending Events: "If an event payload does
			// exceed 4096 bytes, the connection will be closed with a
			// 4002 close event code."
			s.mu.Lock()
			s.gatewayViolationLocked(CloseDecodeError, fmt.Sprintf("an event of %d bytes (Discord allows %d)", len(data), maxPayload))
			s.mu.Unlock()
			c.enqueue(outFrame{closeCode: CloseDecodeError, closeText: "Decode error."})
			continue
		}
		if typ != websocket.TextMessage {
			c.enqueue(outFrame{closeCode: CloseDecodeError, closeText: "Decode error."})
			continue
		}
		var p struct {
			Op *int            `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(data, &p); err != nil || p.Op == nil {
			c.enqueue(outFrame{closeCode: CloseDecodeError, closeText: "Decode error."})
			continue
		}
		s.handleOp(c, *p.Op, p.D)
	}
}

// disconnected detaches the connection from its session. A client that
// closed with 1000 or 1001 ended its session; any other loss leaves it
// resumable.
func (s *Server) disconnected(c *gwConn, err error) {
	c.abort()
	s.mu.Lock()
	delete(s.conns, c)
	if sess := c.session; sess != nil {
		if sess.conn == c {
			sess.conn = nil
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
			sess.valid = false
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.logf("gateway: connection closed: %v", err)
}

func (s *Server) handleOp(c *gwConn, op int, d json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if op != opHeartbeat && !s.takeSendLocked(c) {
		// gateway.mdx, Rate Limiting: "Apps that surpass the limit are
		// immediately disconnected"; the close code is 4008 (Rate limited).
		s.gatewayViolationLocked(CloseRateLimited, fmt.Sprintf("more than %d events in %v on one connection", sendLimit, sendWindow))
		c.enqueue(outFrame{closeCode: CloseRateLimited, closeText: "You are being rate limited."})
		return
	}
	switch op {
	case opHeartbeat:
		c.resetBeat(s.heartbeatTimeout())
		s.heartbeats++
		if s.sendACKs {
			c.enqueue(outFrame{data: mustJSON(map[string]any{"op": opHeartbeatACK, "d": nil, "s": nil, "t": nil})})
		}
		s.notifyLocked()
	case opIdentify:
		s.identifyLocked(c, d)
	case opResume:
		s.resumeLocked(c, d)
	case opPresence, opVoiceState, opRequestMembers:
		if c.session == nil {
			c.enqueue(outFrame{closeCode: CloseNotAuthenticated, closeText: "Not authenticated."})
		}
	default:
		c.enqueue(outFrame{closeCode: CloseUnknownOpcode, closeText: "Unknown opcode."})
	}
}

func (s *Server) tokenOK(t string) bool {
	return !s.revoked.Load() && strings.TrimPrefix(t, "Bot ") == s.token
}

// gatewayViolationLocked records a client's breach of a gateway rule, which
// Discord answers by closing with code.
func (s *Server) gatewayViolationLocked(code int, message string) {
	s.violations = append(s.violations, Violation{Method: "GATEWAY", Status: code, Code: code, Message: message, At: s.now()})
	s.notifyLocked()
	if s.opts.Logf != nil && !s.closed {
		s.opts.Logf("discordtest: gateway: %s → close %d", message, code)
	}
}

// resetBeat restarts the wait for the next heartbeat.
func (c *gwConn) resetBeat(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.beat != nil && !c.closed {
		c.beat.Reset(d)
	}
}

// takeSendLocked counts an event the client sent and reports whether it is
// within sendLimit for the last sendWindow.
func (s *Server) takeSendLocked(c *gwConn) bool {
	now := time.Now()
	i := 0
	for i < len(c.sent) && now.Sub(c.sent[i]) >= sendWindow {
		i++
	}
	c.sent = append(c.sent[i:], now)
	return len(c.sent) <= sendLimit
}

// heartbeatTimeout is how long the stand-in waits for a heartbeat before it
// closes the connection. The docs say only that a connection whose app
// "fails to send a heartbeat event in time" is closed and must resume
// (gateway.mdx, Sending Heartbeats); the first heartbeat may come up to
// one interval after HELLO, so one interval and a grace of half of one,
// at least 5 s for scheduling noise in tests, are allowed.
func (s *Server) heartbeatTimeout() time.Duration {
	return s.opts.HeartbeatInterval + max(s.opts.HeartbeatInterval/2, 5*time.Second)
}

// heartbeatMissed closes a connection that stopped heartbeating. The
// session stays resumable, as the docs say ("you will be forced to
// Resume"); the close code is not documented (a Discord engineer: "If your
// connection is split it will eventually timeout", discord-api-docs#1805),
// so 4000 (Unknown error, try reconnecting), the resumable one, is used.
func (s *Server) heartbeatMissed(c *gwConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heartbeatTimeouts++
	c.enqueue(outFrame{closeCode: 4000, closeText: "Heartbeat timed out."})
}

func (s *Server) identifyLocked(c *gwConn, d json.RawMessage) {
	var id struct {
		Token   string `json:"token"`
		Intents *int   `json:"intents"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		c.enqueue(outFrame{closeCode: CloseDecodeError, closeText: "Decode error."})
		return
	}
	if c.session != nil && c.session.valid && c.session.conn == c {
		c.enqueue(outFrame{closeCode: CloseAlreadyAuth, closeText: "Already authenticated."})
		return
	}
	if !s.tokenOK(id.Token) {
		c.enqueue(outFrame{closeCode: CloseAuthenticationError, closeText: "Authentication failed."})
		return
	}
	s.identifies++
	if id.Intents == nil || *id.Intents < 0 || *id.Intents&^allIntents != 0 {
		c.enqueue(outFrame{closeCode: CloseInvalidIntents, closeText: "Invalid intent(s)."})
		return
	}
	intents := *id.Intents
	if intents&privilegedIntents&^s.opts.PrivilegedIntents != 0 {
		c.enqueue(outFrame{closeCode: CloseDisallowedIntents, closeText: "Disallowed intent(s)."})
		return
	}
	if old := c.session; old != nil {
		old.valid = false // identified anew after INVALID_SESSION
	}
	sess := &gwSession{id: randomHex(16), intents: intents, conn: c, valid: true}
	c.session = sess
	s.sessions[sess.id] = sess
	s.lastIntents = intents

	guilds := make([]map[string]any, 0, len(s.guilds))
	for _, g := range s.guilds {
		guilds = append(guilds, map[string]any{"id": g.id, "unavailable": true})
	}
	s.sendLocked(sess, "READY", map[string]any{
		"v":                  9,
		"user":               s.botUser(),
		"guilds":             guilds,
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.gatewayURL() + resumePath,
		"application":        map[string]any{"id": s.opts.ApplicationID, "flags": s.applicationFlags()},
		"private_channels":   []any{},
		"relationships":      []any{},
		"presences":          []any{},
		"user_settings":      map[string]any{},
		"_trace":             []string{"discordtest"},
	})
	if intents&IntentGuilds != 0 {
		for _, g := range s.guilds {
			s.sendLocked(sess, "GUILD_CREATE", s.guildCreateLocked(g, intents))
		}
	}
	s.readySent = true
	s.notifyLocked()
}

// applicationFlags reports the privileged intents enabled in the portal, as
// the "limited" flags an unverified bot has.
func (s *Server) applicationFlags() int {
	flags := 1 << 23 // APPLICATION_COMMAND_BADGE
	if s.opts.PrivilegedIntents&IntentGuildPresences != 0 {
		flags |= 1 << 13
	}
	if s.opts.PrivilegedIntents&IntentGuildMembers != 0 {
		flags |= 1 << 15
	}
	if s.opts.PrivilegedIntents&IntentMessageContent != 0 {
		flags |= 1 << 19
	}
	return flags
}

// guildCreateLocked is the GUILD_CREATE payload. As on Discord, members
// other than the bot are only included with the GuildPresences intent.
func (s *Server) guildCreateLocked(g *guild, intents int) map[string]any {
	channels := make([]map[string]any, 0, len(g.channels))
	for i, id := range g.channels {
		c := s.channels[id]
		channels = append(channels, map[string]any{
			"id": c.id, "type": 0, "guild_id": g.id, "name": c.name, "position": i, "permission_overwrites": []any{},
		})
	}
	members := []map[string]any{s.memberObj(s.opts.BotUserID, g.joinedAt)}
	if intents&IntentGuildPresences != 0 {
		for _, u := range s.sortedUsersLocked() {
			members = append(members, s.memberObj(u.id, u.joinedAt))
		}
	}
	return map[string]any{
		"id": g.id, "name": g.name, "owner_id": s.firstUserLocked(), "unavailable": false,
		"joined_at": g.joinedAt, "large": false, "member_count": len(s.users) + 1,
		"channels": channels, "members": members, "threads": []any{}, "presences": []any{}, "voice_states": []any{},
		"roles":  []any{map[string]any{"id": g.id, "name": "@everyone", "permissions": "2248473465835073", "position": 0}},
		"emojis": []any{}, "stickers": []any{}, "features": []any{}, "stage_instances": []any{}, "guild_scheduled_events": []any{},
	}
}

func (s *Server) memberObj(userID string, joined time.Time) map[string]any {
	return map[string]any{
		"user": s.userObjLocked(userID), "roles": []string{}, "joined_at": joined, "deaf": false, "mute": false, "flags": 0,
	}
}

func (s *Server) sortedUsersLocked() []*user {
	return slices.SortedFunc(maps.Values(s.users), func(a, b *user) int { return strings.Compare(a.id, b.id) })
}

func (s *Server) firstUserLocked() string {
	if us := s.sortedUsersLocked(); len(us) > 0 {
		return us[0].id
	}
	return s.opts.BotUserID
}

func (s *Server) resumeLocked(c *gwConn, d json.RawMessage) {
	var rs struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &rs); err != nil {
		c.enqueue(outFrame{closeCode: CloseDecodeError, closeText: "Decode error."})
		return
	}
	if !s.tokenOK(rs.Token) {
		c.enqueue(outFrame{closeCode: CloseAuthenticationError, closeText: "Authentication failed."})
		return
	}
	sess := s.sessions[rs.SessionID]
	if sess == nil || !sess.valid {
		// An unknown or ended session: op 9 with d false, "reconnect and
		// identify" (gateway-events.mdx, Invalid Session).
		c.enqueue(outFrame{data: mustJSON(map[string]any{"op": opInvalidSession, "d": false, "s": nil, "t": nil})})
		return
	}
	if rs.Seq > sess.seq || (len(sess.buffer) > 0 && sess.buffer[0].seq > rs.Seq+1) {
		// A sequence the session cannot replay from: close 4007, "The
		// sequence sent when resuming the session was invalid. Reconnect
		// and start a new session" (opcodes-and-status-codes.mdx).
		sess.valid = false
		c.enqueue(outFrame{closeCode: CloseInvalidSeq, closeText: "Invalid seq."})
		return
	}
	s.resumes++
	if c.viaResume {
		s.resumesAtURL++
	}
	if old := sess.conn; old != nil && old != c {
		old.session = nil
		old.abort()
	}
	sess.conn = c
	c.session = sess
	for _, f := range sess.buffer {
		if f.seq > rs.Seq {
			c.enqueue(outFrame{data: f.data})
		}
	}
	s.sendLocked(sess, "RESUMED", map[string]any{"_trace": []string{"discordtest"}})
	s.readySent = true
	s.notifyLocked()
}

// sendLocked sends one dispatch to a session: numbered, kept for RESUME and
// written if the session is connected.
func (s *Server) sendLocked(sess *gwSession, event string, payload any) {
	sess.seq++
	data := mustJSON(map[string]any{"op": opDispatch, "s": sess.seq, "t": event, "d": payload})
	sess.buffer = append(sess.buffer, frame{seq: sess.seq, data: data})
	if len(sess.buffer) > replayBuffer {
		sess.buffer = slices.Delete(sess.buffer, 0, len(sess.buffer)-replayBuffer)
	}
	if sess.conn != nil {
		sess.conn.enqueue(outFrame{data: data})
	}
}

// dispatchLocked sends an event to every valid session whose intents hold
// one of the bits in need (need 0: always). build makes the payload for a
// session's intents, or returns nil to skip it.
func (s *Server) dispatchLocked(event string, need int, build func(intents int) any) {
	for _, sess := range s.sortedSessionsLocked() {
		if !sess.valid || (need != 0 && sess.intents&need == 0) {
			continue
		}
		if payload := build(sess.intents); payload != nil {
			s.sendLocked(sess, event, payload)
		}
	}
}

func (s *Server) sortedSessionsLocked() []*gwSession {
	return slices.SortedFunc(maps.Values(s.sessions), func(a, b *gwSession) int { return strings.Compare(a.id, b.id) })
}

// liveSessionLocked reports whether some session will receive dispatches.
func (s *Server) liveSessionLocked() bool {
	for _, sess := range s.sessions {
		if sess.valid {
			return true
		}
	}
	return false
}

func channelIntent(c *channel, guildIntent, dmIntent int) int {
	if c.guildID == "" {
		return dmIntent
	}
	return guildIntent
}

// dispatchMessageLocked sends MESSAGE_CREATE or MESSAGE_UPDATE with
// Discord's MessageContent rule: without the intent, a guild message's
// content, embeds, attachments and components arrive empty unless the bot
// wrote it or is mentioned in it.
func (s *Server) dispatchMessageLocked(event string, c *channel, m *storedMessage) {
	if c.isPrivate() || s.foreign[c.guildID] != nil {
		return // the bot is not in the channel
	}
	s.dispatchLocked(event, channelIntent(c, IntentGuildMessages, IntentDirectMessages), func(intents int) any {
		w := m.snapshot(s.opts.BotUserID).wire()
		w.Reactions = nil
		fromBot := s.botWroteLocked(m)
		mentioned := slices.ContainsFunc(w.Mentions, func(u *discordgo.User) bool { return u.ID == s.opts.BotUserID })
		if c.guildID != "" && intents&IntentMessageContent == 0 && !fromBot && !mentioned {
			w.Content = ""
			w.Embeds = []*discordgo.MessageEmbed{}
			w.Attachments = []*discordgo.MessageAttachment{}
			w.Components = []discordgo.MessageComponent{}
			w.Poll = nil
		}
		if c.guildID != "" && w.Author != nil {
			joined := s.joinedLocked(c.guildID, w.Author.ID)
			w.Member = &discordgo.Member{JoinedAt: joined, Roles: []string{}}
		}
		return w
	})
}

// Connected reports whether a bot session is identified on a live socket.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connectedLocked()
}

func (s *Server) connectedLocked() bool {
	for _, sess := range s.sessions {
		if sess.valid && sess.conn != nil {
			return true
		}
	}
	return false
}

// WaitConnected waits until READY (or RESUMED) has been sent to a session
// that is still connected.
func (s *Server) WaitConnected(ctx context.Context) error {
	err := s.waitFor(ctx, func() bool { return (s.readySent && s.connectedLocked()) || s.closed })
	if err != nil {
		return fmt.Errorf("discordtest: waiting for the bot to connect: %w", err)
	}
	return nil
}

// Intents are the intents of the last IDENTIFY.
func (s *Server) Intents() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastIntents
}

// Heartbeats counts the heartbeats received from clients.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// DropGateway closes every gateway socket abruptly, without a close frame,
// as a network failure would. The sessions stay resumable.
func (s *Server) DropGateway() {
	s.mu.Lock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.abort()
	}
}

// SendReconnect sends op 7 RECONNECT to every connection.
func (s *Server) SendReconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.enqueue(outFrame{data: mustJSON(map[string]any{"op": opReconnect, "d": nil, "s": nil, "t": nil})})
	}
}

// SendInvalidSession sends op 9 INVALID_SESSION to every connection. When
// resumable is false, the sessions end: they can no longer be resumed and
// the client has to IDENTIFY again.
func (s *Server) SendInvalidSession(resumable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.enqueue(outFrame{data: mustJSON(map[string]any{"op": opInvalidSession, "d": resumable, "s": nil, "t": nil})})
		if sess := c.session; sess != nil {
			if !resumable {
				sess.valid = false
			}
			sess.conn = nil
		}
	}
	s.notifyLocked()
}

// SetHeartbeatACKs turns the acknowledgement of heartbeats off and on.
func (s *Server) SetHeartbeatACKs(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sendACKs = on
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("discordtest: " + err.Error())
	}
	return b
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// joinedLocked is when a member joined the guild.
func (s *Server) joinedLocked(guildID, userID string) time.Time {
	if u := s.users[userID]; u != nil {
		return u.joinedAt
	}
	if g := s.guildLocked(guildID); g != nil {
		return g.joinedAt
	}
	return time.Time{}
}

// GatewayStats counts what clients did on the gateway.
type GatewayStats struct {
	Identifies        int // sessions started with IDENTIFY
	Resumes           int // sessions resumed
	ResumesAtURL      int // of those, how many came in at resume_gateway_url
	HeartbeatTimeouts int // connections closed because no heartbeat came in time
}

// GatewayStats returns the counts so far.
func (s *Server) GatewayStats() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return GatewayStats{Identifies: s.identifies, Resumes: s.resumes, ResumesAtURL: s.resumesAtURL, HeartbeatTimeouts: s.heartbeatTimeouts}
}

// RevokeToken makes the bot token invalid, as resetting it in the Developer
// Portal does: REST answers 401, and every gateway connection is closed
// with 4004 (Authentication failed), as is every later IDENTIFY or RESUME.
func (s *Server) RevokeToken() {
	s.revoked.Store(true)
	s.CloseGateway(CloseAuthenticationError, "Authentication failed.")
}

// CloseGateway closes every gateway connection with a close frame carrying
// code, as Discord does for the close codes it documents. After a code
// that ends the session (4007, 4009, and those Discord marks "do not
// reconnect"), the sessions can no longer be resumed.
func (s *Server) CloseGateway(code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.enqueue(outFrame{closeCode: code, closeText: text})
		if sess := c.session; sess != nil && (code == CloseInvalidSeq || code == CloseSessionTimedOut || code == CloseAuthenticationError || code >= 4010) {
			sess.valid = false
		}
	}
	s.notifyLocked()
}

// SetGatewayDown makes the gateway refuse new connections (HTTP 503 to the
// websocket upgrade) until it is set back, as during a Discord outage.
// Connections already open stay open.
func (s *Server) SetGatewayDown(down bool) { s.gatewayDown.Store(down) }
