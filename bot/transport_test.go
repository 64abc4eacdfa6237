package bot

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTransportRewritesEveryRequestToTheConfiguredBase(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.Host+r.URL.RequestURI())
		io.WriteString(w, "{}")
	}))
	defer srv.Close()

	tr, err := newTransport(srv.URL, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: tr}
	for _, u := range []string{
		"https://discord.com/api/v9/gateway",
		"https://discord.com/api/v9/channels/1/messages?limit=2",
	} {
		resp, err := client.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		resp.Body.Close()
	}
	host := srv.Listener.Addr().String()
	want := []string{"GET " + host + "/api/v9/gateway", "GET " + host + "/api/v9/channels/1/messages?limit=2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
}

func TestNewTransportRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "discord.com", "ftp://discord.com", "http://"} {
		if _, err := newTransport(u, 0, nil); err == nil {
			t.Errorf("newTransport(%q) = nil error, want one", u)
		}
	}
}

func TestExemptFromGlobalLimit(t *testing.T) {
	for path, want := range map[string]bool{
		"/api/v9/interactions/1/tok/callback":           true,
		"/api/v9/webhooks/1/tok/messages/@original":     true,
		"/api/v9/channels/1/messages":                   false,
		"/api/v9/users/@me/channels":                    false,
		"/api/v9/applications/1/commands":               false,
		"/api/v9/channels/1/messages/2/reactions/x/@me": false,
	} {
		if got := exemptFromGlobalLimit(path); got != want {
			t.Errorf("exemptFromGlobalLimit(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestTransportRetriesServerErrorsABoundedNumberOfTimes(t *testing.T) {
	var calls int
	var bodies []string
	fail := 2
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if calls <= fail {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	tr, err := newTransport(srv.URL, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr.backoff = time.Millisecond
	client := &http.Client{Transport: tr}

	resp, err := client.Post("https://discord.com/api/v9/channels/1/messages", "application/json", strings.NewReader(`{"content":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || calls != 3 {
		t.Errorf("got %d after %d calls, want 200 after 3", resp.StatusCode, calls)
	}
	for i, b := range bodies {
		if b != `{"content":"hi"}` {
			t.Errorf("attempt %d sent body %q, want the original", i, b)
		}
	}

	// Never more than maxServerErrorRetries retries.
	calls, fail = 0, 100
	resp, err = client.Get("https://discord.com/api/v9/gateway")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || calls != 1+maxServerErrorRetries {
		t.Errorf("got %d after %d calls, want 503 after %d", resp.StatusCode, calls, 1+maxServerErrorRetries)
	}

	// Interaction answers are never retried.
	calls = 0
	resp, err = client.Post("https://discord.com/api/v9/interactions/1/tok/callback", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if calls != 1 {
		t.Errorf("interaction callback sent %d times, want 1", calls)
	}
}

// TestPersistentBadGatewayIsRetriedByOnePolicy sends a message through a
// real discordgo session to a server that always answers 502: discordgo's
// own 502 retry and the transport's would multiply (4 × 4 = 16 requests);
// one policy makes 1 + maxServerErrorRetries.
func TestPersistentBadGatewayIsRetriedByOnePolicy(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	b, err := New(Config{Token: "test-token", APIURL: srv.URL, Logger: slog.New(slog.DiscardHandler)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.s.Client.Transport.(*transport).backoff = time.Millisecond

	_, err = b.s.ChannelMessageSend("310000000000000001", "hi")
	if err == nil {
		t.Fatal("ChannelMessageSend succeeded against a server that only answers 502")
	}
	if got, want := calls.Load(), int64(1+maxServerErrorRetries); got != want {
		t.Errorf("a persistent 502 took %d requests, want %d", got, want)
	}
}

func TestCheckAPIURL(t *testing.T) {
	for u, ok := range map[string]bool{
		DefaultAPIURL:            true,
		"http://127.0.0.1:8080":  true,
		"https://proxy/discord/": true,
		"":                       false,
		"discord.com":            false,
		"ftp://discord.com":      false,
		"http://":                false,
		"http://%zz":             false,
	} {
		if err := CheckAPIURL(u); (err == nil) != ok {
			t.Errorf("CheckAPIURL(%q) = %v, want ok %v", u, err, ok)
		}
	}
}
