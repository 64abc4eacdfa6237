package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultAnswerBudget is how long a handler may work before its interaction
// is deferred. Discord drops answers that come 3 s after the event or later;
// the rest covers the answer's own round trip.
const DefaultAnswerBudget = 2 * time.Second

// reply is what a handler answers with.
type reply struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
	files      []*discordgo.File
	ephemeral  bool
	// update replaces the message a button sits on (callback type 7)
	// instead of sending a new one.
	update bool
}

func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	i := ic.Interaction
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		d := i.ApplicationCommandData()
		h, ok := b.commands[d.Name]
		if !ok {
			b.respond(i, func(context.Context) reply {
				return errorReply("I don't know that command any more. Try `/help`.")
			})
			return
		}
		if b.tooFast(i, commandFamily(d.Name), "`/"+d.Name+"`") {
			return
		}
		if d.Name == cmdSubscribe {
			// No undeliverable notice: its advice is to run /subscribe, which
			// makes the user deliverable again.
			b.respond(i, func(ctx context.Context) reply { b.learnDMChannel(ctx, i); return h(ctx, i) })
			return
		}
		b.respond(i, func(ctx context.Context) reply {
			b.learnDMChannel(ctx, i)
			return b.withUndeliverableNotice(ctx, i, h(ctx, i))
		})
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(i)
	case discordgo.InteractionMessageComponent:
		if b.tooFast(i, familyLight, "that button") {
			return
		}
		b.respond(i, func(ctx context.Context) reply { return b.onComponent(ctx, i) })
	}
}

type commandHandler func(ctx context.Context, i *discordgo.Interaction) reply

func (b *Bot) commandHandlers() map[string]commandHandler {
	return map[string]commandHandler{
		cmdSubscribe:   b.subscribe,
		cmdUnsubscribe: b.unsubscribe,
		cmdProgress:    b.oneAtATime(b.progress, "`/progress`"),
		cmdTip:         b.tip,
		cmdHelp:        b.help,
		cmdSchedule:    b.schedule,
		cmdPause:       b.pause,
		cmdResume:      b.resume,
		cmdWorkout:     b.oneAtATime(b.workoutNow, "`/workout`"),
		cmdForget:      b.forget,
		cmdExport:      b.oneAtATime(b.export, "`/export`"),
		cmdChallenge:   b.challenge,
	}
}

// respond answers i with what work returns, within Discord's deadline: if
// work is not done within the answer budget, a timer acknowledges the
// interaction (deferred) and the answer then completes that
// acknowledgement (see finishDeferred). A panic in work becomes a short
// apology. work runs on the caller's goroutine, so a quick answer costs no
// goroutine of its own.
func (b *Bot) respond(i *discordgo.Interaction, work func(context.Context) reply) {
	ctx, cancel := context.WithTimeout(b.ctx, 14*time.Minute) // interaction tokens live 15 minutes
	defer cancel()
	private := answersInPrivate(i)
	acked := make(chan bool, 1) // whether the deferred acknowledgement landed
	timer := time.AfterFunc(b.budget, func() { acked <- b.acknowledge(ctx, i, private) })
	r := b.work(ctx, i, work)
	if timer.Stop() {
		b.send(ctx, i, r)
		return
	}
	if !<-acked {
		return
	}
	b.finishDeferred(ctx, i, r, private)
}

// work runs a handler, turning a panic into an apology.
func (b *Bot) work(ctx context.Context, i *discordgo.Interaction, work func(context.Context) reply) (r reply) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("interaction handler panicked", "interaction", i.ID, "panic", p)
			r = apology()
		}
	}()
	return work(ctx)
}

// acknowledge defers the answer to i: Discord shows that the bot is
// thinking, and the answer can come later by editing the response. A
// command's deferral is private when its answer will be: the deferral's
// flags are the answer's ("an existing message's ephemeral state cannot be
// changed", receiving-and-responding.mdx). A button's deferral (type 6)
// shows nothing.
func (b *Bot) acknowledge(ctx context.Context, i *discordgo.Interaction, private bool) bool {
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{}}
	if private {
		deferred.Data.Flags = discordgo.MessageFlagsEphemeral
	}
	if i.Type == discordgo.InteractionMessageComponent {
		deferred = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	if err := b.respondInteraction(ctx, i, deferred); err != nil {
		b.log.Warn("defer interaction", "interaction", i.ID, "err", redact(err))
		return false
	}
	return true
}

func (b *Bot) send(ctx context.Context, i *discordgo.Interaction, r reply) {
	typ := discordgo.InteractionResponseChannelMessageWithSource
	if r.update && i.Type == discordgo.InteractionMessageComponent {
		typ = discordgo.InteractionResponseUpdateMessage
	}
	data := &discordgo.InteractionResponseData{
		Content:         r.content,
		Embeds:          r.embeds,
		Components:      r.components,
		Files:           r.files,
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	}
	if r.update && r.components == nil {
		data.Components = []discordgo.MessageComponent{} // clear the buttons
	}
	if r.ephemeral && typ != discordgo.InteractionResponseUpdateMessage {
		// An update keeps the message's own flags; Discord refuses new ones.
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := b.respondInteraction(ctx, i, &discordgo.InteractionResponse{Type: typ, Data: data}); err != nil {
		b.log.Warn("answer interaction", "interaction", i.ID, "err", redact(err))
	}
}

// withUndeliverableNotice puts the one-time notice that a workout could not
// be delivered in front of a private answer to a command, so the subscriber
// learns it at their next command, whichever it is. A public answer (/tip in
// a server) leaves it for the next private one.
func (b *Bot) withUndeliverableNotice(ctx context.Context, i *discordgo.Interaction, r reply) reply {
	if !r.ephemeral {
		return r
	}
	told, err := b.store.TakeUndeliverableNotice(ctx, userOf(i).ID)
	if err != nil {
		b.log.Warn("take undeliverable notice", "err", err)
		return r
	}
	if !told {
		return r
	}
	if r.content == "" {
		r.content = undeliverableNotice
	} else {
		r.content = truncate(undeliverableNotice+"\n\n"+r.content, 2000)
	}
	return r
}

// apologise answers an interaction whose handler panicked before it could.
func (b *Bot) apologise(i *discordgo.Interaction) {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	b.send(ctx, i, apology())
}

func apology() reply {
	return errorReply("Sorry — something went wrong on my side. Please try again in a minute.")
}

func errorReply(text string) reply {
	return reply{content: text, ephemeral: true}
}

// userOf is the user behind an interaction: the member in a server, the
// user in a DM.
func userOf(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// stringOptions returns the string options of a slash command by name.
func stringOptions(i *discordgo.Interaction) map[string]string {
	out := map[string]string{}
	for _, o := range i.ApplicationCommandData().Options {
		if o != nil && o.Type == discordgo.ApplicationCommandOptionString {
			if v, ok := o.Value.(string); ok {
				out[o.Name] = v
			}
		}
	}
	return out
}

func (b *Bot) internalError(what string, err error) reply {
	b.log.Error(what, "err", redact(err))
	return apology()
}

// undeliverableNotice tells a subscriber why their workouts stopped. Discord
// refused the post: for a DM subscriber that means their DMs are closed to
// the bot; for a channel subscriber, that the bot can no longer post there.
const undeliverableNotice = "⚠️ I couldn't deliver your last workout: Discord refused it. " +
	"If you get workouts by DM, your DMs are closed to me: allow direct messages from server members (Privacy Settings). " +
	"If you get them in a channel, I can no longer post there. " +
	"Then run `/subscribe` again — or subscribe with the other `where`."
