package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/redact"
)

// secretArgs names the calls whose arguments are secrets, by the called
// function's or method's name, and which arguments: a password typed as a
// literal (s.BasicAuth("admin", "hunter2")) is registered before the cell
// is written to the transcript or the history, so that cell is masked too,
// not only the ones after it.
var secretArgs = map[string]struct {
	args []int // -1: every argument
	name string
}{
	"BasicAuth":          {[]int{1}, "password"},
	"Bearer":             {[]int{0}, "bearer token"},
	"Password":           {[]int{0}, "password"},
	"Credentials":        {[]int{1, 2}, "aws secret"},
	"Fernet":             {[]int{-1}, "fernet key"},
	"Hash":               {[]int{0}, "password"},
	"Verify":             {[]int{0}, "password"},
	"VerifyAndUpdate":    {[]int{0}, "password"},
	"AssumeRoleWithSAML": {[]int{2}, "saml assertion"},
	"New":                {[]int{1}, "secret"}, // secret.New(name, plain)
}

// secretEnvName is an environment variable whose value is a secret:
// os.Setenv("AWS_SECRET_ACCESS_KEY", "…").
var secretEnvName = lazyre.New(`(?i)secret|passw|token|api_?key|private|credential`)

// RegisterLiteralSecrets registers the string literals a cell hands to
// secret-taking calls.
func RegisterLiteralSecrets(src string) {
	if !mayHandOverSecret(src) {
		return // most cells: no parse
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", stmtsHeader+src+"\n}", 0)
	if err != nil {
		f, err = parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
		if err != nil {
			return
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var name string
		switch fun := call.Fun.(type) {
		case *ast.Ident:
			name = fun.Name
		case *ast.SelectorExpr:
			name = fun.Sel.Name
		}
		if name == "Setenv" && len(call.Args) == 2 {
			if key, ok := stringLit(call.Args[0]); ok && secretEnvName.MatchString(key) {
				if v, ok := stringLit(call.Args[1]); ok {
					redact.Register(key, []byte(v))
				}
			}
			return true
		}
		spec, ok := secretArgs[name]
		if !ok {
			return true
		}
		for i, a := range call.Args {
			if !wanted(spec.args, i) {
				continue
			}
			if v, ok := stringLit(a); ok {
				redact.Register(spec.name, []byte(v))
			}
		}
		return true
	})
}

// mayHandOverSecret is a cheap test that src has a string literal and calls
// something named in secretArgs, or Setenv.
func mayHandOverSecret(src string) bool {
	if !strings.ContainsAny(src, "\"`") {
		return false
	}
	if strings.Contains(src, "Setenv(") {
		return true
	}
	for name := range secretArgs {
		if strings.Contains(src, name+"(") {
			return true
		}
	}
	return false
}

func wanted(args []int, i int) bool {
	for _, a := range args {
		if a == i || a == -1 {
			return true
		}
	}
	return false
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
