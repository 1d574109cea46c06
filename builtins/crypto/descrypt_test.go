package crypto

import "testing"

func TestDESCryptKnownVectors(t *testing.T) {
	for _, tc := range []struct{ pw, salt, want string }{
		{"foobar", "SA", "SAEmC5UwrAl2A"}, // glibc crypt(3)
	} {
		got, ok := desCrypt([]byte(tc.pw), tc.salt)
		if !ok || got != tc.want {
			t.Errorf("desCrypt(%q, %q) = %q, %v; want %q", tc.pw, tc.salt, got, ok, tc.want)
		}
	}
}

func TestMD5CryptKnownVectors(t *testing.T) {
	for _, tc := range []struct{ pw, salt, magic, want string }{
		// glibc crypt(3) and Apache htpasswd values.
		{"password", "saltsalt", "$1$", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"},
		{"myPassword", "r31.....", "$apr1$", "$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/"},
	} {
		got := tc.magic + tc.salt + "$" + md5Crypt([]byte(tc.pw), []byte(tc.salt), tc.magic)
		if got != tc.want {
			t.Errorf("md5Crypt(%q, %q, %q) = %q; want %q", tc.pw, tc.salt, tc.magic, got, tc.want)
		}
	}
}
