package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

func (b *Bot) onComponent(ctx context.Context, i *discordgo.Interaction) reply {
	id := i.MessageComponentData().CustomID
	action, code, _ := strings.Cut(id, "|")
	if strings.HasPrefix(action, postPrefix) {
		return b.onPostButton(ctx, i, action)
	}
	switch action {
	case screenClear, screenGoOn:
		c, err := decodeChoice(code)
		if err != nil {
			return errorReply("That button has expired. Run `/subscribe` again.")
		}
		if err := b.store.SetScreened(ctx, userOf(i).ID, b.now()); err != nil {
			return b.internalError("store safety screen", err)
		}
		c.guildID, c.channelID = i.GuildID, i.ChannelID // the code leaves them out: the screen is answered where /subscribe ran
		return b.save(ctx, i, c, saveState{welcome: true})
	case screenFlag:
		return reply{
			ephemeral: true,
			update:    true,
			content: "Thanks for telling me. With any of those signs, please **stop and see a health professional** " +
				"(a doctor or physiotherapist) before you start training — they can check what's going on, and " +
				"they can tell you which exercises are right for you.\n\n" +
				"If you've already been checked and cleared to exercise, you can go on.",
			components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "I've been cleared — go on", Style: discordgo.PrimaryButton, CustomID: screenGoOn + "|" + code},
				discordgo.Button{Label: "Not now", Style: discordgo.SecondaryButton, CustomID: screenCancel},
			}}},
		}
	case screenCancel:
		return reply{ephemeral: true, update: true, content: "No problem. Come back with `/subscribe` whenever you're ready."}
	case deliverHere:
		return b.deliverHere(ctx, i)
	case forgetConfirm:
		return b.forgetNow(ctx, i)
	case forgetCancel:
		return reply{ephemeral: true, update: true, content: "Kept — nothing was deleted."}
	}
	return errorReply("That button has expired. Try the command again.")
}
