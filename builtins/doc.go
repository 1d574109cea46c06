// Package builtins is the home of opsh's builtins: one package per domain
// (sys, web, ssh, docker, aws, crypto, secret), each a plain Go library that
// knows nothing of the REPL, plus its generated yaegi symbol table in
// builtins/NAME/symbols (go generate), gathered in builtins/all, which the
// REPL imports at start under the short name.
//
// Conventions every builtin follows:
//
//   - Calls read well at the call site (ssh.Dial("deploy@web-1"),
//     h.Run("uptime")) and return (T, error); the REPL unwraps the pair.
//   - Calls that wait on anything take the running cell's context from
//     package cell, so Ctrl-C stops them; a Context-taking variant exists
//     where a library user needs it.
//   - A type may define how the REPL shows it with a method
//     Display() string (a response shows its status line and body, a list
//     of instances a table; see builtins/internal/table). Without one, the
//     REPL pretty-prints the value.
//   - Passwords, tokens and keys pass through package secret: they display
//     as «redacted:NAME» and are masked in transcripts and history.
//   - Nothing connects or reads configuration until first used, so start-up
//     stays fast.
//   - Exported API has no generic functions or types (yaegi cannot extract
//     them), and returns compiled types, never a raw SDK client.
//   - Errors are lowercase, wrapped with the operation ("ssh dial web-1: %w"),
//     with exported sentinels (ErrHostKeyMismatch) and a hint where the user
//     can act.
package builtins
