package main

// The steps around workout posts: finding the bot's posts and replies in a
// channel, waiting for them, reacting to them, pressing their buttons and
// reading them as a user does.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
)

// workoutPosts lists the bot's workout posts in a channel (messages with an
// embed; acknowledgements and answers are plain text).
func (h *harness) workoutPosts(channelID string) []discordtest.Message {
	if channelID == "" {
		return nil
	}
	var out []discordtest.Message
	for _, m := range h.srv.BotMessages(channelID) {
		if len(m.Embeds) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// replies lists the bot's messages in a channel that answer messageID.
func (h *harness) replies(channelID, messageID string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range h.srv.BotMessages(channelID) {
		if m.MessageReference != nil && m.MessageReference.MessageID == messageID {
			out = append(out, m)
		}
	}
	return out
}

// pressOn presses the button labelled label on a message in a channel (a
// workout post) as user.
func (h *harness) pressOn(guild, channel, messageID, user, label string) (discordtest.Callback, *discordtest.Interaction) {
	h.t.Helper()
	var msg *discordtest.Message
	for _, m := range h.srv.Messages(channel) {
		if m.ID == messageID {
			msg = &m
		}
	}
	if msg == nil {
		h.t.Fatalf("no message %s in %s", messageID, channel)
	}
	id := ""
	for _, l := range buttonLabels(msg.Components) {
		if l[0] == label {
			id = l[1]
		}
	}
	if id == "" {
		h.t.Fatalf("no button %q on the post; it has %v", label, buttonLabels(msg.Components))
	}
	i, err := h.srv.Button(discordtest.Button{GuildID: guild, ChannelID: channel, UserID: user, MessageID: messageID, CustomID: id})
	if err != nil {
		h.t.Fatalf("press %q: %v", label, err)
	}
	return h.wait(i), i
}

// buttonLabels lists the buttons of message components as label, custom id.
func buttonLabels(comps []discordgo.MessageComponent) [][2]string {
	var out [][2]string
	for _, row := range comps {
		var children []discordgo.MessageComponent
		switch r := row.(type) {
		case *discordgo.ActionsRow:
			children = r.Components
		case discordgo.ActionsRow:
			children = r.Components
		}
		for _, c := range children {
			switch b := c.(type) {
			case *discordgo.Button:
				out = append(out, [2]string{b.Label, b.CustomID})
			case discordgo.Button:
				out = append(out, [2]string{b.Label, b.CustomID})
			}
		}
	}
	return out
}

// rendered is a workout post as a reader sees it: its text, the embed and
// the buttons.
func rendered(m discordtest.Message) string {
	var sb strings.Builder
	if m.Content != "" {
		sb.WriteString(m.Content + "\n")
	}
	for _, e := range m.Embeds {
		sb.WriteString("┃ **" + e.Title + "**\n")
		for _, line := range strings.Split(e.Description, "\n") {
			sb.WriteString("┃ " + line + "\n")
		}
		for _, f := range e.Fields {
			sb.WriteString("┃ **" + f.Name + "**\n")
			for _, line := range strings.Split(f.Value, "\n") {
				sb.WriteString("┃ " + line + "\n")
			}
		}
		if e.Footer != nil {
			sb.WriteString("┃ " + e.Footer.Text + "\n")
		}
	}
	var labels []string
	for _, l := range buttonLabels(m.Components) {
		labels = append(labels, "["+l[0]+"]")
	}
	sb.WriteString(strings.Join(labels, " ") + "\n")
	for _, r := range m.Reactions {
		fmt.Fprintf(&sb, "%s %d  ", r.Emoji.Name, r.Count)
	}
	return sb.String()
}

// post returns the workout post with the id as it is now.
func (h *harness) post(channel, id string) discordtest.Message {
	h.t.Helper()
	for _, m := range h.workoutPosts(channel) {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no workout post %s in %s", id, channel)
	return discordtest.Message{}
}

// react adds user's emoji to a message, as their Discord client does.
func (h *harness) react(channel, messageID, user, emoji string) {
	h.t.Helper()
	if err := h.srv.React(channel, messageID, user, emoji); err != nil {
		h.t.Fatalf("%s reacts %s on %s: %v", user, emoji, messageID, err)
	}
}

// markDone reacts ✅ on a post and waits until the post says it is done.
func (h *harness) markDone(channel, postID, user string) {
	h.t.Helper()
	h.react(channel, postID, user, "✅")
	waitFor(h.t, "the post marked done", func() bool { return strings.HasPrefix(h.post(channel, postID).Content, "✅ Done") })
}

// waitForPosts waits until channel holds n workout posts, and returns them.
func (h *harness) waitForPosts(what, channel string, n int) []discordtest.Message {
	h.t.Helper()
	waitFor(h.t, what, func() bool { return len(h.workoutPosts(channel)) == n })
	return h.workoutPosts(channel)
}

// waitForBotsDone waits until the bot has added its own ✅ to a post, so
// marking it done is one tap.
func (h *harness) waitForBotsDone(channel, messageID string) {
	h.t.Helper()
	waitFor(h.t, "the bot's own ✅", func() bool { return len(h.srv.Reactions(channel, messageID, "✅")) == 1 })
}

// waitForFirstDMPost waits until user has a DM channel with the bot holding
// one workout post, and returns the channel and the post.
func (h *harness) waitForFirstDMPost(what, user string) (dm string, post discordtest.Message) {
	h.t.Helper()
	waitFor(h.t, what, func() bool {
		dm = h.srv.DMChannelID(user)
		return dm != "" && len(h.workoutPosts(dm)) == 1
	})
	return dm, h.workoutPosts(dm)[0]
}

// botMessagesWith counts the bot's messages in a channel whose text holds s.
func (h *harness) botMessagesWith(channel, s string) int {
	n := 0
	for _, m := range h.srv.BotMessages(channel) {
		if strings.Contains(m.Content, s) {
			n++
		}
	}
	return n
}

// say posts content as user in a channel.
func (h *harness) say(channel, user, content string) discordtest.Message {
	h.t.Helper()
	m, err := h.srv.UserMessage(channel, user, content)
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// waitForReply waits until the bot has answered messageID once in a
// channel, and returns the answer.
func (h *harness) waitForReply(what, channel, messageID string) discordtest.Message {
	h.t.Helper()
	waitFor(h.t, what, func() bool { return len(h.replies(channel, messageID)) == 1 })
	return h.replies(channel, messageID)[0]
}

// subscribedByDM is a running world where user alone has subscribed, by
// DM, to Monday, Wednesday and Friday at 07:00 UTC; its clock is Monday
// 05:00.
func subscribedByDM(t *testing.T, user string) *harness {
	t.Helper()
	h := newWorld(t, monday, user)
	h.start()
	h.subscribeUTC(user, "mon,wed,fri", "07:00")
	return h
}

// mondaysPost moves the clock to Monday 07:00 and waits for user's
// workout post in their DM with the bot's own ✅ on it.
func (h *harness) mondaysPost(user string) (dm string, post discordtest.Message) {
	h.t.Helper()
	h.clock.Set(at(0, 7, 0))
	dm, post = h.waitForFirstDMPost("the Monday post", user)
	h.waitForBotsDone(dm, post.ID)
	return dm, post
}
