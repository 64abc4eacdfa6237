package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Interaction callback types, as Discord numbers them.
const (
	callbackPong            = 1
	callbackMessage         = 4
	callbackDeferredMessage = 5
	callbackDeferredUpdate  = 6
	callbackUpdateMessage   = 7
	callbackAutocomplete    = 8
	callbackModal           = 9

	maxModalTitle    = 45
	everyonePermBits = "2248473465835073"
	// dmPermBits is what an app may do in a DM with a user: view, send,
	// embed links, attach files, read history, add reactions and use
	// external emojis; not manage messages (others' reactions stay).
	dmPermBits = "379968" // 1<<10 | 1<<11 | 1<<14 | 1<<15 | 1<<16 | 1<<6 | 1<<18
)

// Option is one option of an injected slash command or autocomplete.
// Value is a string, an int, a float64 or a bool, as the registered option
// type requires; user, channel, role and mentionable options take the id as
// a string.
type Option struct {
	Name    string
	Value   any
	Focused bool     // autocomplete: the option the user is typing in
	Options []Option // a subcommand's own options (Value unused)
}

// SetMemberPermissions gives a member of a guild these permissions (a
// bitset, as discordgo.PermissionManageGuild) in place of @everyone's.
// Interactions carry them in member.permissions, and commands whose
// default_member_permissions the member lacks are not available to them.
func (s *Server) SetMemberPermissions(guildID, userID string, perms int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perms[guildID+"/"+userID] = strconv.FormatInt(perms, 10)
}

// memberPermsLocked is a member's permissions in guildID, as a decimal
// string.
func (s *Server) memberPermsLocked(guildID, userID string) string {
	if p, ok := s.perms[guildID+"/"+userID]; ok {
		return p
	}
	return everyonePermBits
}

// Slash describes a slash command (or an autocomplete request) a user
// makes. GuildID "" means a DM: ChannelID is then the user's DM channel with
// the bot, created on demand when ChannelID is "".
type Slash struct {
	GuildID, ChannelID, UserID, Name string
	Options                          []Option
}

// Button describes a user pressing a button on a message. GuildID "" means
// a DM, as for Slash.
type Button struct {
	GuildID, ChannelID, UserID, MessageID, CustomID string
}

// Callback is the bot's answer to an interaction, as received.
type Callback struct {
	Type    int
	Data    discordgo.InteractionResponseData // as received (Content, Embeds, Flags, Choices, Components, ...)
	Files   []File
	Latency time.Duration // from dispatch to callback, by Options.Now
}

// Interaction is an interaction the stand-in dispatched to the bot.
type Interaction struct {
	ID, Token string
	Type      discordgo.InteractionType
	GuildID   string
	ChannelID string
	UserID    string
	Name      string // command name, or the button's custom id

	srv  *Server
	done chan struct{} // closed at the first accepted callback

	// guarded by srv.mu
	dispatchedAt time.Time
	callback     *Callback
	original     *storedMessage
	followups    []*storedMessage
	component    *storedMessage // the message a button was pressed on
	// userInstallOnly: authorizing_integration_owners holds USER_INSTALL
	// only (the app is not in the server), which caps follow-ups at 5.
	userInstallOnly bool
}

// maxUserInstallFollowups is receiving-and-responding.mdx, Create Followup
// Message: "Apps are limited to 5 followup messages per interaction if it
// was initiated from a user-installed app and isn't installed in the
// server".
const maxUserInstallFollowups = 5

// Wait waits for the bot's answer to the interaction and returns it.
func (i *Interaction) Wait(ctx context.Context) (Callback, error) {
	select {
	case <-i.done:
		i.srv.mu.Lock()
		defer i.srv.mu.Unlock()
		return *i.callback, nil
	case <-ctx.Done():
		return Callback{}, fmt.Errorf("discordtest: interaction %s (%s) got no callback: %w", i.ID, i.Name, ctx.Err())
	}
}

