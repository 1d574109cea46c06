package crypto

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*BoxCipher)(nil)
	_ display.Displayer = (*BoxPrivateKey)(nil)
	_ display.Displayer = (*BoxPublicKey)(nil)
	_ display.Displayer = (*CA)(nil)
	_ display.Displayer = (*Cert)(nil)
	_ display.Displayer = (*FernetCipher)(nil)
	_ display.Displayer = (*PasswordPolicy)(nil)
	_ display.Displayer = (*SSHKeyPair)(nil)
	_ display.Displayer = (*SecretBoxCipher)(nil)
	_ display.Displayer = (*Signer)(nil)
	_ display.Displayer = (*VerifyKey)(nil)
)
