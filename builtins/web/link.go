package web

import (
	"net/url"
	"strings"
)

// Link returns the URL of the Link header entry with relation rel ("next",
// "prev", "last"...), resolved against the response's URL, or "" if there
// is none: how paginated APIs (GitHub, GitLab...) point to the next page.
//
//	for next := "/repos/o/r/issues"; next != ""; {
//		r, err := s.Get(next)
//		if err != nil {
//			return err
//		}
//		... r.JSON() ...
//		next = r.Link("next")
//	}
func (r *Response) Link(rel string) string {
	for _, h := range r.Header.Values("Link") {
		for _, entry := range splitLinks(h) {
			target, params, ok := strings.Cut(entry, ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			if !hasRel(params, rel) {
				continue
			}
			target = target[1 : len(target)-1]
			base, err := url.Parse(r.URL)
			if err != nil {
				return target
			}
			ref, err := url.Parse(target)
			if err != nil {
				return target
			}
			return base.ResolveReference(ref).String()
		}
	}
	return ""
}

// splitLinks splits a Link header at the commas between entries, not at
// those inside <...> or quotes.
func splitLinks(h string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '<':
			depth++
		case '>':
			depth--
		case '"':
			quoted = !quoted
		case ',':
			if depth == 0 && !quoted {
				out = append(out, h[start:i])
				start = i + 1
			}
		}
	}
	return append(out, h[start:])
}

// hasRel reports whether the parameters of a Link entry have rel among
// their relation types (rel="next last" has two).
func hasRel(params, rel string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		for _, r := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
			if strings.EqualFold(r, rel) {
				return true
			}
		}
	}
	return false
}