// Followups lists the follow-up messages the bot sent, in order, as they
// are now (after edits).
func (i *Interaction) Followups() []Message {
	i.srv.mu.Lock()
	defer i.srv.mu.Unlock()
	out := make([]Message, 0, len(i.followups))
	for _, m := range i.followups {
		out = append(out, m.snapshot(i.srv.opts.BotUserID))
	}
	return out
}

// Original is the interaction's response message as it is now: the message
// of a type 4 answer, the deferred message after its edits, or for buttons
// answered with 6 or 7 the message the button is on. It reports false when
// there is none (no answer yet, an autocomplete or a modal, or deleted).
func (i *Interaction) Original() (Message, bool) {
	i.srv.mu.Lock()
	defer i.srv.mu.Unlock()
	if i.original == nil {
		return Message{}, false
	}
	return i.original.snapshot(i.srv.opts.BotUserID), true
}

// Slash dispatches a slash command (INTERACTION_CREATE, type 2) for a
// command the bot registered.
func (s *Server) Slash(in Slash) (*Interaction, error) {
	return s.injectCommand(in, discordgo.InteractionApplicationCommand)
}

// Autocomplete dispatches an autocomplete request (type 4). Exactly one
// option must be Focused, on an option registered with autocomplete; its
// value is sent as the string typed so far.
func (s *Server) Autocomplete(in Slash) (*Interaction, error) {
	return s.injectCommand(in, discordgo.InteractionApplicationCommandAutocomplete)
}

// Button dispatches a button press (type 3) on a message from the bot that
// has an enabled button with the custom id.
func (s *Server) Button(in Button) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.interactionChannelLocked(in.GuildID, in.ChannelID, in.UserID)
	if err != nil {
		return nil, err
	}
	m := c.find(in.MessageID)
	if m == nil {
		m = s.ephemeralLocked(c.id, in.MessageID, in.UserID)
	}
	if m == nil {
		return nil, fmt.Errorf("%w: %s in channel %s", ErrUnknownMessage, in.MessageID, c.id)
	}
	if !s.botWroteLocked(m) {
		return nil, fmt.Errorf("%w: message %s is not the bot's", ErrInvalidInput, in.MessageID)
	}
	b := findButton(m.msg.Components, in.CustomID)
	if b == nil {
		return nil, fmt.Errorf("%w: message %s has no button %q", ErrInvalidInput, in.MessageID, in.CustomID)
	}
	if b.Disabled {
		return nil, fmt.Errorf("%w: button %q is disabled", ErrInvalidInput, in.CustomID)
	}
	i := s.newInteractionLocked(discordgo.InteractionMessageComponent, c, in.UserID, in.CustomID)
	i.component = m
	data := map[string]any{"custom_id": in.CustomID, "component_type": int(discordgo.ButtonComponent)}
	s.dispatchInteractionLocked(i, c, data, m)
	return i, nil
}

// ephemeralLocked finds an ephemeral message shown to the user in the
// channel: those belong to interactions, not to the channel.
func (s *Server) ephemeralLocked(channelID, messageID, userID string) *storedMessage {
	for _, i := range s.interactions {
		if i.ChannelID != channelID || i.UserID != userID {
			continue
		}
		for _, m := range append([]*storedMessage{i.original}, i.followups...) {
			if m != nil && m.msg.ID == messageID {
				return m
			}
		}
	}
	return nil
}

func findButton(comps []discordgo.MessageComponent, customID string) *discordgo.Button {
	for _, c := range comps {
		switch v := c.(type) {
		case *discordgo.ActionsRow:
			if b := findButton(v.Components, customID); b != nil {
				return b
			}
		case discordgo.ActionsRow:
			if b := findButton(v.Components, customID); b != nil {
				return b
			}
		case *discordgo.Button:
			if v.CustomID == customID {
				return v
			}
		case discordgo.Button:
			if v.CustomID == customID {
				return &v
			}
		}
	}
	return nil
}

