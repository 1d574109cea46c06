package ssh

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Inventory makes a group of the hosts in one group of an Ansible
// inventory file, INI or YAML ("all" for every host): Inventory("hosts.ini",
// "webservers"). Child groups count, host ranges (web[01:20].example.com)
// expand, and these variables, from the host or its groups, say how to
// connect: ansible_host, ansible_port, ansible_user,
// ansible_ssh_private_key_file, ansible_password (ansible_ssh_pass),
// ansible_become (run commands through sudo) and ansible_become_user.
func Inventory(file, group string) *Group { return Default().Inventory(file, group) }

// Inventory makes a group from an Ansible inventory; see the package-level
// Inventory.
func (c *Client) Inventory(file, group string) *Group {
	g := &Group{Name: file + " " + group, c: c}
	inv, err := readInventory(c.expand(file))
	if err != nil {
		g.Err = fmt.Errorf("ssh inventory %s: %w", file, err)
		return g
	}
	hosts, err := inv.resolve(group)
	if err != nil {
		g.Err = fmt.Errorf("ssh inventory %s: %w", file, err)
		return g
	}
	for _, h := range hosts {
		g.Targets = append(g.Targets, ansibleTarget(c, h.name, h.vars))
	}
	return g
}

// inventory is an Ansible inventory: groups of hosts with variables.
type inventory struct {
	groups map[string]*invGroup
	order  []string // hosts in the order first seen
}

type invGroup struct {
	hosts    []string
	hostVars map[string]map[string]string
	children []string
	vars     map[string]string
}

type invHost struct {
	name string
	vars map[string]string
}

func (inv *inventory) group(name string) *invGroup {
	g := inv.groups[name]
	if g == nil {
		g = &invGroup{hostVars: map[string]map[string]string{}, vars: map[string]string{}}
		inv.groups[name] = g
	}
	return g
}

func (inv *inventory) addHost(group, host string, vars map[string]string) {
	// "web-1:2222" is web-1 with ansible_port 2222, a host variable.
	if h, p, ok := strings.Cut(host, ":"); ok && !strings.Contains(p, ":") {
		if _, err := strconv.Atoi(p); err == nil {
			host = h
			vars = maps.Clone(vars)
			if vars == nil {
				vars = map[string]string{}
			}
			vars["ansible_port"] = p
		}
	}
	g := inv.group(group)
	if _, ok := g.hostVars[host]; !ok {
		g.hosts = append(g.hosts, host)
		g.hostVars[host] = map[string]string{}
	}
	for k, v := range vars {
		g.hostVars[host][k] = v
	}
	for _, h := range inv.order {
		if h == host {
			return
		}
	}
	inv.order = append(inv.order, host)
}

func readInventory(file string) (*inventory, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	inv := &inventory{groups: map[string]*invGroup{}}
	text := string(b)
	if isYAMLInventory(file, text) {
		err = inv.parseYAML(b)
	} else {
		err = inv.parseINI(text)
	}
	return inv, err
}

func isYAMLInventory(file, text string) bool {
	switch path.Ext(file) {
	case ".yml", ".yaml":
		return true
	case ".ini":
		return false
	}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";") {
			continue
		}
		return l == "---" || (strings.HasSuffix(l, ":") && !strings.HasPrefix(l, "["))
	}
	return false
}

// parseINI reads Ansible's INI inventory format.
func (inv *inventory) parseINI(text string) error {
	section, kind := "ungrouped", "hosts"
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return fmt.Errorf("line %d: bad section %q", n, line)
			}
			section, kind = line[1:len(line)-1], "hosts"
			if i := strings.LastIndex(section, ":"); i >= 0 {
				section, kind = section[:i], section[i+1:]
			}
			inv.group(section)
			continue
		}
		fields, err := splitINI(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		switch kind {
		case "hosts":
			vars := map[string]string{}
			for _, f := range fields[1:] {
				k, v, ok := strings.Cut(f, "=")
				if !ok {
					return fmt.Errorf("line %d: %q is not key=value", n, f)
				}
				vars[k] = v
			}
			names, err := expandRange(fields[0])
			if err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			for _, name := range names {
				inv.addHost(section, name, vars)
			}
		case "children":
			g := inv.group(section)
			g.children = append(g.children, fields[0])
			inv.group(fields[0])
		case "vars":
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				return fmt.Errorf("line %d: %q is not key=value", n, line)
			}
			inv.group(section).vars[strings.TrimSpace(k)] = unquote(strings.TrimSpace(v))
		default:
			return fmt.Errorf("line %d: unknown section kind %q", n, kind)
		}
	}
	return sc.Err()
}

