package bot

import (
	"context"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

var mentionPattern = regexp.MustCompile(`<@!?\d+>`)

// onMessage answers plain questions: any DM to the bot, or a server message
// that mentions it. Discord sends the content of both without the privileged
// message-content intent.
func (b *Bot) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Author == nil || m.Author.Bot || m.Author.ID == b.botUserID() {
		return
	}
	if m.GuildID != "" && !mentions(m.Message, b.botUserID()) {
		return
	}
	if ok, _ := b.fair.allow(m.Author.ID, familyLight); !ok {
		return // over the limit: a reply saying so would be one more message
	}
	question := strings.TrimSpace(mentionPattern.ReplaceAllString(m.Content, " "))
	ctx, cancel := context.WithTimeout(b.ctx, handlerTimeout)
	defer cancel()
	if m.GuildID == "" {
		b.keepDMChannel(ctx, m.Author.ID, m.ChannelID) // a DM to the bot is in the DM channel
	}
	if m.GuildID != "" && plans.Tip(question).Private() {
		// Health talk stays private: the answer goes by DM, and the
		// channel learns only where it went.
		err := b.sendDM(ctx, m.Author.ID, "About what you asked in <#"+m.ChannelID+">:\n"+answer(question))
		if err != nil {
			b.log.Warn("private answer by DM", "user", m.Author.ID, "err", err)
			b.replyTo(ctx, m.ChannelID, m.ID, m.GuildID, "I'd answer that privately, but I can't DM you. "+
				"Ask with "+b.mention(cmdTip)+" here — only you will see the answer.")
			return
		}
		b.replyTo(ctx, m.ChannelID, m.ID, m.GuildID, "I've sent you a DM.")
		return
	}
	b.replyTo(ctx, m.ChannelID, m.ID, m.GuildID, answer(question))
}

func mentions(m *discordgo.Message, userID string) bool {
	for _, u := range m.Mentions {
		if u.ID == userID {
			return true
		}
	}
	return false
}

// answer is the reply to a plain question.
func answer(question string) string {
	if question == "" {
		return "Hi! Ask me about an exercise — \"how do I do a hip thrust?\" or \"rdl form\" — or try `/help`."
	}
	a := plans.Tip(question)
	if a.Answered() {
		return a.Text
	}
	return "I can help with form for " + exerciseNames() + ", and with questions like \"how often should I train?\" or " +
		"\"how long should I rest?\". Ask me, for example, \"how do I do a glute bridge?\" — or see `/help`."
}
