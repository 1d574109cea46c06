package symbols

//go:generate go tool yaegi extract github.com/opsh/opsh/builtins/secret
