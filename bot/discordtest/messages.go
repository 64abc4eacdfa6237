package discordtest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Message limits, from Discord's documentation.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxEmbedFields = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooterText  = 2048
	maxAuthorName  = 256
	maxEmbedTotal  = 6000
	maxNonce       = 25
	maxFiles       = 10
	// reference.mdx, Uploading Files: "The file upload size limit applies
	// to each file in a request. The default limit is 10 MiB"; message.mdx:
	// "The maximum request size when sending a message is 25 MiB".
	maxFileBytes      = 10 << 20
	maxRequestBytes   = 25 << 20
	maxActionRows     = 5
	maxRowButtons     = 5
	maxCustomID       = 100
	maxButtonLabel    = 80
	maxJSONBody       = 1 << 20
	codeInvalidJSON   = 50109
	flagSuppressEmbed = 1 << 2
	flagEphemeral     = 1 << 6
	flagLoading       = 1 << 7
	flagSuppressNotif = 1 << 12
	flagComponentsV2  = 1 << 15
)

// File is an attachment as the bot uploaded it.
type File struct {
	Name, ContentType string
	Data              []byte
}

// Message is a message as stored by the stand-in: Discord's message object
// (with reactions filled in), the bytes of its attachments, and the nonce it
// was sent with.
type Message struct {
	discordgo.Message
	Files []File
	Nonce string

	reactions []wireReaction // Message.Reactions with the split into normal and super
}

type storedMessage struct {
	msg       discordgo.Message // Reactions are kept in reactions
	files     []File
	nonce     string
	reactions []*reaction
}

type reaction struct {
	emoji string
	users []string // in the order they reacted
	burst []string // super reactions ("burst"), in the order they came
}

// snapshot copies the message for the test side and the wire.
func (m *storedMessage) snapshot(botID string) Message {
	out := Message{Message: m.msg, Files: slices.Clone(m.files), Nonce: m.nonce}
	out.Reactions = nil
	for _, r := range m.reactions {
		out.Reactions = append(out.Reactions, &discordgo.MessageReactions{
			Count: len(r.users) + len(r.burst),
			Me:    slices.Contains(r.users, botID),
			Emoji: &discordgo.Emoji{Name: r.emoji},
		})
		w := wireReaction{Count: len(r.users) + len(r.burst), Me: slices.Contains(r.users, botID),
			MeBurst: slices.Contains(r.burst, botID), BurstColors: []string{}}
		w.CountDetails.Normal, w.CountDetails.Burst = len(r.users), len(r.burst)
		w.Emoji.Name = r.emoji
		out.reactions = append(out.reactions, w)
	}
	return out
}

// wireMessage is Discord's JSON for a message: discordgo.Message does not
// marshal its components and has no nonce.
type wireMessage struct {
	discordgo.Message
	Components []discordgo.MessageComponent `json:"components"`
	Nonce      string                       `json:"nonce,omitempty"`
	Reactions  []wireReaction               `json:"reactions,omitempty"`
}

// wireReaction is Discord's reaction object (message.mdx, Reaction Object):
// count is normal and super reactions together, count_details splits them.
type wireReaction struct {
	Count        int `json:"count"`
	CountDetails struct {
		Burst  int `json:"burst"`
		Normal int `json:"normal"`
	} `json:"count_details"`
	Me          bool     `json:"me"`
	MeBurst     bool     `json:"me_burst"`
	BurstColors []string `json:"burst_colors"`
	Emoji       struct {
		ID   *string `json:"id"`
		Name string  `json:"name"`
	} `json:"emoji"`
}

func (m Message) wire() wireMessage {
	w := wireMessage{Message: m.Message, Components: m.Components, Nonce: m.Nonce, Reactions: m.reactions}
	if w.Components == nil {
		w.Components = []discordgo.MessageComponent{}
	}
	if w.Embeds == nil {
		w.Embeds = []*discordgo.MessageEmbed{}
	}
	if w.Attachments == nil {
		w.Attachments = []*discordgo.MessageAttachment{}
	}
	if w.Mentions == nil {
		w.Mentions = []*discordgo.User{}
	}
	if w.MentionRoles == nil {
		w.MentionRoles = []string{}
	}
	return w
}

