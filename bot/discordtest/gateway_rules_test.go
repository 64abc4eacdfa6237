package discordtest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// rawClient speaks the gateway protocol by hand, to test the stand-in's
// rules where discordgo would hide them.
type rawClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialRaw(t *testing.T, url string) *rawClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url+"?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	c := &rawClient{t: t, ws: ws}
	if op, _, _ := c.read(); op != opHello {
		t.Fatalf("first frame op %d, want HELLO", op)
	}
	return c
}

func (c *rawClient) send(op int, d any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		c.t.Fatal(err)
	}
}

// read returns the next frame's op, event name and data.
func (c *rawClient) read() (int, string, json.RawMessage) {
	c.t.Helper()
	c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var f struct {
		Op int             `json:"op"`
		T  string          `json:"t"`
		D  json.RawMessage `json:"d"`
	}
	if err := c.ws.ReadJSON(&f); err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return f.Op, f.T, f.D
}

// closed reads until the connection closes and returns the close code.
func (c *rawClient) closed() int {
	c.t.Helper()
	c.ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			c.t.Fatalf("connection ended without a close frame: %v", err)
		}
	}
}

// identify starts a session and returns READY's session id, resume URL and
// the sequence of READY.
func (c *rawClient) identify() (sessionID, resumeURL string) {
	c.t.Helper()
	c.send(opIdentify, map[string]any{"token": testToken, "intents": int(botIntents), "properties": map[string]string{}})
	for {
		op, ev, d := c.read()
		if op == opDispatch && ev == "READY" {
			var r struct {
				SessionID        string `json:"session_id"`
				ResumeGatewayURL string `json:"resume_gateway_url"`
			}
			json.Unmarshal(d, &r)
			return r.SessionID, r.ResumeGatewayURL
		}
	}
}

// gateway.mdx, Ready event: "resume_gateway_url is a WebSocket URL that your
// app should use when it Resumes"; it differs from the connect URL, and a
// resume there is counted as such.
func TestResumeAtResumeGatewayURL(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	c := dialRaw(t, srv.gatewayURL())
	id, resumeURL := c.identify()
	if resumeURL == srv.gatewayURL() || !strings.HasPrefix(resumeURL, "ws://") {
		t.Fatalf("resume_gateway_url %q, want a websocket URL of its own", resumeURL)
	}
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4000, ""), time.Now().Add(time.Second))
	c.ws.Close()

	r := dialRaw(t, resumeURL)
	r.send(opResume, map[string]any{"token": testToken, "session_id": id, "seq": 1})
	for {
		if op, ev, _ := r.read(); op == opDispatch && ev == "RESUMED" {
			break
		}
	}
	if st := srv.GatewayStats(); st.Resumes != 1 || st.ResumesAtURL != 1 || st.Identifies != 1 {
		t.Errorf("GatewayStats() = %+v, want one identify and one resume at the resume URL", st)
	}
}

// opcodes-and-status-codes.mdx, 4007 Invalid seq: "The sequence sent when
// resuming the session was invalid. Reconnect and start a new session."
// The session is over after it: a second RESUME gets op 9 (d false).
func TestResumeWithInvalidSeqCloses4007(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	c := dialRaw(t, srv.gatewayURL())
	id, _ := c.identify()
	c.ws.Close()

	r := dialRaw(t, srv.gatewayURL())
	r.send(opResume, map[string]any{"token": testToken, "session_id": id, "seq": 999})
	if code := r.closed(); code != CloseInvalidSeq {
		t.Fatalf("RESUME with a seq never sent: close %d, want 4007", code)
	}
	again := dialRaw(t, srv.gatewayURL())
	again.send(opResume, map[string]any{"token": testToken, "session_id": id, "seq": 1})
	if op, _, d := again.read(); op != opInvalidSession || string(d) != "false" {
		t.Errorf("RESUME after 4007: op %d d %s, want op 9 with false", op, d)
	}
}

// gateway.mdx, Sending Events: payloads "Must not exceed 4096 bytes. If an
// event payload does exceed 4096 bytes, the connection will be closed with
// a 4002 close event code." The stand-in allowed 16 KiB.
func TestOversizedEventCloses4002(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	c := dialRaw(t, srv.gatewayURL())
	c.identify()
	c.send(opPresence, map[string]any{"since": nil, "status": "online", "afk": false,
		"activities": []map[string]any{{"name": strings.Repeat("x", 4100), "type": 0}}})
	if code := c.closed(); code != CloseDecodeError {
		t.Fatalf("a 4.1 KB event: close %d, want 4002", code)
	}
}

// gateway.mdx, Rate Limiting: "Apps can send 120 gateway events per
// connection every 60 seconds ... Apps that surpass the limit are
// immediately disconnected"; the close code is 4008 (Rate limited).
func TestTooManyEventsCloses4008(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	c := dialRaw(t, srv.gatewayURL())
	c.identify() // 1 event
	for range sendLimit {
		c.send(opPresence, map[string]any{"since": nil, "status": "online", "afk": false, "activities": []any{}})
	}
	if code := c.closed(); code != CloseRateLimited {
		t.Fatalf("121 events in a minute: close %d, want 4008", code)
	}
	if v := srv.Violations(); len(v) == 0 || v[len(v)-1].Method != "GATEWAY" || v[len(v)-1].Code != CloseRateLimited {
		t.Errorf("violations %+v, want the 4008", v)
	}
}

// gateway.mdx, Sending Heartbeats: "If your app fails to send a heartbeat
// event in time, your connection will be closed and you will be forced to
// Resume." The session stays resumable.
func TestSilentConnectionIsClosedAndResumable(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{HeartbeatInterval: 20 * time.Millisecond})
	c := dialRaw(t, srv.gatewayURL())
	id, resumeURL := c.identify()
	if code := c.closed(); code == websocket.CloseNormalClosure || code == 0 {
		t.Fatalf("close %d", code)
	}
	if srv.GatewayStats().HeartbeatTimeouts != 1 {
		t.Errorf("GatewayStats() = %+v, want one heartbeat timeout", srv.GatewayStats())
	}
	r := dialRaw(t, resumeURL)
	r.send(opResume, map[string]any{"token": testToken, "session_id": id, "seq": 1})
	for {
		if op, ev, _ := r.read(); op == opDispatch && ev == "RESUMED" {
			return
		} else if op == opInvalidSession {
			t.Fatal("the session did not survive the heartbeat timeout")
		}
	}
}