// interactionChannelLocked checks the user and resolves the channel an
// interaction happens in.
func (s *Server) interactionChannelLocked(guildID, channelID, userID string) (*channel, error) {
	if !s.liveSessionLocked() {
		return nil, ErrNotConnected
	}
	if s.users[userID] == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnknownUser, userID)
	}
	if guildID == "" {
		if channelID == "" {
			return s.dmChannelLocked(userID), nil
		}
		c := s.channels[channelID]
		if c == nil || c.guildID != "" || c.recipient != userID && !slices.Contains(c.members, userID) {
			return nil, fmt.Errorf("%w: %s is not the DM channel of user %s", ErrUnknownChannel, channelID, userID)
		}
		return c, nil
	}
	if s.guildLocked(guildID) == nil && s.foreign[guildID] == nil {
		return nil, fmt.Errorf("%w: guild %s", ErrUnknownChannel, guildID)
	}
	c := s.channels[channelID]
	if c == nil || c.guildID != guildID {
		return nil, fmt.Errorf("%w: %s in guild %s", ErrUnknownChannel, channelID, guildID)
	}
	return c, nil
}

func (s *Server) injectCommand(in Slash, typ discordgo.InteractionType) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, c, data, err := s.commandLocked(in, typ)
	if err != nil {
		return nil, err
	}
	s.dispatchInteractionLocked(i, c, data, nil)
	return i, nil
}

// SlashBurst dispatches slash commands that arrive at the same instant, as
// when many users act at once: every interaction is checked and encoded
// first, then all are sent, and all their clocks start together. If one is
// refused, none is sent.
func (s *Server) SlashBurst(ins []Slash) ([]*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Interaction, 0, len(ins))
	payloads := make([]json.RawMessage, 0, len(ins))
	for _, in := range ins {
		i, c, data, err := s.commandLocked(in, discordgo.InteractionApplicationCommand)
		if err != nil {
			for _, i := range out {
				delete(s.interactions, i.ID)
				delete(s.byToken, i.Token)
			}
			return nil, err
		}
		out = append(out, i)
		payloads = append(payloads, mustJSON(s.interactionPayloadLocked(i, c, data, nil)))
	}
	now := s.now()
	for k, i := range out {
		i.dispatchedAt = now
		s.dispatchLocked("INTERACTION_CREATE", 0, func(int) any { return payloads[k] })
	}
	s.notifyLocked()
	return out, nil
}

// commandLocked checks a slash command (or autocomplete request) against
// the registered commands and makes its interaction, not yet dispatched.
func (s *Server) commandLocked(in Slash, typ discordgo.InteractionType) (*Interaction, *channel, map[string]any, error) {
	c, err := s.interactionChannelLocked(in.GuildID, in.ChannelID, in.UserID)
	if err != nil {
		return nil, nil, nil, err
	}
	cmd, err := s.commandInLocked(c, in.UserID, in.Name)
	if err != nil {
		return nil, nil, nil, err
	}
	if in.GuildID != "" && cmd.DefaultMemberPermissions != nil {
		have, _ := strconv.ParseInt(s.memberPermsLocked(in.GuildID, in.UserID), 10, 64)
		if need := *cmd.DefaultMemberPermissions; have&discordgo.PermissionAdministrator == 0 && have&need != need {
			return nil, nil, nil, fmt.Errorf("%w: /%s needs permissions the member lacks", ErrUnknownCommand, in.Name)
		}
	}
	opts, err := wireOptions(cmd, in.Options, typ == discordgo.InteractionApplicationCommandAutocomplete)
	if err != nil {
		return nil, nil, nil, err
	}
	i := s.newInteractionLocked(typ, c, in.UserID, in.Name)
	data := map[string]any{"id": cmd.ID, "name": cmd.Name, "type": int(discordgo.ChatApplicationCommand), "options": opts}
	if cmd.GuildID != "" {
		data["guild_id"] = cmd.GuildID
	}
	return i, c, data, nil
}

