// Package docker drives a Docker engine through its API from the opsh
// prompt: what docker-py does for Python, with the calls that the docker
// CLI makes awkward — wait with a timeout, read a file out of a container,
// inject a config file before start, build images layer by layer without a
// Dockerfile.
//
// # Connecting
//
// FromEnv connects the way the docker CLI does: DOCKER_HOST (unix://,
// tcp:// or ssh://), DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, else the
// current docker context, else /var/run/docker.sock. Connect names an
// engine explicitly. An ssh:// engine is reached as the docker CLI reaches
// it, by `docker system dial-stdio` on the far side, over opsh's own ssh
// (~/.ssh/config, the agent, known_hosts checked).
// Nothing is dialled until the first call, which negotiates the API version
// down to the engine's (Debian's docker.io 20.10 speaks 1.41).
//
//	d, err := docker.FromEnv()
//	d.Ping()                 // ok: unix:///var/run/docker.sock, API 1.41 (linux), 412µs
//	d.Containers()           // running ones, as a table; docker.All() for all
//	d.Info()                 // the engine and its host, as docker info
//
// # Containers
//
// Run creates and starts a container, detached; Create only creates it,
// so files can go in before Start. Options read like docker run's flags:
//
//	c, err := d.Run("busybox:local", []string{"sh", "-c", "echo hi; exit 3"},
//		docker.Name("t1"), docker.Env("A=1"), docker.Memory("64m"))
//	code, err := c.Wait(10 * time.Second) // 3; on timeout an ErrTimeout error, the container left running
//	c.Logs()                              // stdout and stderr, apart and interleaved
//	c.Follow()                            // stream until it exits, or Ctrl-C
//
//	r, err := c.Exec("ls", "/")           // r.Stdout, r.Stderr, r.ExitCode
//	c.ExecWith([]string{"sh"}, docker.Stdin(script), docker.User("app"))
//	c.Top()                               // processes, as a table
//	c.Stats()                             // CPU, memory, I/O; d.Stats() for all, as a table
//	c.Stop(); c.Kill(); c.Remove()        // c.Remove(docker.Force()) for a running one
//
// A password for the container goes in with docker.EnvSecret("DB_PASSWORD",
// v): it is registered with package secret, so transcripts mask it.
//
// Run does not pull: a missing image is an error that says to d.Pull it.
// Containers returns handles: for _, c := range list { c.Stop() } works.
//
// # Files
//
//	c2, err := d.Create("busybox:local", []string{"httpd", "-f"})
//	c2.WriteFile("/etc/app.conf", data, 0o644)   // before start; parents created
//	c2.PutArchive("/srv", tarReader)            // a tar stream into a directory
//	c2.Start()
//	b, err := c.ReadFile("/etc/hostname")
//	c.GetArchive("/etc", "./etc-copy")          // a directory, copied here
//
// GetArchive never writes outside its target: entries named with ../ or an
// absolute path stop the copy (ErrUnsafePath), and symbolic links that
// would point outside the copy — /etc/mtab -> /proc/mounts is in every
// container — are not created but listed in the result's Skipped.
//
// # Images
//
//	c.Diff()                                    // what the next layer would hold
//	img, err := c.Commit("local/app:step1", docker.Change(`CMD ["httpd", "-f"]`))
//	d.Images()                                  // a table, one row per tag
//	d.Pull("debian:bookworm")                   // with a progress bar
//	d.Import("rootfs.tar", "local/base:1")
//	d.Tag("local/base:1", "local/base:stable")
//	d.RemoveImage("local/base:1")
//
// Build builds from a directory (less what its .dockerignore excludes) or a
// tar of one, streaming the build's steps to the cell's output:
//
//	img, err := d.Build("./app", docker.Tag("app:1.2"), docker.BuildArg("VERSION", "1.2"))
//
// # Networks and volumes
//
//	n, err := d.CreateNetwork("backend", docker.Internal())
//	n.Connect(c, docker.Alias("db")); n.Disconnect(c)
//	d.Networks(); d.Network("backend"); n.Remove()
//	v, err := d.CreateVolume("pgdata")
//	d.Run("postgres:16", nil, docker.Network("backend"), docker.Volume("pgdata:/var/lib/postgresql/data"))
//	d.Volumes(); d.Volume("pgdata"); v.Remove()
//
// Pull uses the credentials docker login stored ($DOCKER_CONFIG/config.json,
// its credential helpers); they are registered as secrets so they
// never show in a transcript.
//
// # Errors and interruption
//
// Every call runs under the cell's context: Ctrl-C stops a Wait, a Follow,
// a Pull (ErrInterrupted), not the container. Errors name the operation,
// the container or image, and what the engine said:
//
//	docker remove t1: You cannot remove a running container 4e8f… Stop the container before attempting removal or force remove
//	Try: c.Remove(docker.Force())
//
// They match ErrNotFound, ErrConflict, ErrTimeout, ErrInterrupted and
// ErrUnsafePath with errors.Is. Library users pass their own context with
// d.WithContext(ctx) or c.WithContext(ctx).
package docker