// splitINI splits a host line into fields, honouring quotes in values
// (ansible_ssh_common_args='-o ProxyJump=bastion') and dropping a trailing
// comment.
func splitINI(line string) ([]string, error) {
	var fields []string
	var cur strings.Builder
	var quote rune
	in := false
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == '#' && !in:
			return fields, nil
		case r == ' ' || r == '\t':
			if in {
				fields = append(fields, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", line)
	}
	if in {
		fields = append(fields, cur.String())
	}
	return fields, nil
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// expandRange expands Ansible host ranges: web[01:03] → web01 web02 web03,
// db-[a:c] → db-a db-b db-c, with an optional :step.
func expandRange(pattern string) ([]string, error) {
	i := strings.IndexByte(pattern, '[')
	if i < 0 {
		return []string{pattern}, nil
	}
	j := strings.IndexByte(pattern[i:], ']')
	if j < 0 {
		return nil, fmt.Errorf("bad host range %q", pattern)
	}
	j += i
	parts := strings.Split(pattern[i+1:j], ":")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, fmt.Errorf("bad host range %q", pattern)
	}
	step := 1
	if len(parts) == 3 {
		var err error
		if step, err = strconv.Atoi(parts[2]); err != nil || step <= 0 {
			return nil, fmt.Errorf("bad step in host range %q", pattern)
		}
	}
	var items []string
	lo, err1 := strconv.Atoi(parts[0])
	hi, err2 := strconv.Atoi(parts[1])
	switch {
	case err1 == nil && err2 == nil:
		width := 0
		if strings.HasPrefix(parts[0], "0") {
			width = len(parts[0])
		}
		for n := lo; n <= hi; n += step {
			items = append(items, fmt.Sprintf("%0*d", width, n))
		}
	case len(parts[0]) == 1 && len(parts[1]) == 1:
		for c := parts[0][0]; c <= parts[1][0]; c += byte(step) {
			items = append(items, string(c))
		}
	default:
		return nil, fmt.Errorf("bad host range %q", pattern)
	}
	if len(items) > 100000 {
		return nil, fmt.Errorf("host range %q is too large", pattern)
	}
	var out []string
	for _, it := range items {
		rest, err := expandRange(pattern[j+1:])
		if err != nil {
			return nil, err
		}
		for _, r := range rest {
			out = append(out, pattern[:i]+it+r)
		}
	}
	return out, nil
}

// yamlGroup is a group in Ansible's YAML inventory format.
type yamlGroup struct {
	Hosts    map[string]map[string]any `yaml:"hosts"`
	Vars     map[string]any            `yaml:"vars"`
	Children map[string]*yamlGroup     `yaml:"children"`
}

func (inv *inventory) parseYAML(b []byte) error {
	// Host order matters for display: read the mapping keys in order.
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	var top map[string]*yamlGroup
	if err := doc.Decode(&top); err != nil {
		return err
	}
	var walk func(name string, g *yamlGroup, node *yaml.Node)
	walk = func(name string, g *yamlGroup, node *yaml.Node) {
		grp := inv.group(name)
		if g == nil {
			return
		}
		for k, v := range g.Vars {
			grp.vars[k] = fmt.Sprint(v)
		}
		for _, h := range orderedKeys(node, "hosts") {
			vars := map[string]string{}
			for k, v := range g.Hosts[h] {
				vars[k] = fmt.Sprint(v)
			}
			names, err := expandRange(h)
			if err != nil {
				names = []string{h}
			}
			for _, n := range names {
				inv.addHost(name, n, vars)
			}
		}
		children := childNode(node, "children")
		for _, c := range orderedKeys(node, "children") {
			grp.children = append(grp.children, c)
			walk(c, g.Children[c], childNode(children, c))
		}
	}
	root := doc.Content
	var rootMap *yaml.Node
	if len(root) > 0 {
		rootMap = root[0]
	}
	for _, name := range orderedKeys(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Value: ""}, rootMap}}, "") {
		walk(name, top[name], childNode(rootMap, name))
	}
	return nil
}