// findCommandLocked finds the CHAT_INPUT command a user can run where they
// are: a guild's own commands and the global ones in a guild, the global
// ones allowed in DMs in a DM.
func (s *Server) findCommandLocked(guildID, name string) (*discordgo.ApplicationCommand, error) {
	scopes := []string{""}
	if guildID != "" {
		scopes = []string{guildID, ""}
	}
	for _, scope := range scopes {
		for k := range s.commands[scope] {
			cmd := &s.commands[scope][k]
			if cmd.Name != name || cmd.Type != discordgo.ChatApplicationCommand {
				continue
			}
			if guildID == "" {
				if cmd.DMPermission != nil && !*cmd.DMPermission {
					return nil, fmt.Errorf("%w: /%s is not allowed in DMs", ErrUnknownCommand, name)
				}
				if cmd.Contexts != nil && !slices.Contains(*cmd.Contexts, discordgo.InteractionContextBotDM) {
					return nil, fmt.Errorf("%w: /%s is not available in the bot's DMs", ErrUnknownCommand, name)
				}
			} else if cmd.Contexts != nil && !slices.Contains(*cmd.Contexts, discordgo.InteractionContextGuild) {
				return nil, fmt.Errorf("%w: /%s is not available in guilds", ErrUnknownCommand, name)
			}
			return cmd, nil
		}
	}
	return nil, fmt.Errorf("%w: /%s", ErrUnknownCommand, name)
}

// wireOptions checks the options against the registered command the way
// Discord's client does, and renders them as Discord sends them.
func wireOptions(cmd *discordgo.ApplicationCommand, in []Option, autocomplete bool) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(in))
	given := map[string]bool{}
	focused := 0
	for _, o := range in {
		var reg *discordgo.ApplicationCommandOption
		for _, r := range cmd.Options {
			if r != nil && r.Name == o.Name {
				reg = r
			}
		}
		if reg == nil {
			return nil, fmt.Errorf("%w: /%s has no option %q", ErrInvalidInput, cmd.Name, o.Name)
		}
		if given[o.Name] {
			return nil, fmt.Errorf("%w: option %q given twice", ErrInvalidInput, o.Name)
		}
		given[o.Name] = true
		w := map[string]any{"name": o.Name, "type": int(reg.Type)}
		if reg.Type == discordgo.ApplicationCommandOptionSubCommand {
			// A subcommand carries its own options, checked as a command's.
			sub, err := wireOptions(&discordgo.ApplicationCommand{Name: cmd.Name + " " + reg.Name, Options: reg.Options}, o.Options, autocomplete)
			if err != nil {
				return nil, err
			}
			w["options"] = sub
			out = append(out, w)
			if autocomplete {
				focused++ // the focused option is inside
			}
			continue
		}
		if o.Focused {
			if !autocomplete {
				return nil, fmt.Errorf("%w: only autocomplete has a focused option", ErrInvalidInput)
			}
			if !reg.Autocomplete {
				return nil, fmt.Errorf("%w: option %q has no autocomplete", ErrInvalidInput, o.Name)
			}
			focused++
			str, ok := o.Value.(string)
			if !ok {
				str = fmt.Sprint(o.Value)
			}
			w["value"], w["focused"] = str, true
			out = append(out, w)
			continue
		}
		v, err := optionValue(reg, o.Value)
		if err != nil {
			return nil, err
		}
		w["value"] = v
		out = append(out, w)
	}
	if slices.ContainsFunc(cmd.Options, func(r *discordgo.ApplicationCommandOption) bool {
		return r != nil && r.Type == discordgo.ApplicationCommandOptionSubCommand
	}) && (len(out) != 1 || out[0]["type"] != int(discordgo.ApplicationCommandOptionSubCommand)) {
		return nil, fmt.Errorf("%w: /%s takes exactly one subcommand", ErrInvalidInput, cmd.Name)
	}
	if autocomplete && focused != 1 {
		return nil, fmt.Errorf("%w: autocomplete needs exactly one focused option, got %d", ErrInvalidInput, focused)
	}
	if !autocomplete {
		for _, r := range cmd.Options {
			if r != nil && r.Required && !given[r.Name] {
				return nil, fmt.Errorf("%w: /%s needs option %q", ErrInvalidInput, cmd.Name, r.Name)
			}
		}
	}
	return out, nil
}

