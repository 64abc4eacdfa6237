package bot

import (
	"context"
	"regexp"
	"strings"
	"unicode"

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
	tip := plans.Tip(question)
	if m.GuildID != "" && tip.Private() {
		// Health talk stays private: the answer goes by DM, and the
		// channel learns only where it went.
		err := b.sendDM(ctx, m.Author.ID, "About what you asked in <#"+m.ChannelID+">:\n"+answer(question, tip)+b.pauseHint(ctx, m.Author.ID, tip))
		if err != nil {
			b.log.Warn("private answer by DM", "user", m.Author.ID, "err", err)
			b.replyTo(ctx, m.ChannelID, m.ID, m.GuildID, "I'd answer that privately, but I can't DM you. "+
				"Ask with "+b.mention(cmdTip)+" here — only you will see the answer.")
			return
		}
		b.replyTo(ctx, m.ChannelID, m.ID, m.GuildID, "I've sent you a DM.")
		return
	}
	if text := answer(question, tip); text != "" {
		b.replyTo(ctx, m.ChannelID, m.ID, m.GuildID, text+b.pauseHint(ctx, m.Author.ID, tip))
	}
}

func mentions(m *discordgo.Message, userID string) bool {
	for _, u := range m.Mentions {
		if u.ID == userID {
			return true
		}
	}
	return false
}

// hello answers a greeting, or a mention with nothing else.
const hello = "Hi! Ask me about an exercise — \"how do I do a hip thrust?\" or \"rdl form\" — or try `/help`."

// answer is the reply to a plain question, given its reading a
// (plans.Tip(question)); "" when a message needs none.
func answer(question string, a plans.Answer) string {
	if question == "" {
		return hello
	}
	if a.Answered() {
		return a.Text
	}
	switch smallTalk(question) {
	case thanked:
		return "You're welcome! 💪"
	case greeted:
		return hello
	case acknowledged:
		return "" // "ok", "👍": a reply would only be one more message
	}
	return "I can help with form for " + exerciseNames() + ", and with questions like \"how often should I train?\" or " +
		"\"how long should I rest?\". Ask me, for example, \"how do I do a glute bridge?\" — or see `/help`."
}

// talk is what a message that asks nothing does.
type talk int

const (
	asked        talk = iota // anything else: it deserves an answer
	thanked                  // "thanks!", "thank you so much"
	greeted                  // "hi", "good morning"
	acknowledged             // "ok", "got it", "👍"
	filler                   // "you", "it", "a lot": small talk only beside one of the words above
)

// smallTalkWords are the words of greetings, thanks and acknowledgements.
var smallTalkWords = map[string]talk{
	"thanks": thanked, "thank": thanked, "thx": thanked, "ty": thanked, "tysm": thanked, "cheers": thanked, "ta": thanked,
	"appreciate": thanked, "appreciated": thanked,
	"hi": greeted, "hello": greeted, "hey": greeted, "heya": greeted, "hiya": greeted, "yo": greeted, "howdy": greeted,
	"morning": greeted, "afternoon": greeted, "evening": greeted, "glutebot": greeted,
	"ok": acknowledged, "okay": acknowledged, "k": acknowledged, "kk": acknowledged, "cool": acknowledged, "great": acknowledged,
	"nice": acknowledged, "awesome": acknowledged, "perfect": acknowledged, "got": acknowledged,
	"lol": acknowledged, "haha": acknowledged, "sure": acknowledged, "yes": acknowledged, "yep": acknowledged,
	"yeah": acknowledged, "alright": acknowledged, "will": acknowledged, "good": acknowledged,
	"it": filler, "do": filler, "you": filler, "so": filler, "much": filler, "very": filler, "a": filler, "lot": filler,
	"there": filler,
}

// smallTalk reads a message made only of greetings, thanks and
// acknowledgements (and emoji); anything else is asked, and so is a
// question mark on anything but thanks or a greeting ("ok?", "do you?").
// Thanks wins over a greeting, a greeting over an acknowledgement.
func smallTalk(message string) talk {
	words := strings.FieldsFunc(strings.ToLower(message), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	got := acknowledged // emoji alone acknowledge
	if len(words) > 0 {
		got = filler
	}
	for _, w := range words {
		t, ok := smallTalkWords[w]
		switch {
		case !ok:
			return asked
		case t == thanked, t == greeted && got != thanked, t == acknowledged && got == filler:
			got = t
		}
	}
	if got == filler || got == acknowledged && strings.Contains(message, "?") {
		return asked
	}
	return got
}
