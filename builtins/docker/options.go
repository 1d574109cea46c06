package docker

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	units "github.com/docker/go-units"

	"github.com/opsh/opsh/builtins/secret"
)

// Option adjusts one call: docker.Name("t1") and docker.Env("A=1") for Run
// and Create, docker.All() for Containers and Images, docker.Force() for
// Remove and RemoveImage, docker.Tail(100) for Logs. Each call says which
// options it takes; passing one that does not apply is an error, not a
// silent no-op.
type Option struct {
	name  string
	uses  use
	apply func(*settings) error
}

// use is the set of calls an option applies to.
type use uint

const (
	useCreate     use = 1 << iota // Run, Create
	useList                       // Containers, Images
	useRemove                     // Remove, RemoveImage
	useStop                       // Stop, Restart
	useKill                       // Kill, Stop
	useLogs                       // Logs, Follow
	useExec                       // ExecWith
	useCommit                     // Commit
	useConnect                    // Connect
	useNetwork                    // CreateNetwork
	useVolume                     // CreateVolume
	useNetConnect                 // NetworkInfo.Connect
	useBuild                      // Build
)

var useNames = map[use]string{
	useCreate:     "Run/Create",
	useList:       "Containers/Images",
	useRemove:     "Remove/RemoveImage",
	useStop:       "Stop/Restart",
	useKill:       "Kill",
	useLogs:       "Logs/Follow",
	useExec:       "ExecWith",
	useCommit:     "Commit",
	useConnect:    "Connect",
	useNetwork:    "CreateNetwork",
	useVolume:     "CreateVolume",
	useNetConnect: "NetworkInfo.Connect",
	useBuild:      "Build",
}

// String names the option, as errors show it.
func (o Option) String() string { return "docker." + o.name }

// settings collects what the options of one call ask for.
type settings struct {
	// Run, Create
	name       string
	env        []string
	memory     int64
	nanoCPUs   int64
	workdir    string
	user       string
	labels     map[string]string
	binds      []string
	network    string
	entrypoint []string
	entrySet   bool
	hostname   string
	autoRemove bool
	tty        bool
	restart    string
	// Containers, Images
	all     bool
	filters []string
	// Remove, RemoveImage
	force   bool
	volumes bool
	// Stop, Restart, Kill
	timeout *time.Duration
	signal  string
	// Logs, Follow
	tail       int
	tailSet    bool
	since      time.Duration
	timestamps bool
	// ExecWith
	stdin io.Reader
	// Commit
	message string
	author  string
	changes []string
	pause   bool
	// Connect
	certDir string
	// CreateNetwork, CreateVolume, NetworkInfo.Connect
	driver   string
	internal bool
	aliases  []string
	// Build
	tags       []string
	buildArgs  map[string]*string
	dockerfile string
	noCache    bool
}

// collect applies opts for the call op, which accepts the options in u.
func collect(op string, u use, opts []Option) (*settings, error) {
	s := &settings{pause: true}
	for _, o := range opts {
		if o.apply == nil {
			return nil, fmt.Errorf("docker %s: empty option (use the docker.X constructors)", op)
		}
		if o.uses&u == 0 {
			return nil, fmt.Errorf("docker %s: option %s does not apply here (it is for %s)", op, o, o.usesString())
		}
		if err := o.apply(s); err != nil {
			return nil, fmt.Errorf("docker %s: %s: %w", op, o, err)
		}
	}
	return s, nil
}

func (o Option) usesString() string {
	var names []string
	for bit := useCreate; bit <= useBuild; bit <<= 1 {
		if o.uses&bit != 0 {
			names = append(names, useNames[bit])
		}
	}
	return strings.Join(names, ", ")
}

func option(name string, u use, f func(*settings) error) Option {
	return Option{name: name, uses: u, apply: f}
}

