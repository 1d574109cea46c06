package docker_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/opsh/opsh/builtins/docker"
)

// Run a command in a container with a deadline, read its output and a
// file it wrote, then clean up: what docker-py's containers.run(detach=True)
// and wait(timeout=...) are for.
func Example() {
	d, err := docker.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	c, err := d.Run("busybox:local", []string{"sh", "-c", "echo report > /tmp/out; echo done"},
		docker.Name("job"), docker.Memory("64m"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Remove(docker.Force())
	code, err := c.Wait(30 * time.Second)
	if errors.Is(err, docker.ErrTimeout) {
		c.Kill()
		log.Fatal(err)
	}
	logs, _ := c.Logs()
	report, _ := c.ReadFile("/tmp/out")
	fmt.Println(code, logs.Stdout, string(report))
}

// Build an image layer by layer without a Dockerfile: inject a file into a
// created container, commit it with a new default command.
func ExampleContainer_Commit() {
	d, err := docker.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	c, err := d.Create("busybox:local", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Remove()
	c.WriteFile("/srv/index.html", []byte("<h1>hello</h1>\n"), 0o644)
	img, err := c.Commit("local/site:1", docker.Change(`CMD ["httpd", "-f", "-h", "/srv"]`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Ref())
}

func ExampleContainerList_Display() {
	l := docker.ContainerList{
		{ID: "4e8f81843624c0ffee", Image: "busybox:local", Status: "Up 2 minutes", Name: "web"},
		{ID: "9a1b2c3d4e5f60718293", Image: "local/app:step1", Status: "Exited (3) 5 seconds ago", Name: "t1"},
	}
	fmt.Println(l.Display())
	// Output:
	// ID            IMAGE            STATUS                    NAMES
	// 4e8f81843624  busybox:local    Up 2 minutes              web
	// 9a1b2c3d4e5f  local/app:step1  Exited (3) 5 seconds ago  t1
}

// Give an application and its database a network of their own, and the
// database a named volume.
func ExampleClient_CreateNetwork() {
	d, err := docker.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	n, err := d.CreateNetwork("backend", docker.Internal())
	if err != nil {
		log.Fatal(err)
	}
	v, err := d.CreateVolume("pgdata")
	if err != nil {
		log.Fatal(err)
	}
	db, err := d.Run("postgres:16", nil, docker.Name("db"), docker.Network(n.Name), docker.Volume(v.Name+":/var/lib/postgresql/data"))
	if err != nil {
		log.Fatal(err)
	}
	app, err := d.Container("app")
	if err != nil {
		log.Fatal(err)
	}
	if err := n.Connect(app, docker.Alias("api")); err != nil {
		log.Fatal(err)
	}
	fmt.Println(db.Name)
}

// Build an image from a directory with a Dockerfile; the build's steps
// show as they run.
func ExampleClient_Build() {
	d, err := docker.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	img, err := d.Build("./app", docker.Tag("app:1.2"), docker.BuildArg("VERSION", "1.2"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Ref())
}
