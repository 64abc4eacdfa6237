package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/data"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsHealthAndBackupWhileRunning(t *testing.T) {
	h := newHarness(t, time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC))
	addr := freeAddr(t)
	h.env = map[string]string{"GLUTEBOT_METRICS_ADDR": addr}
	h.start()

	// The metrics server starts after the commands are registered.
	waitFor(t, "/healthz to answer ok", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == http.StatusOK && strings.TrimSpace(string(b)) == "ok"
	})
	if err := runHealthcheck(context.Background(), h.getenv); err != nil {
		t.Errorf("glutebot healthcheck: %v", err)
	}
	_, body := get(t, "http://"+addr+"/metrics")
	for _, name := range []string{`glutebot_discord_requests_total{status="200"}`, "glutebot_workouts_posted_total", "glutebot_gateway_reconnects_total"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}

	// A backup taken while the bot runs opens and is consistent.
	dst := filepath.Join(t.TempDir(), "backup.db")
	var out bytes.Buffer
	if err := runWith(context.Background(), []string{"backup", dst}, h.getenv, options{stdout: &out}); err != nil {
		t.Fatalf("glutebot backup: %v", err)
	}
	s, err := data.Open(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}

	// Stopping the program stops the metrics server too.
	h.stop()
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Errorf("/healthz still answers after the program stopped")
	}
}

// TestUnhealthyIsReported: /healthz answers 503 with the reason, and the
// healthcheck command (Docker's HEALTHCHECK) fails on it.
func TestUnhealthyIsReported(t *testing.T) {
	srv := httptest.NewServer(newMetrics().handler(func(context.Context) error { return errGatewayDown }))
	defer srv.Close()
	status, body := get(t, srv.URL+"/healthz")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, errGatewayDown.Error()) {
		t.Errorf("/healthz = %d %q, want 503 saying %q", status, body, errGatewayDown)
	}
	// The settings are read as the bot reads them: spaces around a value
	// are ignored.
	addr := " " + strings.TrimPrefix(srv.URL, "http://") + " "
	getenv := func(k string) string { return map[string]string{"GLUTEBOT_METRICS_ADDR": addr}[k] }
	if err := runHealthcheck(context.Background(), getenv); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("glutebot healthcheck = %v, want a failure saying /healthz answered 503", err)
	}
}
