package bot

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/glutebot/glutebot/plans"
)

// Guild commands take no contexts, integration_types or dm_permission
// (application-commands.mdx: "only for globally-scoped commands"); global
// ones keep them.
func TestGuildCommandsOmitGlobalOnlyFields(t *testing.T) {
	for _, c := range commandsFor("200000000000000001") {
		if c.Contexts != nil || c.IntegrationTypes != nil || c.DMPermission != nil {
			t.Errorf("guild command /%s has contexts %v, integration types %v, dm_permission %v", c.Name, c.Contexts, c.IntegrationTypes, c.DMPermission)
		}
	}
	global := commandsFor("")
	if global[0].Contexts == nil {
		t.Errorf("global /%s lost its contexts", global[0].Name)
	}
	if Commands()[0].Contexts == nil {
		t.Error("commandsFor changed the shared table")
	}
}

// 50278 (no mutual server, for a user-installed app) and 50001 (missing
// access, also a DM the bot may no longer open) mean no retry can deliver,
// like 50007.
func TestUndeliverableCodes(t *testing.T) {
	for _, code := range []int{50007, 50001, 50278, 10003, 50013} {
		err := classify("post", &discordgo.RESTError{Message: &discordgo.APIErrorMessage{Code: code}})
		if !errors.Is(err, plans.ErrUndeliverable) {
			t.Errorf("code %d: %v, want ErrUndeliverable", code, err)
		}
	}
	if err := classify("post", &discordgo.RESTError{Message: &discordgo.APIErrorMessage{Code: 50035}}); errors.Is(err, plans.ErrUndeliverable) {
		t.Errorf("50035 counted as undeliverable: %v", err)
	}
	if err := classify("post", fmt.Errorf("network down")); errors.Is(err, plans.ErrUndeliverable) {
		t.Errorf("a network error counted as undeliverable")
	}
}

// A close code Discord marks "do not reconnect" is fatal; the others are
// not; 4007 and 4009 end the session.
func TestCloseCodes(t *testing.T) {
	for code := 4000; code <= 4014; code++ {
		err := fatalGatewayError(fmt.Errorf("open: %w", &websocket.CloseError{Code: code}))
		want := code == 4004 || code >= 4010
		if (err != nil) != want {
			t.Errorf("close %d: fatal = %v, want %v", code, err, want)
		}
		if newSessionClose(code) != (code == 4007 || code == 4009) {
			t.Errorf("close %d: new session = %v", code, newSessionClose(code))
		}
	}
}

// The discordgo fields the gateway layer reaches are where it expects them
// (go.mod pins v0.29.0; an upgrade that moves them fails here).
func TestSessionFields(t *testing.T) {
	s, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	f, err := sessionFieldsOf(s)
	if err != nil {
		t.Fatal(err)
	}
	if *f.gateway != "" || *f.sessionID != "" || *f.sequence == nil || f.wsMutex == nil {
		t.Errorf("fresh session: gateway %q, session %q, sequence %v", *f.gateway, *f.sessionID, *f.sequence)
	}
}

// A session type that lacks one of the fields yields none of them, so the
// gateway layer never dereferences the missing one.
func TestSessionFieldsAllOrNone(t *testing.T) {
	var s struct {
		gateway, sessionID string
		wsMutex            sync.Mutex
	}
	f, err := sessionFieldsIn(reflect.ValueOf(&s).Elem())
	if err == nil || !strings.Contains(err.Error(), "sequence") {
		t.Errorf("err = %v, want one naming the missing sequence field", err)
	}
	if f != (sessionFields{}) {
		t.Errorf("fields %+v with one missing, want none", f)
	}
}