// Name names the container (Run, Create), as docker run --name does.
func Name(name string) Option {
	return option("Name", useCreate, func(s *settings) error {
		s.name = strings.TrimPrefix(name, "/")
		return nil
	})
}

// Env sets environment variables, each "KEY=value" (Run, Create, ExecWith).
// It may be given several times.
func Env(vars ...string) Option {
	return option("Env", useCreate|useExec, func(s *settings) error {
		for _, v := range vars {
			if !strings.Contains(v, "=") {
				return fmt.Errorf("%q is not KEY=value", v)
			}
		}
		s.env = append(s.env, vars...)
		return nil
	})
}

// EnvSecret sets the environment variable name to a secret: a
// secret.Value, or a string or []byte that becomes one named name (Run,
// Create, ExecWith). The value is registered with package secret, so a
// transcript shows «redacted:NAME» wherever it appears (in Inspect's Env,
// in output).
func EnvSecret(name string, value any) Option {
	return option("EnvSecret", useCreate|useExec, func(s *settings) error {
		if name == "" || strings.Contains(name, "=") {
			return fmt.Errorf("bad variable name %q", name)
		}
		v, err := secret.From(name, value)
		if err != nil {
			return err
		}
		s.env = append(s.env, name+"="+string(v.Reveal()))
		return nil
	})
}

// Stdin feeds data to the command's standard input, then closes it
// (ExecWith): a string, []byte or io.Reader.
func Stdin(data any) Option {
	return option("Stdin", useExec, func(s *settings) error {
		switch v := data.(type) {
		case string:
			s.stdin = strings.NewReader(v)
		case []byte:
			s.stdin = bytes.NewReader(v)
		case io.Reader:
			s.stdin = v
		default:
			return fmt.Errorf("cannot read %T: pass a string, []byte or io.Reader", data)
		}
		return nil
	})
}

// Memory limits the container's memory, in docker's notation: "64m",
// "1g", "512k" or a number of bytes (Run, Create).
func Memory(limit string) Option {
	return option("Memory", useCreate, func(s *settings) error {
		n, err := units.RAMInBytes(limit)
		if err != nil {
			return err
		}
		if n <= 0 {
			return fmt.Errorf("memory limit %q must be positive", limit)
		}
		s.memory = n
		return nil
	})
}

// CPUs limits the container to n CPUs, fractions allowed: 0.5 (Run, Create).
func CPUs(n float64) Option {
	return option("CPUs", useCreate, func(s *settings) error {
		if n <= 0 {
			return fmt.Errorf("%v CPUs: must be positive", n)
		}
		s.nanoCPUs = int64(n * 1e9)
		return nil
	})
}

// Workdir sets the working directory of the process (Run, Create, ExecWith).
func Workdir(dir string) Option {
	return option("Workdir", useCreate|useExec, func(s *settings) error { s.workdir = dir; return nil })
}

// User runs the process as user ("nobody", "1000", "1000:1000") (Run,
// Create, ExecWith).
func User(user string) Option {
	return option("User", useCreate|useExec, func(s *settings) error { s.user = user; return nil })
}

// Label sets a label on the container, network, volume or image made (Run,
// Create, CreateNetwork, CreateVolume, Build); on Containers, Images,
// Networks and Volumes it filters by label ("key" or "key=value" in value's
// place: pass value "" to match any value).
func Label(key, value string) Option {
	return option("Label", useCreate|useList|useNetwork|useVolume|useBuild, func(s *settings) error {
		if s.labels == nil {
			s.labels = map[string]string{}
		}
		s.labels[key] = value
		f := "label=" + key
		if value != "" {
			f += "=" + value
		}
		s.filters = append(s.filters, f)
		return nil
	})
}

// Volume mounts a host path or a named volume: "/srv/data:/data",
// "/etc/app:/etc/app:ro", "cache:/var/cache" (Run, Create), as docker run -v.
func Volume(spec string) Option {
	return option("Volume", useCreate, func(s *settings) error {
		if strings.Count(spec, ":") < 1 {
			return fmt.Errorf("%q is not SOURCE:TARGET[:ro]", spec)
		}
		s.binds = append(s.binds, spec)
		return nil
	})
}

