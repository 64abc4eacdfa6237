package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/plans"
)

// metrics are glutebot's Prometheus metrics, served on
// GLUTEBOT_METRICS_ADDR with /healthz beside them.
type metrics struct {
	reg         *prometheus.Registry
	posted      prometheus.Counter
	lateness    prometheus.Histogram
	completions *prometheus.CounterVec
	requests    *prometheus.CounterVec
	rateLimited prometheus.Counter
	reconnects  prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		posted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "glutebot_workouts_posted_total", Help: "Workouts posted to subscribers."}),
		lateness: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "glutebot_workout_lateness_seconds", Help: "How long after its due instant a workout was posted.",
			Buckets: []float64{0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 21600}}),
		completions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "glutebot_completions_total", Help: "✅ completions logged (action=logged) and undone (action=undone)."},
			[]string{"action"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "glutebot_discord_requests_total", Help: "Discord REST answers by HTTP status (0: no answer)."},
			[]string{"status"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "glutebot_discord_429_total", Help: "Discord answers of 429 Too Many Requests."}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "glutebot_gateway_reconnects_total", Help: "Gateway connections re-established after a drop."}),
	}
	m.reg.MustRegister(m.posted, m.lateness, m.completions, m.requests, m.rateLimited, m.reconnects,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observer() bot.Observer {
	return bot.Observer{
		Request: func(status int) {
			m.requests.WithLabelValues(strconv.Itoa(status)).Inc()
			if status == http.StatusTooManyRequests {
				m.rateLimited.Inc()
			}
		},
		Completion: func(delta int) {
			if delta > 0 {
				m.completions.WithLabelValues("logged").Inc()
			} else {
				m.completions.WithLabelValues("undone").Inc()
			}
		},
		Reconnect: m.reconnects.Inc,
	}
}

func (m *metrics) onPosted(_ plans.Slot, lateness time.Duration) {
	m.posted.Inc()
	m.lateness.Observe(max(lateness, 0).Seconds())
}

// handler serves /metrics and /healthz. health returns nil when the bot is
// connected to the gateway and the database takes writes.
func (m *metrics) handler(health func(context.Context) error) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := health(ctx); err != nil {
			http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

var errGatewayDown = errors.New("not connected to the Discord gateway")

// runHealthcheck asks a running glutebot's /healthz (for Docker's
// HEALTHCHECK, in an image without curl).
func runHealthcheck(ctx context.Context, getenv func(string) string) error {
	addr, err := metricsAddr(getenv)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	if addr == "" {
		return usageError{"healthcheck: GLUTEBOT_METRICS_ADDR is not set, so there is no /healthz to ask"}
	}
	host, port, _ := net.SplitHostPort(addr) // checked by metricsAddr
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /healthz answered %s", resp.Status)
	}
	return nil
}
