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
// command but /challenge, which is a server's, works in a server and in a
// DM with the bot.
func Commands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdSubscribe,
			Description: "Get a glute workout 2–3 times a week, on your days, at your time",
			Options: []*discordgo.ApplicationCommandOption{
				stringOption(optDays, "2 or 3 weekdays, e.g. mon,wed,fri (default)", false),
				stringOption(optTime, "Time of day, 24-hour HH:MM, e.g. 07:00 (default)", false),
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optTimezone,
					Description:  "Your time zone, e.g. Europe/Berlin (default UTC)",
					Autocomplete: true,
					MaxLength:    64,
				},
				choiceOption(optLevel, "Where to start (default beginner)", "beginner", "intermediate", "advanced"),
				choiceOption(optEquipment, "What you can train with (default none)", "none", "dumbbells", "gym"),
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        optWhere,
					Description: "Where workouts are posted (default: by DM)",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "by DM", Value: "dm"},
						{Name: "here, mentioning me", Value: "here"},
					},
				},
				recapOption(),
			},
			Contexts: contexts(),
		},
		{
			Name:        cmdUnsubscribe,
			Description: "Stop your workouts (your history is kept)",
			Contexts:    contexts(),
		},
		{
			Name:        cmdProgress,
			Description: "Your completed workouts, this week and your weekly streak",
			Contexts:    contexts(),
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
			Contexts: contexts(),
		},
		{
			Name:        cmdSchedule,
			Description: "Your next three workouts",
			Contexts:    contexts(),
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
			Contexts: contexts(),
		},
		{
			Name:        cmdResume,
			Description: "End a pause early",
			Contexts:    contexts(),
		},
		{
			Name:        cmdWorkout,
			Description: "Today's workout now (or your next one, early)",
			Contexts:    contexts(),
		},
		{
			Name:        cmdForget,
			Description: "Delete everything glutebot knows about you",
			Contexts:    contexts(),
		},
		{
			Name:        cmdExport,
			Description: "Download your data as JSON",
			Contexts:    contexts(),
		},
		challengeCommand(),
		{
			Name:        cmdHelp,
			Description: "What glutebot does and how to use it",
			Contexts:    contexts(),
		},
	}
}

var minWeeks = 1.0

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

// contexts allows a command in servers and in the bot's DMs.
func contexts() *[]discordgo.InteractionContextType {
	c := []discordgo.InteractionContextType{
		discordgo.InteractionContextGuild,
		discordgo.InteractionContextBotDM,
	}
	return &c
}
