package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func TestBoardEmbedStaysInsideDiscordLimits(t *testing.T) {
	var st []plans.Standing
	for i := range 500 {
		st = append(st, plans.Standing{UserID: fmt.Sprintf("%018d", i), Done: i % 4, Target: 3, Streak: i})
	}
	e := boardEmbed(st)
	if n := utf8.RuneCountInString(e.Description); n > 4096 {
		t.Errorf("description of %d characters", n)
	}
	if !strings.Contains(e.Description, "…and 460 more") {
		t.Errorf("members past the list are not counted: %q", e.Description[len(e.Description)-40:])
	}
	total := 0
	for _, s := range st {
		total += s.Done
	}
	if want := plans.Plural(total, "workout") + " this week"; e.Fields[0].Value != want {
		t.Errorf("total %q, want %q", e.Fields[0].Value, want)
	}
	if empty := boardEmbed(nil); !strings.Contains(empty.Description, "/challenge join") {
		t.Errorf("an empty board says %q", empty.Description)
	}
}

func TestChallengeStartAndStopNeedManageServer(t *testing.T) {
	member := &discordgo.Interaction{Member: &discordgo.Member{Permissions: 2248473465835073}}
	mod := &discordgo.Interaction{Member: &discordgo.Member{Permissions: discordgo.PermissionManageGuild}}
	admin := &discordgo.Interaction{Member: &discordgo.Member{Permissions: discordgo.PermissionAdministrator}}
	if canManage(member) || !canManage(mod) || !canManage(admin) || canManage(&discordgo.Interaction{}) {
		t.Errorf("canManage: member %v, mod %v, admin %v", canManage(member), canManage(mod), canManage(admin))
	}
}
