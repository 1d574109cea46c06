package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/internal/version"
	"github.com/opsh/opsh/jupyter"
	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/wire"
)

const kernelUsage = `Usage:
  opsh kernel -f CONNECTION_FILE    run as a Jupyter kernel (what Jupyter starts)
  opsh kernel install [--user | --sys-prefix | --prefix DIR]
                                    install the "opsh (Go)" kernelspec where Jupyter finds it
  opsh kernel uninstall [--user | --sys-prefix | --prefix DIR]

--user (the default) installs for you alone, in $JUPYTER_DATA_DIR or
~/.local/share/jupyter; --sys-prefix into the Python environment that runs
jupyter (for every user of a JupyterHub); --prefix DIR into DIR/share/jupyter.

Flags:
`

// kernelOptions is `opsh kernel`.
type kernelOptions struct {
	connFile string
	noRecord bool
}

// kernelCmd is `opsh kernel`: run the kernel, or install or uninstall its
// kernelspec.
func kernelCmd(ctx context.Context, args []string, std stdio, getenv func(string) string) int {
	if len(args) > 0 && (args[0] == "install" || args[0] == "uninstall") {
		return kernelSpecCmd(args[0], args[1:], std, getenv)
	}
	var opts kernelOptions
	fs := flag.NewFlagSet("opsh kernel", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.StringVar(&opts.connFile, "f", "", "the connection `file` Jupyter wrote")
	fs.BoolVar(&opts.noRecord, "no-record", false, "do not record the kernel's session")
	fs.Usage = func() { fmt.Fprint(std.err, kernelUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if opts.connFile == "" || fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	if err := kernelRun(ctx, opts, std, getenv); err != nil {
		fmt.Fprintln(std.err, "opsh kernel:", err)
		return exitFailed
	}
	return exitOK
}

// kernelRun serves Jupyter until it asks the kernel to shut down. The
// session is recorded as a terminal session is, in the name of the
// JupyterHub user when there is one (a Hub's users may share one Unix
// account).
func kernelRun(ctx context.Context, opts kernelOptions, std stdio, getenv func(string) string) error {
	ci, err := jupyter.ReadConnectionFile(opts.connFile)
	if err != nil {
		return err
	}
	var cfg repl.Config
	stopRecording := func() {}
	if !opts.noRecord {
		stopRecording = record(&cfg, std, getenv)
		if u := getenv("JUPYTERHUB_USER"); u != "" {
			cfg.Recorder.(*lazyRecorder).meta.User = u
		}
	}
	defer stopRecording()
	// The worker starts while the kernel already answers Jupyter.
	var worker atomic.Pointer[wire.Client]
	defer func() {
		if w := worker.Load(); w != nil {
			_ = w.Shutdown(context.Background())
		}
	}()
	// What a cell's goroutines print after it ended reaches the notebook
	// as the stream it was written to.
	var kernel atomic.Pointer[jupyter.Kernel]
	stray := func(ev wire.Event) {
		if st, ok := ev.(*wire.Stream); ok {
			if k := kernel.Load(); k != nil {
				_, _ = k.Output(st.Name).Write([]byte(redact.String(st.Text)))
			}
		}
	}
	startBackend := func() (jupyter.Backend, error) {
		w, err := startWorker(getenv, engine.Config{}, stray)
		if err != nil {
			return nil, err
		}
		worker.Store(w)
		return jupyter.NewREPLBackend(jupyter.REPLConfig{Worker: w, Recorder: cfg.Recorder})
	}
	logger := log.New(std.err, "opsh kernel: ", log.LstdFlags)
	k, err := jupyter.New(jupyter.Config{
		Conn:            ci,
		StartBackend:    startBackend,
		Log:             logger,
		Version:         version.Version,
		LanguageVersion: strings.TrimPrefix(runtime.Version(), "go"),
		Banner:          fmt.Sprintf("opsh %s: Go for operations work (:help for help)", version.Version),
	})
	if err != nil {
		return err
	}
	kernel.Store(k)
	if std.err == os.Stderr {
		logFile, err := k.RedirectStdio()
		if err != nil {
			return err
		}
		logger.SetOutput(logFile)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == os.Interrupt {
					k.Interrupt() // interrupt_mode "signal" and Ctrl-C in a console
					continue
				}
				cancel()
			case <-ctx.Done():
				return
			}
		}
	}()
	return k.Run(ctx)
}

// kernelSpecCmd is `opsh kernel install` and `opsh kernel uninstall`.
func kernelSpecCmd(verb string, args []string, std stdio, getenv func(string) string) int {
	fs := flag.NewFlagSet("opsh kernel "+verb, flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.Bool("user", false, "for the current user (the default)")
	sysPrefix := fs.Bool("sys-prefix", false, "into the Python environment that runs jupyter")
	prefix := fs.String("prefix", "", "into `DIR`/share/jupyter/kernels")
	fs.Usage = func() { fmt.Fprint(std.err, kernelUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	dir, err := kernelsDir(*sysPrefix, *prefix, getenv)
	if err == nil {
		if verb == "install" {
			err = installKernel(dir, std)
		} else {
			var where string
			where, err = jupyter.UninstallKernelSpec(dir)
			if err == nil {
				fmt.Fprintln(std.out, "removed the opsh kernelspec from", where)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(std.err, "opsh kernel %s: %v\n", verb, err)
		return exitFailed
	}
	return exitOK
}

func installKernel(dir string, std stdio) error {
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil {
		return fmt.Errorf("find this program: %w", err)
	}
	where, err := jupyter.InstallKernelSpec(dir, jupyter.NewKernelSpec(self))
	if err != nil {
		return err
	}
	fmt.Fprintln(std.out, "installed the opsh kernelspec in", where)
	return nil
}

// kernelsDir is the kernels folder of the chosen Jupyter data directory.
func kernelsDir(sysPrefix bool, prefix string, getenv func(string) string) (string, error) {
	switch {
	case prefix != "":
		return filepath.Abs(filepath.Join(prefix, "share", "jupyter", "kernels"))
	case sysPrefix:
		p, err := jupyterPrefix()
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	}
	if d := getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Join(d, "kernels"), nil
	}
	data := getenv("XDG_DATA_HOME")
	if data == "" {
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("no HOME to install into (use --prefix DIR)")
		}
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "jupyter", "kernels"), nil
}

// jupyterPrefix is sys.prefix of the Python that runs `jupyter` (read
// from its #! line), else of python3.
func jupyterPrefix() (string, error) {
	python := "python3"
	if j, err := exec.LookPath("jupyter"); err == nil {
		if interp := shebang(j); interp != "" {
			python = interp
		}
	}
	out, err := exec.Command(python, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("ask %s for its sys.prefix: %w (use --prefix DIR)", python, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// shebang is the interpreter a script's #! line names, "" if none.
func shebang(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if !strings.HasPrefix(line, "#!") || len(fields) == 0 {
		return ""
	}
	if filepath.Base(fields[0]) == "env" && len(fields) > 1 {
		return fields[len(fields)-1]
	}
	return fields[0]
}