// Network attaches the container to a network: "none", "host", a network
// name (Run, Create), or runs a build's RUN steps on it (Build). The
// default is the engine's default bridge.
func Network(name string) Option {
	return option("Network", useCreate|useBuild, func(s *settings) error { s.network = name; return nil })
}

// Entrypoint replaces the image's entrypoint; Entrypoint() clears it
// (Run, Create).
func Entrypoint(argv ...string) Option {
	return option("Entrypoint", useCreate, func(s *settings) error {
		s.entrypoint = append([]string{}, argv...)
		s.entrySet = true
		return nil
	})
}

// Hostname sets the container's host name (Run, Create).
func Hostname(name string) Option {
	return option("Hostname", useCreate, func(s *settings) error { s.hostname = name; return nil })
}

// AutoRemove has the engine remove the container when it exits, as
// docker run --rm (Run, Create). Wait still reports its exit code.
func AutoRemove() Option {
	return option("AutoRemove", useCreate, func(s *settings) error { s.autoRemove = true; return nil })
}

// TTY gives the process a terminal; its output then comes as one stream
// (Run, Create).
func TTY() Option {
	return option("TTY", useCreate, func(s *settings) error { s.tty = true; return nil })
}

// Restart sets the restart policy: "no", "always", "unless-stopped",
// "on-failure" or "on-failure:N" (Run, Create).
func Restart(policy string) Option {
	return option("Restart", useCreate, func(s *settings) error {
		name, n, _ := strings.Cut(policy, ":")
		switch name {
		case "no", "always", "unless-stopped":
			if n != "" {
				return fmt.Errorf("restart policy %q takes no count", name)
			}
		case "on-failure":
			if n != "" {
				if _, err := strconv.Atoi(n); err != nil {
					return fmt.Errorf("restart policy %q: bad count", policy)
				}
			}
		default:
			return fmt.Errorf("unknown restart policy %q (no, always, unless-stopped, on-failure[:N])", policy)
		}
		s.restart = policy
		return nil
	})
}

// All lists stopped containers too (Containers), or intermediate images
// (Images).
func All() Option {
	return option("All", useList, func(s *settings) error { s.all = true; return nil })
}

// Filter adds an engine-side filter, as docker ps --filter: "status=exited",
// "name=web", "ancestor=busybox:local", "dangling=true" (Containers, Images).
func Filter(filter string) Option {
	return option("Filter", useList, func(s *settings) error {
		if !strings.Contains(filter, "=") {
			return fmt.Errorf("%q is not KEY=value", filter)
		}
		s.filters = append(s.filters, filter)
		return nil
	})
}

// Force removes a running container (Remove), an image still in use or
// with several tags (RemoveImage), a volume in use (VolumeInfo.Remove), or
// detaches a container that is not running (NetworkInfo.Disconnect).
func Force() Option {
	return option("Force", useRemove, func(s *settings) error { s.force = true; return nil })
}

// Volumes also removes the container's anonymous volumes (Remove).
func Volumes() Option {
	return option("Volumes", useRemove, func(s *settings) error { s.volumes = true; return nil })
}

// Timeout is how long Stop and Restart wait after the stop signal before
// killing the process (default: the container's own, usually 10s).
func Timeout(d time.Duration) Option {
	return option("Timeout", useStop, func(s *settings) error {
		if d < 0 {
			return fmt.Errorf("negative timeout %s", d)
		}
		s.timeout = &d
		return nil
	})
}

// Signal is the signal Kill sends ("HUP", "SIGUSR1", "9"; default KILL), or
// the one Stop sends first (default the image's, usually TERM).
func Signal(sig string) Option {
	return option("Signal", useKill|useStop, func(s *settings) error { s.signal = sig; return nil })
}

