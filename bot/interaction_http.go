package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// Interaction answers go out through the session's HTTP client but not
// through discordgo's rate limiter. discordgo keeps a bucket for every URL
// it has called and never drops one, and an interaction's answer URL is new
// each time because it holds the interaction's token
// (bwmarrin/discordgo#1333): a bot answering commands and autocomplete
// keystrokes for years would grow without bound and keep every token it
// was handed. Interaction answers have no rate limit for a bucket to track
// (Discord exempts them from the global limit), and the token in the URL is
// their credential, so they carry no bot token either.

// maxAnswerBody bounds how much of Discord's answer is read.
const maxAnswerBody = 1 << 20

// respondInteraction answers i (POST /interactions/{id}/{token}/callback).
func (b *Bot) respondInteraction(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	return b.interactionRequest(ctx, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), resp, files)
}

// editInteractionResponse replaces i's response
// (PATCH /webhooks/{application}/{token}/messages/@original).
func (b *Bot) editInteractionResponse(ctx context.Context, i *discordgo.Interaction, edit *discordgo.WebhookEdit) error {
	return b.interactionRequest(ctx, http.MethodPatch, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), edit, edit.Files)
}

// deleteInteractionResponse deletes i's response
// (DELETE /webhooks/{application}/{token}/messages/@original).
func (b *Bot) deleteInteractionResponse(ctx context.Context, i *discordgo.Interaction) error {
	return b.interactionRequest(ctx, http.MethodDelete, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), nil, nil)
}

// followUp sends a new message in answer to i
// (POST /webhooks/{application}/{token}).
func (b *Bot) followUp(ctx context.Context, i *discordgo.Interaction, msg *discordgo.WebhookParams) error {
	return b.interactionRequest(ctx, http.MethodPost, discordgo.EndpointWebhookToken(i.AppID, i.Token), msg, msg.Files)
}

// interactionRequest sends one answer request, waiting first while its
// route's bucket is exhausted and again, up to maxAnswerRetries times, when
// Discord answers 429: a 429 means the request was not carried out, so
// sending it again cannot answer twice.
func (b *Bot) interactionRequest(ctx context.Context, method, url string, payload any, files []*discordgo.File) error {
	contentType, body := "application/json", []byte(nil)
	var err error
	switch {
	case len(files) > 0:
		contentType, body, err = discordgo.MultipartBodyWithJSON(payload, files)
	case payload != nil:
		body, err = json.Marshal(payload)
	}
	if err != nil {
		return fmt.Errorf("encode interaction answer: %w", err)
	}
	route := method + " " + url
	for attempt := 0; ; attempt++ {
		if err := b.answerLimits.wait(ctx, route); err != nil {
			return err
		}
		resp, data, err := b.interactionAttempt(ctx, method, url, contentType, body)
		if err != nil {
			return err
		}
		retry := b.answerLimits.update(route, resp, data)
		if resp.StatusCode == http.StatusTooManyRequests && attempt < maxAnswerRetries {
			b.log.Info("interaction answer rate limited; retrying", "method", method, "retry_after", retry)
			continue
		}
		return answerError(resp, data)
	}
}

func (b *Bot) interactionAttempt(ctx context.Context, method, url, contentType string, body []byte) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("User-Agent", b.s.UserAgent)
	resp, err := b.s.Client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBody))
	if err != nil {
		return nil, nil, err
	}
	return resp, data, nil
}

// answerError is nil for a 2xx answer and a discordgo.RESTError otherwise.
func answerError(resp *http.Response, data []byte) error {
	req := resp.Request
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		rerr := &discordgo.RESTError{Request: req, Response: resp, ResponseBody: data}
		var msg discordgo.APIErrorMessage
		if json.Unmarshal(data, &msg) == nil {
			rerr.Message = &msg
		}
		return rerr
	}
	return nil
}
