// Structured logs that keep secrets out: a token type and a user whose
// LogValue methods redact them, logged by slog's text and JSON handlers,
// through a logger with attributes, a group, an any and args...
package main

import (
	"fmt"
	"log/slog"
	"os"
)

type Token string

func (t Token) LogValue() slog.Value { return slog.StringValue("REDACTED") }

type User struct {
	Name, Password string
	Roles          []string
}

func (u *User) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", u.Name), slog.Int("roles", len(u.Roles)))
}

type Endpoint struct{ Host, Key string }

func (e Endpoint) LogValue() slog.Value { return slog.StringValue(e.Host) }

func noTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 {
		return slog.Attr{}
	}
	return a
}

func login(l *slog.Logger, u *User, tok Token) {
	l.Info("login", "user", u, "token", tok)
}

func audit(l *slog.Logger, what string, fields ...any) {
	l.Warn(what, fields...)
}

func main() {
	opts := &slog.HandlerOptions{ReplaceAttr: noTime}
	text := slog.New(slog.NewTextHandler(os.Stdout, opts))
	js := slog.New(slog.NewJSONHandler(os.Stdout, opts))

	u := &User{Name: "bob", Password: "hunter2", Roles: []string{"ops", "dev"}}
	login(text, u, Token("s3cret"))
	login(js, u, "abc")

	api := text.With("endpoint", Endpoint{"api.internal", "k-123"})
	api.Info("call", slog.Any("auth", Token("xyz")), slog.Group("req", "id", 7, "by", u))

	var anything any = Token("in-an-any")
	text.Error("failed", "cause", anything, "host", "web-1", "n", 3)
	audit(js, "rotated", "old", Token("o"), "new", Token("n"), "who", "alice")

	v := slog.AnyValue(Endpoint{"db", "pw"}).Resolve()
	fmt.Println(v.Kind(), v.String())
	var plain any = "not-a-token"
	text.Info("plain", "s", plain)
}
