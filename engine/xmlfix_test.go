package engine

import "testing"

// TestXMLOfTheSessionsStructs: xml.Marshal names the element of a struct
// of the session's by its type, as Go does, where nothing else names it.
func TestXMLOfTheSessionsStructs(t *testing.T) {
	e, _ := newTestEvaluator(t)
	declareAll(t, e,
		"type Port struct {\n\tNum int `xml:\",chardata\"`\n\tProto string `xml:\"proto,attr\"`\n}",
		"type Svc struct {\n\tXMLName xml.Name `xml:\"svc\"`\n\tPorts []Port `xml:\"port\"`\n}",
	)
	checkShown(t, e, []shownCase{
		{`b, err := xml.Marshal(Port{22, "tcp"}); fmt.Sprint(string(b), err)`, `<Port proto="tcp">22</Port><nil>`},
		{`b, _ := xml.Marshal([]*Port{{1, "a"}, {2, "b"}}); string(b)`, `<Port proto="a">1</Port><Port proto="b">2</Port>`},
		{`b, _ := xml.MarshalIndent(Svc{Ports: []Port{{80, "tcp"}}}, "", " "); string(b)`, "<svc>\n <port proto=\"tcp\">80</port>\n</svc>"},
	})
}