// optionValue checks a value against the registered option: its type,
// choices, lengths and bounds.
func optionValue(reg *discordgo.ApplicationCommandOption, v any) (any, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: option %q: %s (got %v)", ErrInvalidInput, reg.Name, why, v)
	}
	var out any
	switch reg.Type {
	case discordgo.ApplicationCommandOptionString:
		str, ok := v.(string)
		if !ok {
			return nil, bad("want a string")
		}
		n := utf8.RuneCountInString(str)
		if reg.MinLength != nil && n < *reg.MinLength || reg.MaxLength != 0 && n > reg.MaxLength || n > maxOptionLength {
			return nil, bad("length out of bounds")
		}
		out = str
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		var f float64
		switch x := v.(type) {
		case int:
			f = float64(x)
		case int64:
			f = float64(x)
		case float64:
			f = x
		default:
			return nil, bad("want a number")
		}
		if reg.Type == discordgo.ApplicationCommandOptionInteger {
			if f != math.Trunc(f) {
				return nil, bad("want an integer")
			}
			out = int64(f)
		} else {
			out = f
		}
		if reg.MinValue != nil && f < *reg.MinValue || reg.MaxValue != 0 && f > reg.MaxValue {
			return nil, bad("out of bounds")
		}
	case discordgo.ApplicationCommandOptionBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, bad("want a bool")
		}
		out = b
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionChannel,
		discordgo.ApplicationCommandOptionRole, discordgo.ApplicationCommandOptionMentionable:
		id, ok := v.(string)
		if !ok || !isSnowflake(id) {
			return nil, bad("want an id")
		}
		out = id
	default:
		return nil, bad("option type not supported by discordtest")
	}
	if len(reg.Choices) > 0 {
		match := slices.ContainsFunc(reg.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool {
			return c != nil && fmt.Sprint(c.Value) == fmt.Sprint(out)
		})
		if !match {
			return nil, bad("not one of the choices")
		}
	}
	return out, nil
}

func (s *Server) newInteractionLocked(typ discordgo.InteractionType, c *channel, userID, name string) *Interaction {
	i := &Interaction{
		ID: s.newIDLocked(), Token: "aW50ZXJhY3Rpb24" + randomHex(32), Type: typ,
		GuildID: c.guildID, ChannelID: c.id, UserID: userID, Name: name,
		srv: s, done: make(chan struct{}),
	}
	s.interactions[i.ID] = i
	s.byToken[i.Token] = i
	return i
}

// dispatchInteractionLocked sends INTERACTION_CREATE (no intent needed) and
// starts the interaction's clock.
func (s *Server) dispatchInteractionLocked(i *Interaction, c *channel, data map[string]any, msg *storedMessage) {
	payload := s.interactionPayloadLocked(i, c, data, msg)
	i.dispatchedAt = s.now()
	s.dispatchLocked("INTERACTION_CREATE", 0, func(int) any { return payload })
	s.notifyLocked()
}

// interactionPayloadLocked is INTERACTION_CREATE's payload for i.
func (s *Server) interactionPayloadLocked(i *Interaction, c *channel, data map[string]any, msg *storedMessage) map[string]any {
	payload := map[string]any{
		"id": i.ID, "application_id": s.opts.ApplicationID, "type": int(i.Type), "token": i.Token, "version": 1,
		"channel_id": c.id, "channel": s.channelObjLocked(c), "data": data,
		"app_permissions": everyonePermBits, "locale": "en-US", "entitlements": []any{},
	}
	if c.guildID != "" {
		member := s.memberObj(i.UserID, s.joinedLocked(c.guildID, i.UserID))
		member["permissions"] = s.memberPermsLocked(c.guildID, i.UserID)
		payload["guild_id"], payload["member"], payload["guild_locale"] = c.guildID, member, "en-US"
	} else {
		payload["user"] = s.userObjLocked(i.UserID)
		// receiving-and-responding.mdx: app_permissions are the
		// permissions "the app has within the channel the interaction
		// was sent from", here a DM, not a server's.
		payload["app_permissions"] = dmPermBits
	}
	// context and authorizing_integration_owners: see installs.go.
	i.userInstallOnly = s.installFieldsLocked(payload, c, i.UserID, i.Name)
	if msg != nil {
		payload["message"] = msg.snapshot(s.opts.BotUserID).wire()
	}
	return payload
}

