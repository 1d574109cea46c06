package jupyter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/opsh/opsh/sessions/export"
)

// KernelName is the kernelspec's directory name: `jupyter kernelspec list`
// shows it, notebooks (and opsh's notebook export) name it in their
// metadata.
const KernelName = export.KernelName

// KernelSpec is the kernel.json Jupyter reads to start a kernel.
type KernelSpec struct {
	Argv        []string `json:"argv"`
	DisplayName string   `json:"display_name"`
	Language    string   `json:"language"`
	// InterruptMode is "message": Jupyter interrupts a cell with an
	// interrupt_request on the control channel, which reaches the kernel
	// wherever it runs (a spawner on another host, a container) and is
	// answered at once; the kernel also stops the cell on SIGINT.
	InterruptMode string         `json:"interrupt_mode"`
	Metadata      map[string]any `json:"metadata,omitempty"`
}

// NewKernelSpec is the spec that starts binary (an absolute path) as
// `binary kernel -f {connection_file}`.
func NewKernelSpec(binary string) KernelSpec {
	return KernelSpec{
		Argv:          []string{binary, "kernel", "-f", "{connection_file}"},
		DisplayName:   export.KernelDisplayName,
		Language:      "go",
		InterruptMode: "message",
	}
}

// InstallKernelSpec writes spec, with the logos, to kernelsDir/opsh and
// returns that directory. kernelsDir is a Jupyter data directory's
// "kernels" folder (~/.local/share/jupyter/kernels, PREFIX/share/jupyter/kernels).
func InstallKernelSpec(kernelsDir string, spec KernelSpec) (string, error) {
	dir := filepath.Join(kernelsDir, KernelName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	js, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	files := map[string][]byte{"kernel.json": append(js, '\n')}
	for _, size := range []int{32, 64} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, Logo(size)); err != nil {
			return "", fmt.Errorf("install kernelspec: logo: %w", err)
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = buf.Bytes()
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return "", fmt.Errorf("install kernelspec: %w", err)
		}
	}
	return dir, nil
}

// UninstallKernelSpec removes kernelsDir/opsh; it is not an error if it
// was not there.
func UninstallKernelSpec(kernelsDir string) (string, error) {
	dir := filepath.Join(kernelsDir, KernelName)
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); errors.Is(err, fs.ErrNotExist) {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, fmt.Errorf("uninstall kernelspec: %w", err)
	}
	return dir, nil
}

// Logo draws opsh's logo at size×size: a shell prompt, "›_", in Go's cyan
// on a dark rounded square.
func Logo(size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bg := color.NRGBA{0x1e, 0x25, 0x2e, 0xff}
	fg := color.NRGBA{0x00, 0xad, 0xd8, 0xff}
	s := float64(size)
	r := s / 6 // corner radius
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			if !inRoundedSquare(px, py, s, r) {
				continue
			}
			img.Set(x, y, bg)
			u, v := px/s, py/s // 0..1
			if chevron(u, v) || (v > 0.66 && v < 0.76 && u > 0.5 && u < 0.8) {
				img.Set(x, y, fg)
			}
		}
	}
	return img
}

func inRoundedSquare(x, y, s, r float64) bool {
	cx := min(max(x, r), s-r)
	cy := min(max(y, r), s-r)
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}

// chevron is the "›" of the prompt: two strokes meeting at (0.5, 0.5).
func chevron(u, v float64) bool {
	const w = 0.075
	if u < 0.2 || u > 0.5 {
		return false
	}
	d := v - 0.5
	if d < 0 {
		d = -d
	}
	return abs(d-(0.5-u)) < w
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