// Messages lists the channel's messages in the order they were sent, the
// bot's and the users'. Ephemeral interaction responses are not in any
// channel: read them with Interaction.Original and Followups.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	out := make([]Message, 0, len(c.messages))
	for _, m := range c.messages {
		out = append(out, m.snapshot(s.opts.BotUserID))
	}
	return out
}

// BotMessages lists the channel's messages authored by the bot.
func (s *Server) BotMessages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botMessagesLocked(channelID)
}

func (s *Server) botMessagesLocked(channelID string) []Message {
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	var out []Message
	for _, m := range c.messages {
		if s.botWroteLocked(m) {
			out = append(out, m.snapshot(s.opts.BotUserID))
		}
	}
	return out
}

// WaitMessages waits until the channel holds at least n messages from the
// bot and returns all of them.
func (s *Server) WaitMessages(ctx context.Context, channelID string, n int) ([]Message, error) {
	var out []Message
	err := s.waitFor(ctx, func() bool {
		out = s.botMessagesLocked(channelID)
		return len(out) >= n || s.closed
	})
	if err != nil {
		return out, fmt.Errorf("discordtest: %d of %d bot messages in channel %s: %w", len(out), n, channelID, err)
	}
	if len(out) < n {
		return out, fmt.Errorf("discordtest: %d of %d bot messages in channel %s: server closed", len(out), n, channelID)
	}
	return out, nil
}

// UserMessage posts a message as a user, in a guild channel or in the user's
// DM channel with the bot, and dispatches MESSAGE_CREATE. "<@botid>" in the
// content mentions the bot.
func (s *Server) UserMessage(channelID, userID, content string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.liveSessionLocked() {
		return Message{}, ErrNotConnected
	}
	c := s.channels[channelID]
	if c == nil {
		return Message{}, fmt.Errorf("%w: %s", ErrUnknownChannel, channelID)
	}
	if s.users[userID] == nil {
		return Message{}, fmt.Errorf("%w: %s", ErrUnknownUser, userID)
	}
	if c.guildID == "" && c.recipient != userID {
		return Message{}, fmt.Errorf("%w: user %s is not in DM channel %s", ErrInvalidInput, userID, channelID)
	}
	if content == "" || utf8.RuneCountInString(content) > maxContent {
		return Message{}, fmt.Errorf("%w: content must hold 1 to %d characters", ErrInvalidInput, maxContent)
	}
	m := &storedMessage{msg: discordgo.Message{
		ID:        s.newIDLocked(),
		ChannelID: c.id,
		GuildID:   c.guildID,
		Content:   content,
		Timestamp: s.now().UTC(),
		Author:    s.userObjLocked(userID),
		Mentions:  s.mentionsLocked(content, nil),
	}}
	s.addMessageLocked(c, m)
	s.notifyLocked()
	return m.snapshot(s.opts.BotUserID), nil
}

var mentionRE = regexp.MustCompile(`<@!?(\d+)>`)

// mentionsLocked lists the users the content mentions, as far as
// allowed_mentions lets them be pinged.
func (s *Server) mentionsLocked(content string, allowed *discordgo.MessageAllowedMentions) []*discordgo.User {
	var out []*discordgo.User
	seen := map[string]bool{}
	for _, sm := range mentionRE.FindAllStringSubmatch(content, -1) {
		id := sm[1]
		if seen[id] || (s.users[id] == nil && id != s.opts.BotUserID) {
			continue
		}
		if allowed != nil && !slices.Contains(allowed.Parse, discordgo.AllowedMentionTypeUsers) && !slices.Contains(allowed.Users, id) {
			continue
		}
		seen[id] = true
		out = append(out, s.userObjLocked(id))
	}
	return out
}

