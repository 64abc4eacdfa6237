package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/schedule"
)

// config is glutebot's configuration, read once from the environment at
// start. The variable names are a contract with operators.
type config struct {
	token    string
	apiURL   string
	dbPath   string
	guildID  string
	logLevel slog.Level
	rate     float64 // REST requests per second

	metricsAddr string // "" serves no metrics

	backupDir  string // "" takes no nightly backups
	backupSpec string // cron spec of the nightly backup
}

const (
	defaultDB   = "glutebot.db"
	defaultRate = 48 // under Discord's global 50/s, leaving room for interaction answers
)

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		apiURL:  bot.DefaultAPIURL,
		guildID: strings.TrimSpace(getenv("GLUTEBOT_GUILD_ID")),
		rate:    defaultRate,
	}
	c.token = strings.TrimSpace(getenv("DISCORD_TOKEN"))
	if c.token == "" {
		if path := getenv("DISCORD_TOKEN_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return config{}, usageError{fmt.Sprintf("read DISCORD_TOKEN_FILE: %v", err)}
			}
			c.token = strings.TrimSpace(string(b))
		}
	}
	if c.token == "" {
		return config{}, usageError{"set DISCORD_TOKEN (or DISCORD_TOKEN_FILE) to your bot's token: " +
			"Discord Developer Portal → your application → Bot → Reset Token (https://discord.com/developers/applications)"}
	}
	c.token = strings.TrimPrefix(c.token, "Bot ")
	if v := strings.TrimSpace(getenv("DISCORD_API_URL")); v != "" {
		if bot.CheckAPIURL(v) != nil {
			return config{}, usageError{fmt.Sprintf("DISCORD_API_URL %q: want a base URL such as %s", v, bot.DefaultAPIURL)}
		}
		c.apiURL = strings.TrimSuffix(v, "/")
	}
	c.dbPath = dbPath(getenv)
	switch v := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); v {
	case "", "info":
		c.logLevel = slog.LevelInfo
	case "debug":
		c.logLevel = slog.LevelDebug
	case "warn", "warning":
		c.logLevel = slog.LevelWarn
	case "error":
		c.logLevel = slog.LevelError
	default:
		return config{}, usageError{fmt.Sprintf("LOG_LEVEL %q: want debug, info, warn or error", v)}
	}
	var err error
	if c.metricsAddr, err = metricsAddr(getenv); err != nil {
		return config{}, err
	}
	if v := strings.TrimSpace(getenv("GLUTEBOT_RATE")); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 || r > 50 {
			return config{}, usageError{fmt.Sprintf("GLUTEBOT_RATE %q: want requests per second, more than 0 and at most 50", v)}
		}
		c.rate = r
	}
	if c.backupDir = strings.TrimSpace(getenv("GLUTEBOT_BACKUP_DIR")); c.backupDir != "" {
		if err := checkBackupDir(c.backupDir); err != nil {
			return config{}, usageError{fmt.Sprintf("GLUTEBOT_BACKUP_DIR %q: %v; want a directory the bot can write to", c.backupDir, err)}
		}
	}
	c.backupSpec = schedule.DefaultBackupSpec
	if v := strings.TrimSpace(getenv("GLUTEBOT_BACKUP_SCHEDULE")); v != "" {
		if _, err := schedule.ParseSpec(v); err != nil {
			return config{}, usageError{fmt.Sprintf("GLUTEBOT_BACKUP_SCHEDULE %q: want a cron spec such as \"0 3 * * *\" (03:00 UTC daily), optionally prefixed with CRON_TZ=Zone/Name", v)}
		}
		c.backupSpec = v
	}
	return c, nil
}

// checkBackupDir makes sure backups can be written to dir, creating it as
// a backup would, so that a mistyped or read-only path stops the bot at
// start instead of failing quietly at the first backup hours later.
func checkBackupDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".glutebot-write-check-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// dbPath is GLUTEBOT_DB, or the default file. The bot and the backup and
// healthcheck commands read their settings the same way.
func dbPath(getenv func(string) string) string {
	if v := strings.TrimSpace(getenv("GLUTEBOT_DB")); v != "" {
		return v
	}
	return defaultDB
}

// metricsAddr is GLUTEBOT_METRICS_ADDR, checked to be host:port, or "" when
// it is not set.
func metricsAddr(getenv func(string) string) (string, error) {
	v := strings.TrimSpace(getenv("GLUTEBOT_METRICS_ADDR"))
	if v == "" {
		return "", nil
	}
	if _, _, err := net.SplitHostPort(v); err != nil {
		return "", usageError{fmt.Sprintf("GLUTEBOT_METRICS_ADDR %q: want host:port, e.g. :9090", v)}
	}
	return v, nil
}
