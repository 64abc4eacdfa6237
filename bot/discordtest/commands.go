package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Application command limits, from Discord's documentation.
const (
	maxChatInputCommands = 100
	maxContextCommands   = 15 // USER and MESSAGE commands, each
	maxCommandName       = 32
	maxDescription       = 100
	maxOptions           = 25
	maxChoices           = 25
	maxChoiceName        = 100
	maxChoiceValue       = 100
	maxCommandSize       = 8000 // application-commands.mdx: "a maximum of 8000 characters" per command
	maxOptionLength      = 6000
)

// chatInputName is Discord's pattern for CHAT_INPUT command and option
// names; they must also be lowercase where a lowercase variant exists.
var chatInputName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

var (
	errUnknownGuild  = &apiError{http.StatusNotFound, 10004, "Unknown Guild", nil}
	errMissingAccess = &apiError{http.StatusForbidden, 50001, "Missing Access", nil}
)

// commandScope is the guild of a commands route ("" for global commands),
// once the app and the guild it names are checked.
func (s *Server) commandScope(r *http.Request) (guildID string, e *apiError) {
	if r.PathValue("app") != s.opts.ApplicationID {
		return "", errMissingAccess
	}
	if guildID = r.PathValue("guild"); guildID != "" {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.guildLocked(guildID) == nil {
			return "", errUnknownGuild
		}
	}
	return guildID, nil
}

func (s *Server) listCommands(w http.ResponseWriter, r *http.Request) *apiError {
	guildID, e := s.commandScope(r)
	if e != nil {
		return e
	}
	cmds := s.Commands(guildID)
	if cmds == nil {
		cmds = []discordgo.ApplicationCommand{}
	}
	writeJSON(w, http.StatusOK, cmds)
	return nil
}