// callbackBody is the body of POST /interactions/{id}/{token}/callback.
type callbackBody struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
}

func (s *Server) interactionCallback(w http.ResponseWriter, r *http.Request) *apiError {
	raw, files, e := readBody(r)
	if e != nil {
		return e
	}
	var cb callbackBody
	if err := json.Unmarshal(raw, &cb); err != nil {
		return &apiError{http.StatusBadRequest, codeInvalidJSON, "The request body contains invalid JSON.", nil}
	}
	var b messageBody
	data := cb.Data
	if len(data) == 0 || string(data) == "null" {
		data = nil
	}
	if e := decodeBody(data, &b); e != nil {
		return e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.interactions[r.PathValue("id")]
	if i == nil || i.Token != r.PathValue("token") {
		return errUnknownInteraction
	}
	if i.callback != nil {
		return errAlreadyAcked
	}
	now := s.now()
	if now.Sub(i.dispatchedAt) > s.opts.InteractionDeadline {
		return errUnknownInteraction
	}
	if !callbackAllowed(i.Type, cb.Type) {
		fe := formErrors{}
		fe.add("type", "INTERACTION_RESPONSE_TYPE_INVALID", fmt.Sprintf("Interaction response type %d is not valid for this interaction", cb.Type))
		return errInvalidForm(fe)
	}
	c := s.channels[i.ChannelID]
	switch cb.Type {
	case callbackMessage:
		if e := checkMessage(&b, len(files), flagSuppressEmbed|flagEphemeral|flagSuppressNotif|flagComponentsV2); e != nil {
			return e
		}
		i.original = s.responseMessageLocked(i, c, &b, files, 0)
	case callbackDeferredMessage:
		if e := validateMessage(&b, 0, flagEphemeral); e != nil {
			return e
		}
		i.original = s.responseMessageLocked(i, c, &messageBody{}, nil, b.Flags&flagEphemeral|flagLoading)
	case callbackDeferredUpdate:
		i.original = i.component
	case callbackUpdateMessage:
		if e := validateMessage(&b, len(files), flagSuppressEmbed|flagComponentsV2); e != nil {
			return e
		}
		if e := s.editResponseLocked(c, i.component, &b, files); e != nil {
			return e
		}
		i.original = i.component
	case callbackAutocomplete:
		if e := validateChoices(&b); e != nil {
			return e
		}
	case callbackModal:
		if e := validateModal(&b); e != nil {
			return e
		}
	}
	i.callback = &Callback{Type: cb.Type, Data: responseData(&b), Files: files, Latency: now.Sub(i.dispatchedAt)}
	close(i.done)
	s.notifyLocked()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// callbackAllowed says which answers Discord accepts for which interaction.
func callbackAllowed(it discordgo.InteractionType, cb int) bool {
	switch it {
	case discordgo.InteractionApplicationCommand:
		return cb == callbackMessage || cb == callbackDeferredMessage || cb == callbackModal
	case discordgo.InteractionMessageComponent:
		return cb == callbackMessage || cb == callbackDeferredMessage || cb == callbackDeferredUpdate ||
			cb == callbackUpdateMessage || cb == callbackModal
	case discordgo.InteractionApplicationCommandAutocomplete:
		return cb == callbackAutocomplete
	}
	return false
}

// responseMessageLocked creates the message of a type 4 or 5 answer. An
// ephemeral one is kept with the interaction only; others go to the channel
// and are dispatched.
func (s *Server) responseMessageLocked(i *Interaction, c *channel, b *messageBody, files []File, extraFlags int) *storedMessage {
	m := s.newBotMessageLocked(c, b, files)
	m.msg.Flags |= discordgo.MessageFlags(extraFlags)
	m.msg.WebhookID = s.opts.ApplicationID
	m.msg.Type = discordgo.MessageTypeChatInputCommand
	if i.Type == discordgo.InteractionMessageComponent {
		m.msg.Type = discordgo.MessageTypeReply
	}
	m.msg.Interaction = &discordgo.MessageInteraction{ID: i.ID, Type: i.Type, Name: i.Name, User: s.userObjLocked(i.UserID)}
	if m.msg.Flags&flagEphemeral == 0 {
		s.addMessageLocked(c, m)
	}
	return m
}

func validateChoices(b *messageBody) *apiError {
	fe := formErrors{}
	if b.Choices == nil {
		fe.add("data.choices", "BASE_TYPE_REQUIRED", "This field is required")
	}
	checkChoiceList(fe, "data.choices", b.Choices, func(p string, v any) {
		switch v := v.(type) {
		case string:
			if utf8.RuneCountInString(v) > maxChoiceValue {
				fe.add(p+".value", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxChoiceValue))
			}
		case float64:
		default:
			fe.add(p+".value", "BASE_TYPE_REQUIRED", "Value must be a string or a number")
		}
	})
	if len(fe) > 0 {
		return errInvalidForm(fe)
	}
	return nil
}

func validateModal(b *messageBody) *apiError {
	fe := formErrors{}
	if n := utf8.RuneCountInString(b.CustomID); n < 1 || n > maxCustomID {
		fe.add("data.custom_id", "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxCustomID))
	}
	if n := utf8.RuneCountInString(b.Title); n < 1 || n > maxModalTitle {
		fe.add("data.title", "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxModalTitle))
	}
	if n := len(b.components); n < 1 || n > maxActionRows {
		fe.add("data.components", "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxActionRows))
	}
	if len(fe) > 0 {
		return errInvalidForm(fe)
	}
	return nil
}

// responseData is the callback's data as discordgo models it.
func responseData(b *messageBody) discordgo.InteractionResponseData {
	d := discordgo.InteractionResponseData{
		TTS: b.TTS, Content: b.content(), Components: b.components, Embeds: b.Embeds,
		AllowedMentions: b.AllowedMentions, Flags: discordgo.MessageFlags(b.Flags), Choices: b.Choices,
		CustomID: b.CustomID, Title: b.Title,
	}
	return d
}

// interactionByTokenLocked finds the interaction behind a webhook token and
// checks that its webhook can be used.
func (s *Server) interactionByTokenLocked(appID, token string) (*Interaction, *apiError) {
	if appID != s.opts.ApplicationID {
		return nil, errUnknownWebhook
	}
	i := s.byToken[token]
	if i == nil || s.now().Sub(i.dispatchedAt) >= interactionTokenTTL {
		return nil, errInvalidWebhookTok
	}
	if i.callback == nil || i.callback.Type == callbackAutocomplete || i.callback.Type == callbackModal {
		return nil, errUnknownWebhook
	}
	return i, nil
}

// withInteraction runs f on the interaction whose webhook r's path names
// ({app}, {token}), under s.mu; if the webhook cannot be used it returns
// that error without calling f. A handler validates its body before
// calling it, as Discord does.
func (s *Server) withInteraction(r *http.Request, f func(i *Interaction) *apiError) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, e := s.interactionByTokenLocked(r.PathValue("app"), r.PathValue("token"))
	if e != nil {
		return e
	}
	return f(i)
}

// editResponseLocked applies an edit to a message of an interaction and
// tells the gateway, unless only the user sees the message (ephemeral).
func (s *Server) editResponseLocked(c *channel, m *storedMessage, b *messageBody, files []File) *apiError {
	if e := s.applyEditLocked(m, b, files); e != nil {
		return e
	}
	if m.msg.Flags&flagEphemeral == 0 {
		s.dispatchMessageLocked("MESSAGE_UPDATE", c, m)
	}
	return nil
}

// followup answers POST /webhooks/{app}/{token}: a follow-up message. Right
// after a deferred answer it edits the loading message instead, as Discord
// does.
func (s *Server) followup(w http.ResponseWriter, r *http.Request) *apiError {
	b, files, e := readMessage(r)
	if e != nil {
		return e
	}
	if e := checkMessage(&b, len(files), flagSuppressEmbed|flagEphemeral|flagSuppressNotif|flagComponentsV2); e != nil {
		return e
	}
	return s.withInteraction(r, func(i *Interaction) *apiError {
		c := s.channels[i.ChannelID]
		if o := i.original; o != nil && o.msg.Flags&flagLoading != 0 && i.callback.Type == callbackDeferredMessage {
			// "The ephemeral flag will be ignored, and the value you provided
			// in the initial defer response will be preserved"
			// (receiving-and-responding.mdx, Create Followup Message).
			b.Flags &^= flagEphemeral
			if e := s.editResponseLocked(c, o, &b, files); e != nil {
				return e
			}
			s.notifyLocked()
			s.writeMessageLocked(w, o)
			return nil
		}
		if i.userInstallOnly && len(i.followups) >= maxUserInstallFollowups {
			return &apiError{http.StatusBadRequest, CodeGeneral, fmt.Sprintf("Maximum number of follow-up messages reached (%d)", maxUserInstallFollowups), nil}
		}
		m := s.newBotMessageLocked(c, &b, files)
		m.msg.WebhookID = s.opts.ApplicationID
		i.followups = append(i.followups, m)
		if m.msg.Flags&flagEphemeral == 0 {
			s.addMessageLocked(c, m)
		}
		s.notifyLocked()
		s.writeMessageLocked(w, m)
		return nil
	})
}

// messageLocked finds a message of the interaction's webhook by id:
// "@original" or the original's id for the answer, else a follow-up's id.
// It is nil when there is none.
func (i *Interaction) messageLocked(id string) *storedMessage {
	if id == "@original" || (i.original != nil && i.original.msg.ID == id) {
		return i.original
	}
	var m *storedMessage
	for _, f := range i.followups {
		if f.msg.ID == id {
			m = f
		}
	}
	return m
}

// webhookMessage answers GET, PATCH and DELETE of
// /webhooks/{app}/{token}/messages/{@original|id}.
func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request) *apiError {
	var (
		b     messageBody
		files []File
	)
	if r.Method == http.MethodPatch {
		var e *apiError
		if b, files, e = readMessage(r); e != nil {
			return e
		}
	}
	return s.withInteraction(r, func(i *Interaction) *apiError {
		m := i.messageLocked(r.PathValue("message"))
		if m == nil {
			return errUnknownMessage
		}
		c := s.channels[m.msg.ChannelID]
		switch r.Method {
		case http.MethodGet:
			s.writeMessageLocked(w, m)
		case http.MethodPatch:
			if e := s.editResponseLocked(c, m, &b, files); e != nil {
				return e
			}
			s.notifyLocked()
			s.writeMessageLocked(w, m)
		case http.MethodDelete:
			if i.original == m {
				i.original = nil
			}
			i.followups = slices.DeleteFunc(i.followups, func(f *storedMessage) bool { return f == m })
			s.removeMessageLocked(c, m)
			s.notifyLocked()
			w.WriteHeader(http.StatusNoContent)
		}
		return nil
	})
}

// createDM answers POST /users/@me/channels: the DM channel with a user,
// the same one every time.
func (s *Server) createDM(w http.ResponseWriter, r *http.Request) *apiError {
	raw, _, e := readBody(r)
	if e != nil {
		return e
	}
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return &apiError{http.StatusBadRequest, codeInvalidJSON, "The request body contains invalid JSON.", nil}
	}
	if !isSnowflake(body.RecipientID) {
		fe := formErrors{}
		fe.add("recipient_id", "NUMBER_TYPE_COERCE", fmt.Sprintf("Value %q is not snowflake.", body.RecipientID))
		return errInvalidForm(fe)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[body.RecipientID] == nil {
		return errUnknownUser
	}
	c := s.dmChannelLocked(body.RecipientID)
	ch := s.channelObjLocked(c)
	if n := len(c.messages); n > 0 {
		ch.LastMessageID = c.messages[n-1].msg.ID
	}
	s.notifyLocked()
	writeJSON(w, http.StatusOK, ch)
	return nil
}

// Interactions lists every interaction dispatched, oldest first.
func (s *Server) Interactions() []*Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.SortedFunc(maps.Values(s.interactions), func(a, b *Interaction) int { return compareSnowflakes(a.ID, b.ID) })
}
