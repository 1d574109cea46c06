// Package sessions records opsh sessions to Markdown transcripts, reads them
// back (with Go scripts and Jupyter notebooks), checks replayed outputs
// against recorded ones, indexes the session folder and exports sessions.
package sessions
