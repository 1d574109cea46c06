package aws

import "time"

// SetListPageSize makes List ask for pages of n keys.
func SetListPageSize(n int32) func() {
	old := listPageSize
	listPageSize = n
	return func() { listPageSize = old }
}

// Pages is how many pages the listing has fetched.
func Pages(l *Listing) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pages
}

// SetClock fixes the time the session signs with.
func SetClock(a *Client, now func() time.Time) { a.shared.now = now }
