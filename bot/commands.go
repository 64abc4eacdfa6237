package bot

import "github.com/bwmarrin/discordgo"

// Command and option names are a contract with users and operators.
const (
	cmdSubscribe   = "subscribe"
	cmdUnsubscribe = "unsubscribe"
	cmdProgress    = "progress"
	cmdTip         = "tip"
	cmdHelp        = "help"
	cmdSchedule    = "schedule"
	cmdPause       = "pause"
	cmdResume      = "resume"
	cmdWorkout     = "workout"
	cmdForget      = "forget"
	cmdExport      = "export"

	optDays      = "days"
	optTime      = "time"
	optTimezone  = "timezone"
	optLevel     = "level"
	optEquipment = "equipment"
	optWhere     = "where"
	optExercise  = "exercise"
	optWeeks     = "weeks"
)

// Defaults of /subscribe's options.
const (
	defaultDays      = "mon,wed,fri"
	defaultTime      = "07:00"
	defaultZone      = "UTC"
	defaultLevel     = "beginner"
	defaultEquipment = "none"
	defaultWhere     = "dm"
)

// Commands is the full set of slash commands glutebot registers. Every
// command but /challenge can be installed to a server or to a user's
// account, and works in servers, in a DM with the bot and in other DMs and
// group DMs (where the app is installed to the user). /challenge is a
// server's: it needs the bot in the server to post the board.
func Commands() []*discordgo.ApplicationCommand {
	minWeeks := 1.0 // per call: a caller may change what it is handed
	cmds := []*discordgo.ApplicationCommand{
		{
			Name:        cmdSubscribe,
			Description: "Get glute workouts 2–3 times a week, or change a setting (the others stay)",
			Options: []*discordgo.ApplicationCommandOption{
				stringOption(optDays, "2 or 3 weekdays, e.g. mon wed fri or tues thurs", false),
				stringOption(optTime, "Time of day, e.g. 07:00, 7pm or 18:30", false),
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optTimezone,
					Description:  "Your time zone: type a city, country or abbreviation (EST, CET)",
					Autocomplete: true,
					MaxLength:    64,
				},
				choiceOption(optLevel, "Where to start", "beginner", "intermediate", "advanced"),
				choiceOption(optEquipment, "What you can train with", "none", "dumbbells", "gym"),
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        optWhere,
					Description: "Where workouts are posted",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "by DM", Value: "dm"},
						{Name: "here, mentioning me", Value: "here"},
					},
				},
				recapOption(),
			},
		},
		{
			Name:        cmdUnsubscribe,
			Description: "Stop your workouts (your history is kept)",
		},
		{
			Name:        cmdProgress,
			Description: "Your completed workouts, this week and your weekly streak",
		},
		{
			Name:        cmdTip,
			Description: "Form tips for one exercise",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optExercise,
					Description:  "e.g. hip thrust, RDL, split squat",
					Required:     true,
					Autocomplete: true,
					MaxLength:    100,
				},
			},
		},
		{
			Name:        cmdSchedule,
			Description: "Your next three workouts",
		},
		{
			Name:        cmdPause,
			Description: "Pause your workouts, e.g. for a holiday",
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionInteger,
				Name:        optWeeks,
				Description: "How many weeks, 1 to 8 (default 1)",
				MinValue:    &minWeeks,
				MaxValue:    8,
			}},
		},
		{
			Name:        cmdResume,
			Description: "End a pause early",
		},
		{
			Name:        cmdWorkout,
			Description: "Today's workout now (or your next one, early)",
		},
		{
			Name:        cmdForget,
			Description: "Delete everything glutebot knows about you",
		},
		{
			Name:        cmdExport,
			Description: "Download your data as JSON",
		},
		challengeCommand(),
		{
			Name:        cmdHelp,
			Description: "What glutebot does and how to use it",
		},
	}
	for _, c := range cmds {
		if c.IntegrationTypes == nil {
			c.IntegrationTypes = &[]discordgo.ApplicationIntegrationType{
				discordgo.ApplicationIntegrationGuildInstall,
				discordgo.ApplicationIntegrationUserInstall,
			}
		}
		if c.Contexts == nil {
			c.Contexts = &[]discordgo.InteractionContextType{
				discordgo.InteractionContextGuild,
				discordgo.InteractionContextBotDM,
				discordgo.InteractionContextPrivateChannel,
			}
		}
	}
	return cmds
}

func stringOption(name, description string, required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:        discordgo.ApplicationCommandOptionString,
		Name:        name,
		Description: description,
		Required:    required,
		MaxLength:   100,
	}
}

func choiceOption(name, description string, values ...string) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{
		Type:        discordgo.ApplicationCommandOptionString,
		Name:        name,
		Description: description,
	}
	for _, v := range values {
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
	}
	return o
}
