package spelling

import "testing"

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"hsot", "host", 1}, {"host", "host", 0}, {"hots", "host", 1}, {"hst", "host", 1}, {"abc", "xyz", 3}, {"totl", "total", 1}, {"", "ab", 2}} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
