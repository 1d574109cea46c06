package table

import "testing"

func TestString(t *testing.T) {
	tb := New("ID", "NAME", "STATUS")
	tb.Add("a1", "web", "Up 2 minutes")
	tb.Add("b22222", "db\nsecond line", "Exited (0)")
	got := tb.String()
	want := "ID      NAME  STATUS\n" +
		"a1      web   Up 2 minutes\n" +
		"b22222  db …  Exited (0)"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got, want := New("A", "B").String(), "A  B\n(no rows)"; got != want {
		t.Fatalf("empty table: got %q, want %q", got, want)
	}
}