// overwriteCommands answers PUT .../commands: the body replaces every
// command of the scope, after Discord's validation. Commands keep their id
// when a command of the same name and type existed.
func (s *Server) overwriteCommands(w http.ResponseWriter, r *http.Request) *apiError {
	guildID, e := s.commandScope(r)
	if e != nil {
		return e
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		return &apiError{http.StatusBadRequest, CodeGeneral, "could not read body", nil}
	}
	var cmds []discordgo.ApplicationCommand
	if err := json.Unmarshal(raw, &cmds); err != nil {
		return &apiError{http.StatusBadRequest, codeInvalidJSON, "The request body contains invalid JSON.", nil}
	}
	if fe := validateCommands(cmds); len(fe) > 0 {
		return errInvalidForm(fe)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.commands[guildID]
	out := make([]discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		if c.Type == 0 {
			c.Type = discordgo.ChatApplicationCommand
		}
		c.ID = ""
		for _, o := range old {
			if o.Name == c.Name && o.Type == c.Type {
				c.ID = o.ID
			}
		}
		if c.ID == "" {
			c.ID = s.newIDLocked()
		}
		c.ApplicationID = s.opts.ApplicationID
		c.GuildID = guildID
		c.Version = s.newIDLocked()
		if c.Options == nil {
			c.Options = []*discordgo.ApplicationCommandOption{}
		}
		out = append(out, c)
	}
	s.commands[guildID] = out
	s.notifyLocked()
	writeJSON(w, http.StatusOK, out)
	return nil
}

// validateCommands applies Discord's rules to a bulk overwrite.
func validateCommands(cmds []discordgo.ApplicationCommand) formErrors {
	fe := formErrors{}
	counts := map[discordgo.ApplicationCommandType]int{}
	names := map[string]bool{}
	for i, c := range cmds {
		p := fmt.Sprint(i)
		typ := c.Type
		if typ == 0 {
			typ = discordgo.ChatApplicationCommand
		}
		counts[typ]++
		key := fmt.Sprintf("%d/%s", typ, c.Name)
		if names[key] {
			fe.add(p+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		names[key] = true
		validateInstallFields(fe, p, c)
		switch typ {
		case discordgo.ChatApplicationCommand:
			checkName(fe, p+".name", c.Name, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
			checkDescription(fe, p+".description", c.Description)
			checkOptions(fe, p+".options", c.Options, 0)
			if size := commandSize(c); size > maxCommandSize {
				fe.add(p, "APPLICATION_COMMAND_TOO_LARGE", fmt.Sprintf("Command exceeds maximum size (%d)", maxCommandSize))
			}
		case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
			if n := utf8.RuneCountInString(c.Name); n < 1 || n > maxCommandName {
				fe.add(p+".name", "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxCommandName))
			}
			if c.Description != "" {
				fe.add(p+".description", "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID", "Context menu commands cannot have description")
			}
			if len(c.Options) > 0 {
				fe.add(p+".options", "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS_INVALID", "Context menu commands cannot have options")
			}
		default:
			fe.add(p+".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
		}
	}
	if counts[discordgo.ChatApplicationCommand] > maxChatInputCommands {
		fe.add("", "APPLICATION_COMMANDS_TOO_MANY", fmt.Sprintf("Maximum number of application commands reached (%d)", maxChatInputCommands))
	}
	if counts[discordgo.UserApplicationCommand] > maxContextCommands || counts[discordgo.MessageApplicationCommand] > maxContextCommands {
		fe.add("", "APPLICATION_COMMANDS_TOO_MANY", fmt.Sprintf("Maximum number of context menu commands reached (%d)", maxContextCommands))
	}
	return fe
}

func checkName(fe formErrors, path, name, code, message string) {
	if !chatInputName.MatchString(name) || strings.ToLower(name) != name {
		fe.add(path, code, message)
	}
}

func checkDescription(fe formErrors, path, d string) {
	if n := utf8.RuneCountInString(d); n < 1 || n > maxDescription {
		fe.add(path, "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxDescription))
	}
}

func checkOptions(fe formErrors, path string, opts []*discordgo.ApplicationCommandOption, depth int) {
	if len(opts) > maxOptions {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxOptions))
	}
	names := map[string]bool{}
	optionalSeen, subs, plain := false, 0, 0
	for i, o := range opts {
		p := fmt.Sprintf("%s.%d", path, i)
		if o == nil {
			fe.add(p, "BASE_TYPE_REQUIRED", "This field is required")
			continue
		}
		checkName(fe, p+".name", o.Name, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		checkDescription(fe, p+".description", o.Description)
		if names[o.Name] {
			fe.add(p+".name", "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		names[o.Name] = true

		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			subs++
			if o.Required {
				fe.add(p+".required", "APPLICATION_COMMAND_OPTION_REQUIRED_INVALID", "Sub-commands cannot be required")
			}
			if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup && depth > 0 ||
				o.Type == discordgo.ApplicationCommandOptionSubCommand && depth > 1 {
				fe.add(p+".type", "APPLICATION_COMMAND_OPTION_NESTING_INVALID", "Sub-command groups cannot be nested that deep")
			}
			if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
				for j, sub := range o.Options {
					if sub != nil && sub.Type != discordgo.ApplicationCommandOptionSubCommand {
						fe.add(fmt.Sprintf("%s.options.%d.type", p, j), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Sub-command groups may only hold sub-commands")
					}
				}
			}
			checkOptions(fe, p+".options", o.Options, depth+1)
			continue
		case discordgo.ApplicationCommandOptionString, discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionBoolean,
			discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionChannel, discordgo.ApplicationCommandOptionRole,
			discordgo.ApplicationCommandOptionMentionable, discordgo.ApplicationCommandOptionNumber, discordgo.ApplicationCommandOptionAttachment:
			plain++
		default:
			fe.add(p+".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
			continue
		}
		if o.Required && optionalSeen {
			fe.add(p+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		if !o.Required {
			optionalSeen = true
		}
		if len(o.Options) > 0 {
			fe.add(p+".options", "APPLICATION_COMMAND_OPTION_OPTIONS_INVALID", "Only sub-commands and groups may have options")
		}
		checkChoices(fe, p, o)
		if o.Type == discordgo.ApplicationCommandOptionString {
			if o.MinLength != nil && (*o.MinLength < 0 || *o.MinLength > maxOptionLength) {
				fe.add(p+".min_length", "NUMBER_TYPE_MAX", fmt.Sprintf("int value should be between 0 and %d.", maxOptionLength))
			}
			if o.MaxLength != 0 && (o.MaxLength < 1 || o.MaxLength > maxOptionLength) {
				fe.add(p+".max_length", "NUMBER_TYPE_MAX", fmt.Sprintf("int value should be between 1 and %d.", maxOptionLength))
			}
		}
	}
	if subs > 0 && plain > 0 {
		fe.add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types")
	}
}

func checkChoices(fe formErrors, p string, o *discordgo.ApplicationCommandOption) {
	if len(o.Choices) == 0 {
		return
	}
	switch o.Type {
	case discordgo.ApplicationCommandOptionString, discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
	default:
		fe.add(p+".choices", "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Only string, integer and number options may have choices")
		return
	}
	if o.Autocomplete {
		fe.add(p+".autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be set on options with choices")
	}
	checkChoiceList(fe, p+".choices", o.Choices, func(cp string, v any) {
		if !choiceValueOK(o.Type, v) {
			fe.add(cp+".value", "APPLICATION_COMMAND_OPTION_CHOICE_VALUE_INVALID", "Choice value does not match the option type")
		}
	})
}

// checkChoiceList checks what any list of choices must hold, registered on
// an option or sent as autocomplete results, at path p: at most maxChoices,
// none null, each name 1 to maxChoiceName characters. checkValue checks the
// value of the choice at path cp, by the rules of where the list is.
func checkChoiceList(fe formErrors, p string, choices []*discordgo.ApplicationCommandOptionChoice, checkValue func(cp string, v any)) {
	if len(choices) > maxChoices {
		fe.add(p, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxChoices))
	}
	for j, ch := range choices {
		cp := fmt.Sprintf("%s.%d", p, j)
		if ch == nil {
			fe.add(cp, "BASE_TYPE_REQUIRED", "This field is required")
			continue
		}
		if n := utf8.RuneCountInString(ch.Name); n < 1 || n > maxChoiceName {
			fe.add(cp+".name", "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxChoiceName))
		}
		checkValue(cp, ch.Value)
	}
}

// choiceValueOK reports whether a decoded JSON choice value suits the option
// type.
func choiceValueOK(t discordgo.ApplicationCommandOptionType, v any) bool {
	switch t {
	case discordgo.ApplicationCommandOptionString:
		s, ok := v.(string)
		return ok && utf8.RuneCountInString(s) >= 1 && utf8.RuneCountInString(s) <= maxChoiceValue
	case discordgo.ApplicationCommandOptionInteger:
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case discordgo.ApplicationCommandOptionNumber:
		_, ok := v.(float64)
		return ok
	}
	return false
}

// commandSize is what Discord counts towards the 8000-character limit: the
// names, descriptions and choice names and values of a command.
func commandSize(c discordgo.ApplicationCommand) int {
	n := utf8.RuneCountInString(c.Name) + utf8.RuneCountInString(c.Description)
	var walk func([]*discordgo.ApplicationCommandOption)
	walk = func(opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			if o == nil {
				continue
			}
			n += utf8.RuneCountInString(o.Name) + utf8.RuneCountInString(o.Description)
			for _, ch := range o.Choices {
				if ch != nil {
					n += utf8.RuneCountInString(ch.Name) + utf8.RuneCountInString(fmt.Sprint(ch.Value))
				}
			}
			walk(o.Options)
		}
	}
	walk(c.Options)
	return n
}
