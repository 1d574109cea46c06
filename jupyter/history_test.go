package jupyter

import (
	"reflect"
	"testing"
)

func TestHistoryFind(t *testing.T) {
	var h history
	for i, src := range []string{"1+1", "x := 2", "1+1", "fmt.Println(x)", "1*1"} {
		h.add(i+1, src, "")
	}
	lines := func(es []historyEntry) []int {
		var out []int
		for _, e := range es {
			out = append(out, e.line)
		}
		return out
	}
	tests := []struct {
		desc string
		req  historyRequest
		want []int
	}{
		{"tail 2", historyRequest{AccessOp: "tail", N: 2}, []int{4, 5}},
		{"tail all", historyRequest{AccessOp: "tail"}, []int{1, 2, 3, 4, 5}},
		{"search glob", historyRequest{AccessOp: "search", Pattern: "1?1"}, []int{1, 3, 5}},
		{"search unique keeps the latest", historyRequest{AccessOp: "search", Pattern: "1?1", Unique: true}, []int{3, 5}},
		{"search last n", historyRequest{AccessOp: "search", Pattern: "*", N: 2}, []int{4, 5}},
		{"search is anchored", historyRequest{AccessOp: "search", Pattern: "x"}, nil},
		{"search star inside", historyRequest{AccessOp: "search", Pattern: "*Println*"}, []int{4}},
		{"range", historyRequest{AccessOp: "range", Session: historySession, Start: 2, Stop: 4}, []int{2, 3}},
		{"range of this session as 0", historyRequest{AccessOp: "range", Start: 5}, []int{5}},
		{"range of another session", historyRequest{AccessOp: "range", Session: 7, Start: 1}, nil},
	}
	for _, tc := range tests {
		if got := lines(h.find(tc.req)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: lines %v, want %v", tc.desc, got, tc.want)
		}
	}
}
