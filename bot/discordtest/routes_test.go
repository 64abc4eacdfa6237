package discordtest

import (
	"net/http"
	"testing"
)

// TestRoutesAnswerNotFoundAndMethodNotAllowed pins the REST router: each
// route answers its methods, a route asked with a method it lacks answers
// 405, and a path Discord does not have answers 404, both in Discord's JSON
// error shape (code 0).
func TestRoutesAnswerNotFoundAndMethodNotAllowed(t *testing.T) {
	srv := newWorld(t, Options{})
	app := srv.opts.ApplicationID
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/api/v9/users/@me", http.StatusOK},
		{"GET", "/api/v10/users/@me", http.StatusOK},
		{"GET", "/api/v9/users/@me/", http.StatusOK}, // a trailing slash names the same route
		{"GET", "/api/v9/gateway", http.StatusOK},
		{"GET", "/api/v9/gateway/bot", http.StatusOK},
		{"GET", "/api/v9/applications/" + app + "/commands", http.StatusOK},
		{"GET", "/api/v9/channels/" + chanID, http.StatusOK},
		{"GET", "/api/v9/channels/" + chanID + "/messages", http.StatusOK},
		{"HEAD", "/api/v9/users/@me", http.StatusMethodNotAllowed},
		{"POST", "/api/v9/users/@me", http.StatusMethodNotAllowed},
		{"DELETE", "/api/v9/gateway/bot", http.StatusMethodNotAllowed},
		{"PATCH", "/api/v9/channels/" + chanID + "/messages", http.StatusMethodNotAllowed},
		{"POST", "/api/v9/channels/" + chanID + "/messages/1", http.StatusMethodNotAllowed},
		{"GET", "/api/v9/channels/" + chanID + "/messages/1/reactions/x/@me", http.StatusMethodNotAllowed},
		{"GET", "/api/v9/interactions/1/tok/callback", http.StatusMethodNotAllowed},
		{"PUT", "/api/v9/webhooks/" + app + "/tok", http.StatusMethodNotAllowed},
		{"GET", "/api/v8/users/@me", http.StatusNotFound},
		{"GET", "/api/v9/", http.StatusNotFound},
		{"GET", "/api/v9/users", http.StatusNotFound},
		{"GET", "/api/v9/guilds/" + guildID, http.StatusNotFound},
		{"GET", "/api/v9/channels/" + chanID + "/pins", http.StatusNotFound},
		{"GET", "/nothing", http.StatusNotFound},
	} {
		resp, body := raw(t, srv, tc.method, tc.path, nil, true)
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
			continue
		}
		if tc.want >= 400 && tc.method != "HEAD" && (body == nil || body["code"] != 0.0) {
			t.Errorf("%s %s: body %v, want Discord's error with code 0", tc.method, tc.path, body)
		}
	}
}