// messageBody is what the bot sends to create or edit a message, answer an
// interaction or post a follow-up.
type messageBody struct {
	Content          *string                           `json:"content"`
	Embeds           []*discordgo.MessageEmbed         `json:"embeds"`
	Components       json.RawMessage                   `json:"components"`
	TTS              bool                              `json:"tts"`
	Flags            int                               `json:"flags"`
	Nonce            json.RawMessage                   `json:"nonce"`
	EnforceNonce     bool                              `json:"enforce_nonce"`
	MessageReference *discordgo.MessageReference       `json:"message_reference"`
	AllowedMentions  *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	StickerIDs       []string                          `json:"sticker_ids"`
	Attachments      []struct {
		ID any `json:"id"`
	} `json:"attachments"`
	Poll json.RawMessage `json:"poll"`

	// interaction callbacks only
	Choices  []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	CustomID string                                      `json:"custom_id"`
	Title    string                                      `json:"title"`

	present    map[string]bool // fields present and not null
	components []discordgo.MessageComponent
}

func (b *messageBody) content() string {
	if b.Content == nil {
		return ""
	}
	return *b.Content
}

func (b *messageBody) hasPoll() bool { return len(b.Poll) > 0 && string(b.Poll) != "null" }

// readMessage reads a request's message (JSON, or multipart with files)
// and decodes it.
func readMessage(r *http.Request) (messageBody, []File, *apiError) {
	raw, files, e := readBody(r)
	if e != nil {
		return messageBody{}, nil, e
	}
	var b messageBody
	if e := decodeBody(raw, &b); e != nil {
		return messageBody{}, nil, e
	}
	return b, files, nil
}

// checkMessage validates a message as it is to be shown: its fields, the
// flags it may set, and that it is not empty.
func checkMessage(b *messageBody, nFiles, allowedFlags int) *apiError {
	if e := validateMessage(b, nFiles, allowedFlags); e != nil {
		return e
	}
	if isEmptyMessage(b, nFiles) {
		return errEmptyMessage
	}
	return nil
}

// decodeBody decodes a JSON message body, noting which fields it holds.
func decodeBody(raw []byte, b *messageBody) *apiError {
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = []byte("{}")
	}
	if err := json.Unmarshal(raw, b); err != nil {
		return &apiError{http.StatusBadRequest, codeInvalidJSON, "The request body contains invalid JSON.", nil}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return &apiError{http.StatusBadRequest, codeInvalidJSON, "The request body contains invalid JSON.", nil}
	}
	b.present = make(map[string]bool, len(fields))
	for k, v := range fields {
		b.present[k] = string(v) != "null"
	}
	if b.present["components"] {
		var m discordgo.Message
		if err := json.Unmarshal([]byte(`{"components":`+string(b.Components)+`}`), &m); err != nil {
			fe := formErrors{}
			fe.add("components", "COMPONENT_INVALID", "Invalid component: "+err.Error())
			return errInvalidForm(fe)
		}
		b.components = m.Components
	}
	return nil
}

// readBody reads a request body in either of the forms discordgo sends:
// JSON, or multipart/form-data with payload_json and files[n].
func readBody(r *http.Request) ([]byte, []File, *apiError) {
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		raw, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
		if err != nil {
			return nil, nil, &apiError{http.StatusBadRequest, CodeGeneral, "could not read body", nil}
		}
		if len(raw) > maxJSONBody {
			return nil, nil, errTooLarge
		}
		return raw, nil, nil
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var (
		payload []byte
		files   []File
		total   int
	)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, &apiError{http.StatusBadRequest, CodeGeneral, "malformed multipart body", nil}
		}
		data, err := io.ReadAll(io.LimitReader(part, maxRequestBytes+1-int64(total)))
		if err != nil {
			return nil, nil, &apiError{http.StatusBadRequest, CodeGeneral, "malformed multipart body", nil}
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			payload = data
		case part.FileName() != "":
			total += len(data)
			if len(data) > maxFileBytes || total > maxRequestBytes {
				return nil, nil, errTooLarge
			}
			ct := part.Header.Get("Content-Type")
			if ct == "" {
				ct = "application/octet-stream"
			}
			files = append(files, File{Name: part.FileName(), ContentType: ct, Data: data})
		}
	}
	return payload, files, nil
}