// childNode returns the value node of key in a mapping node.
func childNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// orderedKeys returns the keys of the mapping under key in n, in file order
// ("" means n's own value for key "").
func orderedKeys(n *yaml.Node, key string) []string {
	m := childNode(n, key)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var keys []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys = append(keys, m.Content[i].Value)
	}
	return keys
}

// resolve returns the hosts of group (and its children), each with its
// variables merged the way Ansible merges them: group "all", then the other
// groups from the shallowest to the deepest (by name at equal depth), then
// the host's own.
func (inv *inventory) resolve(group string) ([]invHost, error) {
	members := map[string]bool{}
	if group == "all" {
		for _, h := range inv.order {
			members[h] = true
		}
	} else {
		if _, ok := inv.groups[group]; !ok {
			var names []string
			for n := range inv.groups {
				names = append(names, n)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("no group %q (groups: %s)", group, strings.Join(names, ", "))
		}
		seen := map[string]bool{}
		var collect func(string)
		collect = func(name string) {
			if seen[name] {
				return
			}
			seen[name] = true
			g := inv.groups[name]
			for _, h := range g.hosts {
				members[h] = true
			}
			for _, c := range g.children {
				collect(c)
			}
		}
		collect(group)
	}
	depth := inv.depths()
	var out []invHost
	for _, h := range inv.order {
		if !members[h] {
			continue
		}
		var in []string
		for name, g := range inv.groups {
			if inv.contains(name, h, map[string]bool{}) && name != "all" {
				in = append(in, name)
			}
			_ = g
		}
		sort.Slice(in, func(i, j int) bool {
			if depth[in[i]] != depth[in[j]] {
				return depth[in[i]] < depth[in[j]]
			}
			return in[i] < in[j]
		})
		vars := map[string]string{}
		if all := inv.groups["all"]; all != nil {
			for k, v := range all.vars {
				vars[k] = v
			}
		}
		for _, name := range in {
			for k, v := range inv.groups[name].vars {
				vars[k] = v
			}
		}
		for _, name := range append([]string{"all"}, in...) {
			if g := inv.groups[name]; g != nil {
				for k, v := range g.hostVars[h] {
					vars[k] = v
				}
			}
		}
		out = append(out, invHost{name: h, vars: vars})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("group %q has no hosts", group)
	}
	return out, nil
}

func (inv *inventory) contains(group, host string, seen map[string]bool) bool {
	if seen[group] {
		return false
	}
	seen[group] = true
	g := inv.groups[group]
	if g == nil {
		return false
	}
	if _, ok := g.hostVars[host]; ok {
		return true
	}
	for _, c := range g.children {
		if inv.contains(c, host, seen) {
			return true
		}
	}
	return false
}

// depths gives each group its depth below "all" (top-level groups are 1).
func (inv *inventory) depths() map[string]int {
	d := map[string]int{}
	var set func(string, int)
	set = func(name string, n int) {
		if old, ok := d[name]; ok && old >= n {
			return
		}
		d[name] = n
		if g := inv.groups[name]; g != nil && n < 64 {
			for _, c := range g.children {
				set(c, n+1)
			}
		}
	}
	for name := range inv.groups {
		set(name, 1)
	}
	d["all"] = 0
	return d
}

func truthy(v string) bool {
	switch strings.ToLower(v) {
	case "1", "yes", "true", "on", "y":
		return true
	}
	return false
}

// ansibleTarget turns an inventory host and its variables into a target.
func ansibleTarget(c *Client, name string, vars map[string]string) Target {
	t := Target{Name: name}
	if v := vars["ansible_host"]; v != "" {
		t.opts = append(t.opts, HostName(v))
		t.info = append(t.info, "host="+v)
	}
	if v := firstNonEmpty(vars["ansible_port"], vars["ansible_ssh_port"]); v != "" {
		if p, err := strconv.Atoi(v); err == nil {
			t.opts = append(t.opts, Port(p))
			t.info = append(t.info, "port="+v)
		}
	}
	if v := firstNonEmpty(vars["ansible_user"], vars["ansible_ssh_user"]); v != "" {
		t.opts = append(t.opts, User(v))
		t.info = append(t.info, "user="+v)
	}
	if v := vars["ansible_ssh_private_key_file"]; v != "" {
		t.opts = append(t.opts, Key(v))
		t.info = append(t.info, "key="+v)
	}
	if v := firstNonEmpty(vars["ansible_password"], vars["ansible_ssh_pass"]); v != "" {
		t.opts = append(t.opts, Password(v))
		t.info = append(t.info, "password")
	}
	if truthy(vars["ansible_become"]) {
		if u := vars["ansible_become_user"]; u != "" && u != "root" {
			t.opts = append(t.opts, SudoUser(u))
			t.info = append(t.info, "sudo -u "+u)
		} else {
			t.opts = append(t.opts, Sudo())
			t.info = append(t.info, "sudo")
		}
	}
	return t
}

// Roster makes a group of the hosts in a Salt SSH roster file (YAML: an id
// per host with host, port, user, passwd, priv, sudo, timeout), all of
// them or those whose ids match the glob patterns: Roster("roster"),
// Roster("/etc/salt/roster", "web*").
func Roster(file string, patterns ...string) *Group { return Default().Roster(file, patterns...) }

// Roster makes a group from a Salt SSH roster; see the package-level Roster.
func (c *Client) Roster(file string, patterns ...string) *Group {
	g := &Group{Name: file, c: c}
	if len(patterns) > 0 {
		g.Name += " " + strings.Join(patterns, " ")
	}
	b, err := os.ReadFile(c.expand(file))
	if err != nil {
		g.Err = fmt.Errorf("ssh roster: %w", err)
		return g
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		g.Err = fmt.Errorf("ssh roster %s: %w", file, err)
		return g
	}
	type entry struct {
		Host    string `yaml:"host"`
		Port    int    `yaml:"port"`
		User    string `yaml:"user"`
		Passwd  string `yaml:"passwd"`
		Priv    string `yaml:"priv"`
		Sudo    bool   `yaml:"sudo"`
		Timeout int    `yaml:"timeout"`
	}
	var entries map[string]entry
	if err := doc.Decode(&entries); err != nil {
		g.Err = fmt.Errorf("ssh roster %s: %w", file, err)
		return g
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	for _, id := range orderedKeys(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Value: ""}, root}}, "") {
		if len(patterns) > 0 && !matchAny(patterns, id) {
			continue
		}
		e := entries[id]
		t := Target{Name: id}
		if e.Host != "" {
			t.opts = append(t.opts, HostName(e.Host))
			t.info = append(t.info, "host="+e.Host)
		}
		if e.Port != 0 {
			t.opts = append(t.opts, Port(e.Port))
			t.info = append(t.info, "port="+strconv.Itoa(e.Port))
		}
		if e.User != "" {
			t.opts = append(t.opts, User(e.User))
			t.info = append(t.info, "user="+e.User)
		}
		if e.Priv != "" && e.Priv != "agent-forwarding" {
			t.opts = append(t.opts, Key(e.Priv))
			t.info = append(t.info, "key="+e.Priv)
		}
		if e.Passwd != "" {
			t.opts = append(t.opts, Password(e.Passwd))
			t.info = append(t.info, "password")
		}
		if e.Sudo {
			t.opts = append(t.opts, Sudo())
			t.info = append(t.info, "sudo")
		}
		if e.Timeout > 0 {
			t.opts = append(t.opts, ConnectTimeout(time.Duration(e.Timeout)*time.Second))
		}
		g.Targets = append(g.Targets, t)
	}
	if len(g.Targets) == 0 {
		g.Err = fmt.Errorf("ssh roster %s: no hosts match", g.Name)
	}
	return g
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, s); ok {
			return true
		}
	}
	return false
}
