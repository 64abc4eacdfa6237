package discordtest

import (
	"encoding/json"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// Discord's JSON error codes used by the stand-in.
const (
	CodeGeneral             = 0
	CodeUnknownChannel      = 10003
	CodeUnknownMessage      = 10008
	CodeUnknownUser         = 10013
	CodeUnknownEmoji        = 10014
	CodeUnknownWebhook      = 10015
	CodeUnknownInteraction  = 10062
	CodeMaxReactions        = 30010
	CodeRequestTooLarge     = 40005
	CodeAlreadyAcknowledged = 40060
	CodeCannotEditOthers    = 50005
	CodeEmptyMessage        = 50006
	CodeCannotSendToUser    = 50007
	CodeMissingPermissions  = 50013
	CodeInvalidWebhookToken = 50027
	CodeInvalidFormBody     = 50035
	CodeDMChannelNotAllowed = 50003
)

// apiError is an error answer: status, Discord's code and message, and for
// 50035 the nested "errors" object.
type apiError struct {
	status  int
	code    int
	message string
	errors  formErrors
}

func errInvalidForm(fe formErrors) *apiError {
	return &apiError{status: http.StatusBadRequest, code: CodeInvalidFormBody, message: "Invalid Form Body", errors: fe}
}

var (
	errUnauthorized       = &apiError{http.StatusUnauthorized, CodeGeneral, "401: Unauthorized", nil}
	errNotFound           = &apiError{http.StatusNotFound, CodeGeneral, "404: Not Found", nil}
	errMethodNotAllowed   = &apiError{http.StatusMethodNotAllowed, CodeGeneral, "405: Method Not Allowed", nil}
	errUnknownChannel     = &apiError{http.StatusNotFound, CodeUnknownChannel, "Unknown Channel", nil}
	errUnknownMessage     = &apiError{http.StatusNotFound, CodeUnknownMessage, "Unknown Message", nil}
	errUnknownUser        = &apiError{http.StatusNotFound, CodeUnknownUser, "Unknown User", nil}
	errUnknownEmoji       = &apiError{http.StatusBadRequest, CodeUnknownEmoji, "Unknown Emoji", nil}
	errUnknownWebhook     = &apiError{http.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook", nil}
	errUnknownInteraction = &apiError{http.StatusNotFound, CodeUnknownInteraction, "Unknown interaction", nil}
	errAlreadyAcked       = &apiError{http.StatusBadRequest, CodeAlreadyAcknowledged, "Interaction has already been acknowledged.", nil}
	errEmptyMessage       = &apiError{http.StatusBadRequest, CodeEmptyMessage, "Cannot send an empty message", nil}
	errCannotSendToUser   = &apiError{http.StatusForbidden, CodeCannotSendToUser, "Cannot send messages to this user", nil}
	errCannotEditOthers   = &apiError{http.StatusForbidden, CodeCannotEditOthers, "Cannot edit a message authored by another user", nil}
	errMissingPermissions = &apiError{http.StatusForbidden, CodeMissingPermissions, "Missing Permissions", nil}
	errDMNotAllowed       = &apiError{http.StatusForbidden, CodeDMChannelNotAllowed, "Cannot execute action on a DM channel", nil}
	errInvalidWebhookTok  = &apiError{http.StatusUnauthorized, CodeInvalidWebhookToken, "Invalid Webhook Token", nil}
	errMaxReactions       = &apiError{http.StatusBadRequest, CodeMaxReactions, "Maximum number of reactions reached (20)", nil}
	errTooLarge           = &apiError{http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "Request entity too large", nil}
)

// formErrors collects 50035 field errors by dotted path ("0.options.3.name")
// and renders them in Discord's nested {"_errors": [...]} shape.
type formErrors map[string][]fieldError

type fieldError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (fe formErrors) add(path, code, message string) {
	fe[path] = append(fe[path], fieldError{Code: code, Message: message})
}

func (fe formErrors) nested() map[string]any {
	root := map[string]any{}
	for path, errs := range fe {
		node := root
		if path != "" {
			for _, part := range strings.Split(path, ".") {
				child, ok := node[part].(map[string]any)
				if !ok {
					child = map[string]any{}
					node[part] = child
				}
				node = child
			}
		}
		node["_errors"] = errs
	}
	return root
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// fail answers with a Discord error and records it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, e *apiError) {
	s.record(r, e.status, e.code, e.message, false)
	body := map[string]any{"code": e.code, "message": e.message}
	if len(e.errors) > 0 {
		body["errors"] = e.errors.nested()
	}
	writeJSON(w, e.status, body)
}

// record notes a 4xx answer as a violation and counts the ones Discord
// counts as invalid requests: 401, 403 and 429, but not a 429 of scope
// shared (rate-limits.mdx, Invalid Request Limit: "429 errors returned
// with X-RateLimit-Scope: shared are not counted against you").
func (s *Server) record(r *http.Request, status, code int, message string, shared bool) {
	s.mu.Lock()
	s.violations = append(s.violations, Violation{
		Method: r.Method, Path: r.URL.Path, Status: status, Code: code, Message: message, At: s.now(),
	})
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		s.invalid++
	case http.StatusTooManyRequests:
		if !shared {
			s.invalid++
		}
		s.count429++
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.logf("%s %s → %d (code %d: %s)", r.Method, r.URL.Path, status, code, message)
}

// route is one REST route: its handler, and the bucket that limits it.
type route struct {
	handler     func(w http.ResponseWriter, r *http.Request) *apiError
	interaction bool // exempt from auth and the global limit
	public      bool // needs no auth (GET /gateway)
	// bucket names the rate-limit bucket of a request; nil for a route no
	// bucket limits.
	bucket func(r *http.Request) string
	limit  int // per window; 0 means defaultLimit per defaultWindow
	window time.Duration
}

// apiVersions are the path prefixes the REST API answers under.
var apiVersions = []string{"/api/v9", "/api/v10"}

// newRESTMux routes the REST API with ServeMux's method and wildcard
// patterns. A path that exists answers 405 to a method it does not have;
// any other path answers 404, in Discord's JSON error shape.
func (s *Server) newRESTMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })
	var paths []string // each path once, in the order first handled
	handle := func(method, path string, rt route) {
		if !slices.Contains(paths, path) {
			paths = append(paths, path)
		}
		if rt.bucket != nil && rt.limit == 0 {
			rt.limit, rt.window = defaultLimit, defaultWindow
		}
		for _, v := range apiVersions {
			mux.HandleFunc(method+" "+v+path, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != method { // a GET pattern also matches HEAD; Discord's routes do not
					s.fail(w, r, errMethodNotAllowed)
					return
				}
				s.serveRoute(w, r, rt)
			})
		}
	}
	fixed := func(key string) func(*http.Request) string { return func(*http.Request) string { return key } }
	// "<method> <what> <ids>": each method has its own bucket per resource.
	perMethod := func(what string, ids func(r *http.Request) string) func(string) func(*http.Request) string {
		return func(method string) func(*http.Request) string {
			return func(r *http.Request) string { return method + " " + what + " " + ids(r) }
		}
	}
	webhook := func(r *http.Request) string { return "webhook " + r.PathValue("app") + "/" + r.PathValue("token") }
	reactions := func(r *http.Request) string { return "reactions " + r.PathValue("channel") }
	channel := func(r *http.Request) string { return r.PathValue("channel") }
	commands := perMethod("commands", func(r *http.Request) string {
		scope := "applications/" + r.PathValue("app")
		if guild := r.PathValue("guild"); guild != "" {
			scope += "/guilds/" + guild
		}
		return scope
	})
	messages := perMethod("messages", channel)
	message := perMethod("message", channel)

	handle("GET", "/gateway", route{handler: s.getGateway, public: true, bucket: fixed("gateway")})
	handle("GET", "/gateway/bot", route{handler: s.getGatewayBot, bucket: fixed("gateway")})
	handle("GET", "/users/@me", route{handler: s.getMe, bucket: fixed("users/@me")})
	handle("POST", "/users/@me/channels", route{handler: s.createDM, bucket: fixed("users/@me/channels")})
	for _, path := range []string{"/applications/{app}/commands", "/applications/{app}/guilds/{guild}/commands"} {
		handle("GET", path, route{handler: s.listCommands, bucket: commands("GET")})
		handle("PUT", path, route{handler: s.overwriteCommands, bucket: commands("PUT")})
	}
	handle("POST", "/interactions/{id}/{token}/callback", route{handler: s.interactionCallback, interaction: true})
	handle("POST", "/webhooks/{app}/{token}", route{handler: s.followup, interaction: true,
		bucket: webhook, limit: webhookLimit, window: webhookWindow})
	for _, method := range []string{"GET", "PATCH", "DELETE"} {
		handle(method, "/webhooks/{app}/{token}/messages/{message}", route{handler: s.webhookMessage, interaction: true,
			bucket: webhook, limit: webhookLimit, window: webhookWindow})
	}
	handle("GET", "/channels/{channel}", route{handler: s.getChannel, bucket: func(r *http.Request) string { return "GET channel " + r.PathValue("channel") }})
	handle("POST", "/channels/{channel}/messages", route{handler: s.createMessage, bucket: messages("POST"),
		limit: messageLimit, window: messageWindow})
	handle("GET", "/channels/{channel}/messages", route{handler: s.listMessages, bucket: messages("GET")})
	handle("GET", "/channels/{channel}/messages/{message}", route{handler: s.getMessage, bucket: message("GET")})
	handle("PATCH", "/channels/{channel}/messages/{message}", route{handler: s.editMessage, bucket: message("PATCH"),
		limit: editLimit, window: editWindow})
	handle("DELETE", "/channels/{channel}/messages/{message}", route{handler: s.deleteMessage, bucket: message("DELETE")})
	handle("GET", "/channels/{channel}/messages/{message}/reactions/{emoji}", route{handler: s.listReactions,
		bucket: reactions, limit: reactionLimit, window: reactionWindow})
	handle("DELETE", "/channels/{channel}/messages/{message}/reactions/{emoji}", route{handler: s.deleteEmojiReactions,
		bucket: reactions, limit: reactionLimit, window: reactionWindow})
	handle("PUT", "/channels/{channel}/messages/{message}/reactions/{emoji}/{user}", route{handler: s.addReaction,
		bucket: reactions, limit: reactionLimit, window: reactionWindow})
	handle("DELETE", "/channels/{channel}/messages/{message}/reactions/{emoji}/{user}", route{handler: s.removeReaction,
		bucket: reactions, limit: reactionLimit, window: reactionWindow})

	// Each path once without a method: the methods it lacks are 405.
	for _, path := range paths {
		for _, v := range apiVersions {
			mux.HandleFunc(v+path, func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errMethodNotAllowed) })
		}
	}
	return mux
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.Path)
	s.mu.Unlock()

	if trimmed := strings.TrimSuffix(r.URL.Path, "/"); trimmed != r.URL.Path && trimmed != "" {
		// A trailing slash names the same route.
		u := *r.URL
		u.Path, u.RawPath = trimmed, ""
		r2 := *r
		r2.URL = &u
		r = &r2
	}
	if path.Clean(r.URL.Path) != r.URL.Path {
		// An empty, "." or ".." segment: ServeMux would redirect to the
		// cleaned path, but no Discord route has one.
		s.fail(w, r, errNotFound)
		return
	}
	s.rest.ServeHTTP(w, r)
}