// validateMessage checks content, embeds, components and files against
// Discord's limits and the flags against those allowed here.
func validateMessage(b *messageBody, nFiles, allowedFlags int) *apiError {
	fe := formErrors{}
	if n := utf8.RuneCountInString(b.content()); n > maxContent {
		fe.add("content", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxContent))
	}
	if b.Flags&^allowedFlags != 0 {
		fe.add("flags", "MESSAGE_FLAGS_INVALID", "Invalid message flags")
	}
	if nFiles > maxFiles {
		fe.add("files", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxFiles))
	}
	validateEmbeds(fe, b.Embeds)
	if b.present["components"] {
		validateComponents(fe, b.Components, b.Flags&flagComponentsV2 != 0)
	}
	if len(fe) > 0 {
		return errInvalidForm(fe)
	}
	return nil
}

func validateEmbeds(fe formErrors, embeds []*discordgo.MessageEmbed) {
	if len(embeds) > maxEmbeds {
		fe.add("embeds", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxEmbeds))
		return
	}
	total := 0
	for i, e := range embeds {
		if e == nil {
			fe.add(fmt.Sprintf("embeds.%d", i), "BASE_TYPE_REQUIRED", "This field is required")
			continue
		}
		p := fmt.Sprintf("embeds.%d.", i)
		check := func(field, v string, limit int) {
			n := utf8.RuneCountInString(v)
			total += n
			if n > limit {
				fe.add(p+field, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", limit))
			}
		}
		check("title", e.Title, maxEmbedTitle)
		check("description", e.Description, maxEmbedDesc)
		if e.Footer != nil {
			check("footer.text", e.Footer.Text, maxFooterText)
		}
		if e.Author != nil {
			check("author.name", e.Author.Name, maxAuthorName)
		}
		if len(e.Fields) > maxEmbedFields {
			fe.add(p+"fields", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxEmbedFields))
		}
		for j, f := range e.Fields {
			fp := fmt.Sprintf("fields.%d.", j)
			if f == nil {
				fe.add(p+fmt.Sprintf("fields.%d", j), "BASE_TYPE_REQUIRED", "This field is required")
				continue
			}
			if f.Name == "" {
				fe.add(p+fp+"name", "BASE_TYPE_REQUIRED", "This field is required")
			}
			if f.Value == "" {
				fe.add(p+fp+"value", "BASE_TYPE_REQUIRED", "This field is required")
			}
			check(fp+"name", f.Name, maxFieldName)
			check(fp+"value", f.Value, maxFieldValue)
		}
	}
	if total > maxEmbedTotal {
		fe.add("embeds", "MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", maxEmbedTotal))
	}
}

