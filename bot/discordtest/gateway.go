package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
	CloseInvalidAPIVersion   = 4012
	CloseInvalidIntents      = 4013
	CloseDisallowedIntents   = 4014

	replayBuffer = 1000 // dispatches kept per session for RESUME
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
	session *gwSession
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
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logf("gateway: upgrade: %v", err)
		return
	}
	c := &gwConn{ws: ws, wake: make(chan struct{}, 1)}
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
	}
	s.readLoop(c)
}

func (s *Server) readLoop(c *gwConn) {
	c.ws.SetReadLimit(16 << 10)
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			s.disconnected(c, err)
			return
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
	switch op {
	case opHeartbeat:
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
	return strings.TrimPrefix(t, "Bot ") == s.token
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
		"resume_gateway_url": s.gatewayURL(),
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
	out := make([]*user, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b *user) int { return strings.Compare(a.id, b.id) })
	return out
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
	replayable := sess != nil && sess.valid && rs.Seq <= sess.seq &&
		(len(sess.buffer) == 0 || sess.buffer[0].seq <= rs.Seq+1)
	if !replayable {
		c.enqueue(outFrame{data: mustJSON(map[string]any{"op": opInvalidSession, "d": false, "s": nil, "t": nil})})
		return
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
	out := make([]*gwSession, 0, len(s.sessions))
	for _, sess := range s.sessions {
		out = append(out, sess)
	}
	slices.SortFunc(out, func(a, b *gwSession) int { return strings.Compare(a.id, b.id) })
	return out
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
		fromBot := w.Author != nil && w.Author.ID == s.opts.BotUserID
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
