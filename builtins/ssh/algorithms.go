package ssh

import (
	"fmt"
	"slices"
	"strings"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/sshpattern"
)

// algorithms are the algorithm lists ssh_config pins (KexAlgorithms,
// Ciphers, MACs, HostKeyAlgorithms, PubkeyAcceptedAlgorithms); a nil list
// means the library's defaults.
type algorithms struct {
	kex, ciphers, macs, hostKeys, pubkey []string
	// hostKeysExact is true when HostKeyAlgorithms gave a list of its own
	// (not +, - or ^ on the defaults): then, as in OpenSSH, the order is
	// the user's, not the one the known keys suggest.
	hostKeysExact bool
}

// String is the lists, for the pool key.
func (a algorithms) String() string {
	return fmt.Sprintf("kex=%s ciphers=%s macs=%s hostkeys=%s/%v pubkey=%s",
		strings.Join(a.kex, ","), strings.Join(a.ciphers, ","), strings.Join(a.macs, ","),
		strings.Join(a.hostKeys, ","), a.hostKeysExact, strings.Join(a.pubkey, ","))
}

// algorithmSpec is one ssh_config algorithm keyword with its default list
// and every algorithm it may name.
type algorithmSpec struct {
	keyword    string
	def, every []string
	dst        func(*algorithms) *[]string
}

func algorithmSpecs() []algorithmSpec {
	sup, insec := xssh.SupportedAlgorithms(), xssh.InsecureAlgorithms()
	pubDef := dedupe(append(slices.Clone(sup.HostKeys), sup.PublicKeyAuths...))
	return []algorithmSpec{
		{"kexalgorithms", sup.KeyExchanges, append(slices.Clone(sup.KeyExchanges), insec.KeyExchanges...),
			func(a *algorithms) *[]string { return &a.kex }},
		{"ciphers", sup.Ciphers, append(slices.Clone(sup.Ciphers), insec.Ciphers...),
			func(a *algorithms) *[]string { return &a.ciphers }},
		{"macs", sup.MACs, append(slices.Clone(sup.MACs), insec.MACs...),
			func(a *algorithms) *[]string { return &a.macs }},
		{"hostkeyalgorithms", sup.HostKeys, append(slices.Clone(sup.HostKeys), insec.HostKeys...),
			func(a *algorithms) *[]string { return &a.hostKeys }},
		{"pubkeyacceptedalgorithms", pubDef, dedupe(append(append(pubDef, insec.HostKeys...), insec.PublicKeyAuths...)),
			func(a *algorithms) *[]string { return &a.pubkey }},
	}
}

// resolveAlgorithms reads the algorithm keywords of ssh_config.
func resolveAlgorithms(cfg *hostConfig) (algorithms, error) {
	var a algorithms
	for _, spec := range algorithmSpecs() {
		v := cfg.get(spec.keyword)
		if spec.keyword == "pubkeyacceptedalgorithms" && v == "" {
			v = cfg.get("pubkeyacceptedkeytypes") // the older name
		}
		if v == "" {
			continue
		}
		list, err := assembleAlgorithms(v, spec.def, spec.every)
		if err != nil {
			return a, fmt.Errorf("ssh_config %s %s: %w", spec.keyword, v, err)
		}
		*spec.dst(&a) = list
		if spec.keyword == "hostkeyalgorithms" && !strings.ContainsAny(v[:1], "+-") {
			a.hostKeysExact = true
		}
	}
	return a, nil
}

// assembleAlgorithms applies an OpenSSH algorithm list to the defaults:
// "+a,b" appends, "-a,b" removes, "^a,b" puts first, and a plain list
// replaces them. Items may be patterns (* and ?) matched against every
// algorithm known; names this client does not implement are left out.
func assembleAlgorithms(spec string, def, every []string) ([]string, error) {
	var out []string
	switch spec[0] {
	case '+':
		out = slices.Clone(def)
		out = append(out, matching(every, spec[1:])...)
	case '-':
		for _, a := range def {
			if !matchPatternList(a, spec[1:], false) {
				out = append(out, a)
			}
		}
	case '^':
		out = matching(every, spec[1:])
		out = append(out, def...)
	default:
		out = matching(every, spec)
	}
	out = dedupe(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("no algorithm this client implements is left (it has %s)", strings.Join(every, ","))
	}
	return out, nil
}

// matching returns, for each comma-separated pattern in order, the
// algorithms of every that it matches.
func matching(every []string, list string) []string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		for _, a := range every {
			if sshpattern.Match(a, p) {
				out = append(out, a)
			}
		}
	}
	return out
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// apply sets the pinned lists on a client config.
func (a algorithms) apply(cfg *xssh.ClientConfig) {
	cfg.KeyExchanges = a.kex
	cfg.Ciphers = a.ciphers
	cfg.MACs = a.macs
}

// hostKeyOrder is the host key algorithms to offer: the pinned list as
// given, or, when the list is the defaults (or edited with + or -), the
// algorithms of the keys known_hosts has for the host first.
func (a algorithms) hostKeyOrder(known []string) []string {
	if a.hostKeysExact {
		return a.hostKeys
	}
	if a.hostKeys == nil {
		return known
	}
	if len(known) == 0 {
		return a.hostKeys
	}
	var first, rest []string
	for _, alg := range a.hostKeys {
		if slices.Contains(known, alg) {
			first = append(first, alg)
		} else {
			rest = append(rest, alg)
		}
	}
	return append(first, rest...)
}

// signerAlgorithms are the signature algorithms a key of type t can use.
func signerAlgorithms(t string) []string {
	switch t {
	case xssh.KeyAlgoRSA:
		return []string{xssh.KeyAlgoRSASHA512, xssh.KeyAlgoRSASHA256, xssh.KeyAlgoRSA}
	case xssh.CertAlgoRSAv01:
		return []string{xssh.CertAlgoRSASHA512v01, xssh.CertAlgoRSASHA256v01, xssh.CertAlgoRSAv01}
	}
	return []string{t}
}

// restrictSigner limits s to the algorithms PubkeyAcceptedAlgorithms
// allows; ok is false when it allows none of the key's.
func (a algorithms) restrictSigner(s xssh.Signer) (xssh.Signer, bool) {
	if a.pubkey == nil {
		return s, true
	}
	var allowed []string
	for _, alg := range signerAlgorithms(s.PublicKey().Type()) {
		if slices.Contains(a.pubkey, alg) {
			allowed = append(allowed, alg)
		}
	}
	if len(allowed) == 0 {
		return nil, false
	}
	as, ok := s.(xssh.AlgorithmSigner)
	if !ok {
		return s, true
	}
	ms, err := xssh.NewSignerWithAlgorithms(as, allowed)
	if err != nil {
		return nil, false
	}
	return ms, true
}