// serveRoute checks auth and the rate limits that apply to rt, then runs its
// handler.
func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, rt route) {
	if !rt.interaction && !rt.public {
		if r.Header.Get("Authorization") != "Bot "+s.token || s.revoked.Load() {
			s.fail(w, r, errUnauthorized)
			return
		}
		s.mu.Lock()
		ok, after := s.limits.takeGlobal()
		s.mu.Unlock()
		if !ok {
			s.writeRateLimited(w, r, after, scopeGlobal)
			return
		}
	}
	if rt.bucket != nil {
		s.mu.Lock()
		ok, after := s.limits.take(w.Header(), rt.bucket(r), rt.limit, rt.window)
		s.mu.Unlock()
		if !ok {
			s.writeRateLimited(w, r, after, scopeUser)
			return
		}
	}
	if after, ok := s.takeResourceLimit(r); ok {
		s.writeRateLimited(w, r, after, scopeShared)
		return
	}
	if e := rt.handler(w, r); e != nil {
		s.fail(w, r, e)
	}
}

// getGateway answers GET /gateway: where to connect.
func (s *Server) getGateway(w http.ResponseWriter, r *http.Request) *apiError {
	writeJSON(w, http.StatusOK, map[string]any{"url": s.gatewayURL()})
	return nil
}

// getGatewayBot answers GET /gateway/bot: where to connect, with the shards
// and session start limit.
func (s *Server) getGatewayBot(w http.ResponseWriter, r *http.Request) *apiError {
	writeJSON(w, http.StatusOK, map[string]any{
		"url":    s.gatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 1000, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
	return nil
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) *apiError {
	writeJSON(w, http.StatusOK, s.botUser())
	return nil
}