// validateComponents checks classic message components: up to five action
// rows of up to five buttons, or one select menu, with unique custom ids.
func validateComponents(fe formErrors, raw json.RawMessage, v2 bool) {
	var rows []map[string]any
	if err := json.Unmarshal(raw, &rows); err != nil {
		fe.add("components", "BASE_TYPE_ARRAY", "Must be an array")
		return
	}
	if v2 {
		return // layout components; only the classic rules are checked
	}
	if len(rows) > maxActionRows {
		fe.add("components", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxActionRows))
	}
	ids := map[string]bool{}
	for i, row := range rows {
		rp := fmt.Sprintf("components.%d.", i)
		if num(row["type"]) != int(discordgo.ActionsRowComponent) {
			fe.add(rp+"type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).")
			continue
		}
		children, _ := row["components"].([]any)
		if len(children) == 0 || len(children) > maxRowButtons {
			fe.add(rp+"components", "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxRowButtons))
		}
		selects := 0
		for j, ch := range children {
			c, _ := ch.(map[string]any)
			cp := rp + fmt.Sprintf("components.%d.", j)
			typ := num(c["type"])
			customID, _ := c["custom_id"].(string)
			switch typ {
			case int(discordgo.ButtonComponent):
				style := num(c["style"])
				label, _ := c["label"].(string)
				if utf8.RuneCountInString(label) > maxButtonLabel {
					fe.add(cp+"label", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxButtonLabel))
				}
				if label == "" && c["emoji"] == nil {
					fe.add(cp+"label", "BUTTON_LABEL_OR_EMOJI_REQUIRED", "A button must have a label or an emoji")
				}
				switch {
				case style == int(discordgo.LinkButton):
					if u, _ := c["url"].(string); u == "" {
						fe.add(cp+"url", "BUTTON_URL_REQUIRED", "A link button must have a url")
					}
					if customID != "" {
						fe.add(cp+"custom_id", "BUTTON_CUSTOM_ID_INVALID", "A link button cannot have a custom id")
					}
					continue
				case style == 6: // premium
					continue
				case style < 1 || style > 6:
					fe.add(cp+"style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.")
				}
			case int(discordgo.SelectMenuComponent), int(discordgo.UserSelectMenuComponent), int(discordgo.RoleSelectMenuComponent),
				int(discordgo.MentionableSelectMenuComponent), int(discordgo.ChannelSelectMenuComponent):
				selects++
			default:
				fe.add(cp+"type", "COMPONENT_TYPE_INVALID", "This component type is not allowed in a message action row")
				continue
			}
			switch {
			case customID == "":
				fe.add(cp+"custom_id", "BASE_TYPE_REQUIRED", "This field is required")
			case utf8.RuneCountInString(customID) > maxCustomID:
				fe.add(cp+"custom_id", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxCustomID))
			case ids[customID]:
				fe.add(cp+"custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
			}
			ids[customID] = true
		}
		if selects > 0 && len(children) > 1 {
			fe.add(rp+"components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
		}
	}
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func isEmptyMessage(b *messageBody, nFiles int) bool {
	return strings.TrimSpace(b.content()) == "" && len(b.Embeds) == 0 && nFiles == 0 &&
		len(b.StickerIDs) == 0 && len(b.components) == 0 && !b.hasPoll()
}

// attachmentsLocked turns uploaded files into attachment objects.
func (s *Server) attachmentsLocked(channelID string, files []File) []*discordgo.MessageAttachment {
	var out []*discordgo.MessageAttachment
	for _, f := range files {
		id := s.newIDLocked()
		url := fmt.Sprintf("https://cdn.discordapp.com/attachments/%s/%s/%s", channelID, id, f.Name)
		out = append(out, &discordgo.MessageAttachment{
			ID: id, Filename: f.Name, ContentType: f.ContentType, Size: len(f.Data), URL: url, ProxyURL: url,
		})
	}
	return out
}

// newBotMessageLocked builds a message from the bot out of a validated body.
func (s *Server) newBotMessageLocked(c *channel, b *messageBody, files []File) *storedMessage {
	for _, e := range b.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	return &storedMessage{
		msg: discordgo.Message{
			ID:          s.newIDLocked(),
			ChannelID:   c.id,
			GuildID:     c.guildID,
			Content:     b.content(),
			Timestamp:   s.now().UTC(),
			TTS:         b.TTS,
			Author:      s.botUser(),
			Embeds:      b.Embeds,
			Components:  b.components,
			Attachments: s.attachmentsLocked(c.id, files),
			Mentions:    s.mentionsLocked(b.content(), b.AllowedMentions),
			Flags:       discordgo.MessageFlags(b.Flags),
		},
		files: files,
	}
}

// botWroteLocked reports whether the bot is m's author.
func (s *Server) botWroteLocked(m *storedMessage) bool {
	return m.msg.Author != nil && m.msg.Author.ID == s.opts.BotUserID
}

// writeMessageLocked answers 200 with m as Discord's JSON, seen by the bot.
func (s *Server) writeMessageLocked(w http.ResponseWriter, m *storedMessage) {
	writeJSON(w, http.StatusOK, m.snapshot(s.opts.BotUserID).wire())
}

// addMessageLocked posts m in c: the channel keeps it and the gateway gets
// MESSAGE_CREATE.
func (s *Server) addMessageLocked(c *channel, m *storedMessage) {
	c.messages = append(c.messages, m)
	s.dispatchMessageLocked("MESSAGE_CREATE", c, m)
}

// removeMessageLocked deletes m from c, if c holds it, and sends
// MESSAGE_DELETE.
func (s *Server) removeMessageLocked(c *channel, m *storedMessage) {
	i := slices.Index(c.messages, m)
	if i < 0 {
		return
	}
	c.messages = slices.Delete(c.messages, i, i+1)
	s.dispatchLocked("MESSAGE_DELETE", channelIntent(c, IntentGuildMessages, IntentDirectMessages), func(int) any {
		return map[string]any{"id": m.msg.ID, "channel_id": c.id, "guild_id": nilIfEmpty(c.guildID)}
	})
}

func parseNonce(raw json.RawMessage) (string, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var str string
	if err := json.Unmarshal(raw, &str); err == nil {
		if utf8.RuneCountInString(str) > maxNonce {
			fe := formErrors{}
			fe.add("nonce", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxNonce))
			return "", errInvalidForm(fe)
		}
		return str, nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err == nil {
		return strconv.FormatInt(n, 10), nil
	}
	fe := formErrors{}
	fe.add("nonce", "NONCE_TYPE_INVALID", "Nonce must be a string or an integer")
	return "", errInvalidForm(fe)
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) *apiError {
	b, files, e := readMessage(r)
	if e != nil {
		return e
	}
	nonce, e := parseNonce(b.Nonce)
	if e != nil {
		return e
	}
	if e := checkMessage(&b, len(files), flagSuppressEmbed|flagSuppressNotif|flagComponentsV2); e != nil {
		return e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.channelLocked(r.PathValue("channel"))
	if e != nil {
		return e
	}
	if c.guildID == "" && s.closedDM[c.recipient] {
		return errCannotSendToUser
	}
	now := s.now()
	// message.mdx, Create Message, enforce_nonce: "If another message was
	// created by the same author with the same nonce, that message will be
	// returned" — by author, in whichever channel, "in the past few
	// minutes" (Options.NonceWindow).
	key := s.opts.BotUserID + "/" + nonce
	if b.EnforceNonce && nonce != "" {
		if prev, ok := s.nonces[key]; ok && now.Sub(prev.at) < s.opts.NonceWindow {
			if pc := s.channels[prev.channelID]; pc != nil {
				if m := pc.find(prev.messageID); m != nil {
					s.writeMessageLocked(w, m)
					return nil
				}
			}
		}
	}
	m := s.newBotMessageLocked(c, &b, files)
	m.nonce = nonce
	if ref := b.MessageReference; ref != nil && ref.MessageID != "" {
		target := c.find(ref.MessageID)
		if target == nil || (ref.ChannelID != "" && ref.ChannelID != c.id) {
			if ref.FailIfNotExists == nil || *ref.FailIfNotExists {
				fe := formErrors{}
				fe.add("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
				return errInvalidForm(fe)
			}
		} else {
			m.msg.Type = discordgo.MessageTypeReply
			m.msg.MessageReference = &discordgo.MessageReference{MessageID: target.msg.ID, ChannelID: c.id, GuildID: c.guildID}
			refd := target.snapshot(s.opts.BotUserID).Message
			m.msg.ReferencedMessage = &refd
		}
	}
	s.addMessageLocked(c, m)
	if nonce != "" {
		s.nonces[key] = nonceEntry{channelID: c.id, messageID: m.msg.ID, at: now}
		if len(s.nonces) > 4096 {
			for k, e := range s.nonces {
				if now.Sub(e.at) >= s.opts.NonceWindow {
					delete(s.nonces, k)
				}
			}
		}
	}
	s.notifyLocked()
	s.writeMessageLocked(w, m)
	return nil
}

// channelLocked resolves the channel of a channel route.
func (s *Server) channelLocked(id string) (*channel, *apiError) {
	c := s.channels[id]
	if c == nil {
		return nil, errUnknownChannel
	}
	if c.isPrivate() || s.foreign[c.guildID] != nil {
		return nil, errMissingAccess // the bot is not in it
	}
	return c, nil
}

func (c *channel) find(id string) *storedMessage {
	for _, m := range c.messages {
		if m.msg.ID == id {
			return m
		}
	}
	return nil
}

// messageLocked resolves the channel and message of a message route.
func (s *Server) messageLocked(channelID, messageID string) (*channel, *storedMessage, *apiError) {
	c, e := s.channelLocked(channelID)
	if e != nil {
		return nil, nil, e
	}
	m := c.find(messageID)
	if m == nil {
		return nil, nil, errUnknownMessage
	}
	return c, m, nil
}

// withMessage runs f on the channel and message that r's path names
// ({channel}, {message}), under s.mu; if they cannot be resolved it returns
// the lookup's error without calling f. A handler validates what needs no
// state (query, body) before calling it, as Discord does.
func (s *Server) withMessage(r *http.Request, f func(c *channel, m *storedMessage) *apiError) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, e := s.messageLocked(r.PathValue("channel"), r.PathValue("message"))
	if e != nil {
		return e
	}
	return f(c, m)
}

func (s *Server) getChannel(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.channelLocked(r.PathValue("channel"))
	if e != nil {
		return e
	}
	writeJSON(w, http.StatusOK, s.channelObjLocked(c))
	return nil
}

func (s *Server) channelObjLocked(c *channel) *discordgo.Channel {
	if c.isPrivate() {
		return s.privateChannelObjLocked(c)
	}
	if c.guildID == "" {
		return &discordgo.Channel{ID: c.id, Type: discordgo.ChannelTypeDM, Recipients: []*discordgo.User{s.userObjLocked(c.recipient)}}
	}
	return &discordgo.Channel{ID: c.id, GuildID: c.guildID, Name: c.name, Type: discordgo.ChannelTypeGuildText}
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request) *apiError {
	return s.withMessage(r, func(_ *channel, m *storedMessage) *apiError {
		s.writeMessageLocked(w, m)
		return nil
	})
}

// listMessages answers GET /channels/{c}/messages: newest first, at most
// limit (1–100, default 50), before or after a message id.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) *apiError {
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fe := formErrors{}
			fe.add("limit", "NUMBER_TYPE_MAX", "int value should be between 1 and 100.")
			return errInvalidForm(fe)
		}
		limit = n
	}
	before, after := q.Get("before"), q.Get("after")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.channelLocked(r.PathValue("channel"))
	if e != nil {
		return e
	}
	out := []wireMessage{}
	if after != "" {
		for _, m := range c.messages {
			if len(out) < limit && snowflakeLess(after, m.msg.ID) {
				out = append(out, m.snapshot(s.opts.BotUserID).wire())
			}
		}
		slices.Reverse(out)
	} else {
		for i := len(c.messages) - 1; i >= 0 && len(out) < limit; i-- {
			if m := c.messages[i]; before == "" || snowflakeLess(m.msg.ID, before) {
				out = append(out, m.snapshot(s.opts.BotUserID).wire())
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// compareSnowflakes orders ids by their number, as Discord orders them by
// time ("9" before "10").
func compareSnowflakes(a, b string) int {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	return cmp.Compare(x, y)
}

func snowflakeLess(a, b string) bool { return compareSnowflakes(a, b) < 0 }

func (s *Server) editMessage(w http.ResponseWriter, r *http.Request) *apiError {
	b, files, e := readMessage(r)
	if e != nil {
		return e
	}
	return s.withMessage(r, func(c *channel, m *storedMessage) *apiError {
		if !s.botWroteLocked(m) {
			return errCannotEditOthers
		}
		if e := s.applyEditLocked(m, &b, files); e != nil {
			return e
		}
		s.dispatchMessageLocked("MESSAGE_UPDATE", c, m)
		s.notifyLocked()
		s.writeMessageLocked(w, m)
		return nil
	})
}

// applyEditLocked applies an edit to m: the fields present replace the old
// ones, new files are appended unless "attachments" lists which to keep. The
// result must still be a valid, non-empty message.
func (s *Server) applyEditLocked(m *storedMessage, b *messageBody, files []File) *apiError {
	// message.mdx, Edit Message: flags "only SUPPRESS_EMBEDS can currently
	// be set/unset"; webhook.mdx, Edit Webhook Message: "SUPPRESS_EMBEDS
	// and IS_COMPONENTS_V2 only". A flag the message already has may be
	// sent back unchanged; any other is refused, so an edit cannot make a
	// public answer ephemeral.
	if _, sent := b.present["flags"]; sent {
		if extra := b.Flags &^ (flagSuppressEmbed | flagComponentsV2) &^ int(m.msg.Flags); extra != 0 {
			fe := formErrors{}
			fe.add("flags", "MESSAGE_FLAGS_INVALID", fmt.Sprintf("Flags %d cannot be set by an edit.", extra))
			return errInvalidForm(fe)
		}
	}
	next := *m
	if b.present["content"] {
		next.msg.Content = b.content()
		next.msg.Mentions = s.mentionsLocked(b.content(), b.AllowedMentions)
	} else if _, sent := b.present["content"]; sent {
		next.msg.Content = ""
	}
	if _, sent := b.present["embeds"]; sent {
		next.msg.Embeds = b.Embeds
	}
	if _, sent := b.present["components"]; sent {
		next.msg.Components = b.components
	}
	if _, sent := b.present["flags"]; sent {
		keep := int(next.msg.Flags) &^ flagSuppressEmbed
		next.msg.Flags = discordgo.MessageFlags(keep | b.Flags&flagSuppressEmbed)
	}
	if _, sent := b.present["attachments"]; sent {
		keepIDs := map[string]bool{}
		for _, a := range b.Attachments {
			keepIDs[fmt.Sprint(a.ID)] = true
		}
		next.msg.Attachments, next.files = nil, nil
		for i, a := range m.msg.Attachments {
			if keepIDs[a.ID] {
				next.msg.Attachments = append(next.msg.Attachments, a)
				next.files = append(next.files, m.files[i])
			}
		}
	} else {
		next.msg.Attachments = slices.Clone(m.msg.Attachments)
		next.files = slices.Clone(m.files)
	}
	next.msg.Attachments = append(next.msg.Attachments, s.attachmentsLocked(m.msg.ChannelID, files)...)
	next.files = append(next.files, files...)

	check := messageBody{Embeds: next.msg.Embeds, components: next.msg.Components, present: b.present, Components: b.Components, Flags: int(next.msg.Flags)}
	check.Content = &next.msg.Content
	if e := checkMessage(&check, len(next.files), ^0); e != nil {
		return e
	}
	next.msg.Flags &^= flagLoading
	edited := s.now().UTC()
	next.msg.EditedTimestamp = &edited
	*m = next
	return nil
}

func (s *Server) deleteMessage(w http.ResponseWriter, r *http.Request) *apiError {
	return s.withMessage(r, func(c *channel, m *storedMessage) *apiError {
		if c.guildID == "" && !s.botWroteLocked(m) {
			return errDMNotAllowed
		}
		s.removeMessageLocked(c, m)
		s.notifyLocked()
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