// Tail keeps only the last n lines of each stream (Logs, Follow).
func Tail(n int) Option {
	return option("Tail", useLogs, func(s *settings) error {
		if n < 0 {
			return fmt.Errorf("negative line count %d", n)
		}
		s.tail, s.tailSet = n, true
		return nil
	})
}

// Since keeps only log lines from the last d (Logs, Follow).
func Since(d time.Duration) Option {
	return option("Since", useLogs, func(s *settings) error {
		if d <= 0 {
			return fmt.Errorf("duration %s must be positive", d)
		}
		s.since = d
		return nil
	})
}

// Timestamps prefixes each log line with its RFC 3339 time (Logs, Follow).
func Timestamps() Option {
	return option("Timestamps", useLogs, func(s *settings) error { s.timestamps = true; return nil })
}

// Message sets the commit message of the new image (Commit).
func Message(msg string) Option {
	return option("Message", useCommit, func(s *settings) error { s.message = msg; return nil })
}

// Author sets the author of the new image (Commit).
func Author(author string) Option {
	return option("Author", useCommit, func(s *settings) error { s.author = author; return nil })
}

// Change applies a Dockerfile instruction to the new image's config, as
// docker commit --change: `CMD ["httpd", "-f"]`, "ENV A=1", "WORKDIR /srv",
// "EXPOSE 80" (Commit).
func Change(instruction string) Option {
	return option("Change", useCommit, func(s *settings) error {
		s.changes = append(s.changes, instruction)
		return nil
	})
}

// NoPause commits without pausing the container first (Commit).
func NoPause() Option {
	return option("NoPause", useCommit, func(s *settings) error { s.pause = false; return nil })
}

// TLSCerts makes Connect use TLS with the ca.pem, cert.pem and key.pem in
// dir, verifying the engine's certificate against ca.pem.
func TLSCerts(dir string) Option {
	return option("TLSCerts", useConnect, func(s *settings) error { s.certDir = dir; return nil })
}

// Driver chooses the network driver ("bridge", the default; "macvlan",
// "overlay"...) or the volume driver ("local") (CreateNetwork,
// CreateVolume).
func Driver(name string) Option {
	return option("Driver", useNetwork|useVolume, func(s *settings) error { s.driver = name; return nil })
}

// Internal makes a network with no route to the outside (CreateNetwork).
func Internal() Option {
	return option("Internal", useNetwork, func(s *settings) error { s.internal = true; return nil })
}

// Alias gives a container another DNS name on the network it is connected
// to (NetworkInfo.Connect).
func Alias(names ...string) Option {
	return option("Alias", useNetConnect, func(s *settings) error {
		s.aliases = append(s.aliases, names...)
		return nil
	})
}

// Tag names the image a build makes, "app:1.2" (Build); it may be given
// several times.
func Tag(ref string) Option {
	return option("Tag", useBuild, func(s *settings) error {
		if ref == "" {
			return fmt.Errorf("empty tag")
		}
		s.tags = append(s.tags, ref)
		return nil
	})
}

// BuildArg sets a build-time variable declared with ARG in the Dockerfile
// (Build), as docker build --build-arg.
func BuildArg(name, value string) Option {
	return option("BuildArg", useBuild, func(s *settings) error {
		if s.buildArgs == nil {
			s.buildArgs = map[string]*string{}
		}
		s.buildArgs[name] = &value
		return nil
	})
}

// Dockerfile names the Dockerfile inside the build context (Build; default
// "Dockerfile").
func Dockerfile(path string) Option {
	return option("Dockerfile", useBuild, func(s *settings) error { s.dockerfile = path; return nil })
}

// NoCache builds every step anew (Build).
func NoCache() Option {
	return option("NoCache", useBuild, func(s *settings) error { s.noCache = true; return nil })
}
