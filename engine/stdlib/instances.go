package stdlib

import (
	"crypto/hkdf"
	"crypto/pbkdf2"
	"hash"
	"reflect"
)

// crypto/hkdf and crypto/pbkdf2 export only generic functions. They are
// offered instantiated with hash.Hash, which fits the constructors people
// pass (sha256.New, sha512.New, sha1.New return hash.Hash); a constructor
// returning a concrete type (sha3.New256) needs a wrapper:
// func() hash.Hash { return sha3.New256() }.
func init() {
	onFirstUse(func() {
		symbols["crypto/hkdf/hkdf"] = map[string]reflect.Value{
			"Expand":  reflect.ValueOf(hkdf.Expand[hash.Hash]),
			"Extract": reflect.ValueOf(hkdf.Extract[hash.Hash]),
			"Key":     reflect.ValueOf(hkdf.Key[hash.Hash]),
		}
		symbols["crypto/pbkdf2/pbkdf2"] = map[string]reflect.Value{
			"Key": reflect.ValueOf(pbkdf2.Key[hash.Hash]),
		}
	})
}
