package discordtest

import (
	"encoding/json"
	"net/http"
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
	s.record(r, e.status, e.code, e.message)
	body := map[string]any{"code": e.code, "message": e.message}
	if len(e.errors) > 0 {
		body["errors"] = e.errors.nested()
	}
	writeJSON(w, e.status, body)
}

// record notes a 4xx answer as a violation and counts the ones Discord
// counts as invalid requests.
func (s *Server) record(r *http.Request, status, code int, message string, shared ...bool) {
	s.mu.Lock()
	s.violations = append(s.violations, Violation{
		Method: r.Method, Path: r.URL.Path, Status: status, Code: code, Message: message, At: s.now(),
	})
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		s.invalid++
	case http.StatusTooManyRequests:
		// rate-limits.mdx, Invalid Request Limit: "429 errors returned
		// with X-RateLimit-Scope: shared are not counted against you."
		if len(shared) == 0 || !shared[0] {
			s.invalid++
		}
		s.count429++
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.logf("%s %s → %d (code %d: %s)", r.Method, r.URL.Path, status, code, message)
}

// route is one matched REST route: its handler, and the bucket that limits
// it.
type route struct {
	handler     func(w http.ResponseWriter, r *http.Request, p []string) *apiError
	interaction bool // exempt from auth and the global limit
	public      bool // needs no auth (GET /gateway)
	bucketKey   string
	limit       int
	window      time.Duration
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.Path)
	s.mu.Unlock()

	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v9/")
	if !ok {
		rest, ok = strings.CutPrefix(r.URL.Path, "/api/v10/")
	}
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	p := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	rt, e := s.match(r.Method, p)
	if e != nil {
		s.fail(w, r, e)
		return
	}
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
	if rt.bucketKey != "" {
		s.mu.Lock()
		ok, after := s.limits.take(w.Header(), rt.bucketKey, rt.limit, rt.window)
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
	if e := rt.handler(w, r, p); e != nil {
		s.fail(w, r, e)
	}
}

// match finds the route for a method and path segments (after /api/vN/).
func (s *Server) match(method string, p []string) (route, *apiError) {
	is := func(segs ...string) bool {
		if len(segs) != len(p) {
			return false
		}
		for i, seg := range segs {
			if seg != "*" && seg != p[i] {
				return false
			}
		}
		return true
	}
	var (
		handlers map[string]func(http.ResponseWriter, *http.Request, []string) *apiError
		rt       route
	)
	switch {
	case is("gateway"), is("gateway", "bot"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{http.MethodGet: s.getGateway}
		rt.bucketKey = "gateway"
		rt.public = len(p) == 1
	case is("users", "@me"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{http.MethodGet: s.getMe}
		rt.bucketKey = "users/@me"
	case is("users", "@me", "channels"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{http.MethodPost: s.createDM}
		rt.bucketKey = "users/@me/channels"
	case is("applications", "*", "commands"), is("applications", "*", "guilds", "*", "commands"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{
			http.MethodGet: s.listCommands, http.MethodPut: s.overwriteCommands,
		}
		rt.bucketKey = method + " commands " + strings.Join(p[:len(p)-1], "/")
	case is("interactions", "*", "*", "callback"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{http.MethodPost: s.interactionCallback}
		rt.interaction = true
	case is("webhooks", "*", "*"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{http.MethodPost: s.followup}
		rt.interaction = true
		rt.bucketKey = "webhook " + p[1] + "/" + p[2]
		rt.limit, rt.window = webhookLimit, webhookWindow
	case is("webhooks", "*", "*", "messages", "*"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{
			http.MethodGet: s.webhookMessage, http.MethodPatch: s.webhookMessage, http.MethodDelete: s.webhookMessage,
		}
		rt.interaction = true
		rt.bucketKey = "webhook " + p[1] + "/" + p[2]
		rt.limit, rt.window = webhookLimit, webhookWindow
	case is("channels", "*"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{http.MethodGet: s.getChannel}
		rt.bucketKey = "GET channel " + p[1]
	case is("channels", "*", "messages"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{
			http.MethodPost: s.createMessage, http.MethodGet: s.listMessages,
		}
		rt.bucketKey = method + " messages " + p[1]
		if method == http.MethodPost {
			rt.limit, rt.window = messageLimit, messageWindow
		}
	case is("channels", "*", "messages", "*"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{
			http.MethodGet: s.getMessage, http.MethodPatch: s.editMessage, http.MethodDelete: s.deleteMessage,
		}
		rt.bucketKey = method + " message " + p[1]
		if method == http.MethodPatch {
			rt.limit, rt.window = editLimit, editWindow
		}
	case is("channels", "*", "messages", "*", "reactions", "*"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{
			http.MethodGet: s.listReactions, http.MethodDelete: s.deleteEmojiReactions,
		}
		rt.bucketKey = "reactions " + p[1]
		rt.limit, rt.window = reactionLimit, reactionWindow
	case is("channels", "*", "messages", "*", "reactions", "*", "*"):
		handlers = map[string]func(http.ResponseWriter, *http.Request, []string) *apiError{
			http.MethodPut: s.addReaction, http.MethodDelete: s.removeReaction,
		}
		rt.bucketKey = "reactions " + p[1]
		rt.limit, rt.window = reactionLimit, reactionWindow
	default:
		return route{}, errNotFound
	}
	h, ok := handlers[method]
	if !ok {
		return route{}, errMethodNotAllowed
	}
	rt.handler = h
	if rt.bucketKey != "" && rt.limit == 0 {
		rt.limit, rt.window = defaultLimit, defaultWindow
	}
	return rt, nil
}

func (s *Server) getGateway(w http.ResponseWriter, r *http.Request, p []string) *apiError {
	url := s.gatewayURL()
	if len(p) == 1 {
		writeJSON(w, http.StatusOK, map[string]any{"url": url})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"url":    url,
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 1000, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
	return nil
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request, p []string) *apiError {
	writeJSON(w, http.StatusOK, s.botUser())
	return nil
}
