#!/usr/bin/python3
"""Check what opsh made with the Python libraries its users come from.

The Go test TestPythonAcceptsOpsh runs this with Debian's python3: it
reads a JSON object on stdin (tokens, boxes, signatures, hashes and paths of
certificate and key files that opsh made) and writes a JSON object mapping
each check's name to "ok" or to what went wrong.
"""

import base64
import ctypes
import ctypes.util
import json
import ssl
import sys

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.signing
from passlib.context import CryptContext

# glibc's crypt(3) (libxcrypt), through ctypes: Python's crypt module is
# gone from Python 3.13.
_libcrypt = ctypes.CDLL(ctypes.util.find_library("crypt") or "libcrypt.so.1")
_libcrypt.crypt.restype = ctypes.c_char_p
_libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]


def libc_crypt(password, salt):
    return _libcrypt.crypt(password.encode(), salt.encode()).decode()

data = json.load(sys.stdin)
results = {}


def check(name):
    def wrap(fn):
        try:
            r = fn()
            results[name] = "ok" if r is None or r is True else "failed: %r" % (r,)
        except Exception as e:  # report, never crash: the Go test names the check
            results[name] = "error: %s: %s" % (type(e).__name__, e)
    return wrap


def unb64(s):
    return base64.b64decode(s)


# Fernet --------------------------------------------------------------------
fd = data["fernet"]


@check("fernet: tokens decrypt")
def _():
    f = Fernet(fd["key"].encode())
    for t in fd["tokens"]:
        got = f.decrypt(t["token"].encode(), ttl=3600)
        if got != unb64(t["msg"]):
            return "token %s decrypted to %r" % (t["token"][:12], got)


@check("fernet: old token expires")
def _():
    f = Fernet(fd["key"].encode())
    if f.decrypt(fd["old_token"].encode()) != b"stale":
        return "old token did not decrypt without a ttl"
    try:
        f.decrypt(fd["old_token"].encode(), ttl=5)
    except InvalidToken:
        return None
    return "an hour-old token passed ttl=5"


@check("fernet: timestamp")
def _():
    return Fernet(fd["key"].encode()).extract_timestamp(fd["old_token"].encode()) == fd["old_time"]


# NaCl ------------------------------------------------------------------------
bd = data["box"]


@check("box: decrypts")
def _():
    bob = nacl.public.PrivateKey(unb64(bd["bob_sk"]))
    alice_pk = nacl.public.PublicKey(unb64(bd["alice_pk"]))
    if bytes(bob.public_key) != unb64(bd["bob_pk"]):
        return "public key derived by PyNaCl differs"
    return nacl.public.Box(bob, alice_pk).decrypt(unb64(bd["ct"])) == unb64(bd["msg"])


@check("box: tampered rejected")
def _():
    bob = nacl.public.PrivateKey(unb64(bd["bob_sk"]))
    alice_pk = nacl.public.PublicKey(unb64(bd["alice_pk"]))
    ct = bytearray(unb64(bd["ct"]))
    ct[-1] ^= 1
    try:
        nacl.public.Box(bob, alice_pk).decrypt(bytes(ct))
    except nacl.exceptions.CryptoError:
        return None
    return "tampered box decrypted"


@check("box: sealed")
def _():
    sk = nacl.public.PrivateKey(unb64(bd["bob_sk"]))
    return nacl.public.SealedBox(sk).decrypt(unb64(bd["sealed_ct"])) == unb64(bd["msg"])


@check("box: secret box")
def _():
    box = nacl.secret.SecretBox(unb64(bd["secretbox_key"]))
    return box.decrypt(unb64(bd["secretbox_ct"])) == unb64(bd["msg"])


sd = data["signing"]


@check("signing: verifies")
def _():
    sk = nacl.signing.SigningKey(unb64(sd["seed"]))
    vk = nacl.signing.VerifyKey(unb64(sd["verify_key"]))
    if bytes(sk.verify_key) != bytes(vk):
        return "verify key derived by PyNaCl differs"
    if vk.verify(unb64(sd["signed"])) != unb64(sd["msg"]):
        return "signed message verified to another message"
    vk.verify(unb64(sd["msg"]), unb64(sd["signature"]))
    return bytes(sk.sign(unb64(sd["msg"]))) == unb64(sd["signed"])


@check("signing: forgery rejected")
def _():
    vk = nacl.signing.VerifyKey(unb64(sd["verify_key"]))
    bad = bytearray(unb64(sd["signed"]))
    bad[-1] ^= 1
    try:
        vk.verify(bytes(bad))
    except nacl.exceptions.BadSignatureError:
        return None
    return "forged message verified"


# Passwords -------------------------------------------------------------------
pd = data["passwords"]


@check("passwords: policy string loads")
def _():
    ctx = CryptContext.from_string(pd["policy"])
    if list(ctx.schemes()) != pd["schemes"]:
        return "schemes %r, want %r" % (ctx.schemes(), pd["schemes"])
    deprecated = list(ctx.to_dict().get("deprecated", []))
    return deprecated == pd["deprecated"] or "deprecated %r, want %r" % (deprecated, pd["deprecated"])


@check("passwords: settings carry over")
def _():
    ctx = CryptContext.from_string(pd["tuned"])
    h = ctx.hash("good password")
    if not h.startswith(pd["tuned_prefix"]):
        return "passlib hashed %s with the policy, want %s…" % (h, pd["tuned_prefix"])
    a = ctx.hash("good password", scheme="argon2")
    if "$m=2048,t=3," not in a:
        return "argon2 settings not applied: %s" % a
    return not ctx.needs_update(h) or "passlib wants to update its own fresh hash %s" % h


@check("passwords: hashes verify")
def _():
    ctx = CryptContext(schemes=pd["all_schemes"])
    bad = []
    for h in pd["hashes"]:
        scheme = ctx.identify(h["hash"])
        if scheme != h["scheme"]:
            bad.append("%s identified as %s, want %s" % (h["hash"], scheme, h["scheme"]))
        elif not ctx.verify(h["password"], h["hash"]):
            bad.append("%s does not verify %r" % (h["hash"], h["password"]))
        elif ctx.verify("not the password", h["hash"]):
            bad.append("%s verifies a wrong password" % h["hash"])
        elif h["scheme"] in ("des_crypt", "md5_crypt", "sha512_crypt", "sha256_crypt"):
            if libc_crypt(h["password"], h["hash"]) != h["hash"]:
                bad.append("glibc crypt(3) disagrees on %s" % h["hash"])
    return "; ".join(bad) or None


@check("passwords: opsh's hashes need no update in passlib")
def _():
    ctx = CryptContext.from_string(pd["policy"])
    for h in pd["fresh"]:
        if ctx.needs_update(h):
            return "passlib wants to update %s" % h


# X.509 -------------------------------------------------------------------------
xd = data["x509"]


def load_pem(path):
    with open(path, "rb") as f:
        blob = f.read()
    key = serialization.load_pem_private_key(blob, password=None)
    cert = x509.load_pem_x509_certificate(blob)
    return key, cert


def verify_signed_by(cert, issuer):
    pub = issuer.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        pub.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
    elif isinstance(pub, ec.EllipticCurvePublicKey):
        pub.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
    elif isinstance(pub, ed25519.Ed25519PublicKey):
        pub.verify(cert.signature, cert.tbs_certificate_bytes)
    else:
        raise ValueError("unknown key %r" % pub)


def same_key(key, cert):
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return key.public_key().public_bytes(*fmt) == cert.public_key().public_bytes(*fmt)


@check("x509: CA")
def _():
    key, ca = load_pem(xd["ca"])
    if not same_key(key, ca):
        return "CA key does not match its certificate"
    bc = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    if not (bc.critical and bc.value.ca):
        return "no critical CA basic constraint"
    verify_signed_by(ca, ca)
    cn = ca.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)[0].value
    return cn == xd["ca_name"] or "CN %r" % cn


@check("x509: service certificate")
def _():
    _, ca = load_pem(xd["ca"])
    key, cert = load_pem(xd["service"])
    if not same_key(key, cert):
        return "service key does not match its certificate"
    verify_signed_by(cert, ca)
    if cert.issuer != ca.subject:
        return "issuer %s is not the CA's subject %s" % (cert.issuer, ca.subject)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    names = san.get_values_for_type(x509.DNSName) + [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    if names != xd["names"]:
        return "SANs %r, want %r" % (names, xd["names"])
    if cert.fingerprint(hashes.SHA256()).hex(":").upper() != xd["fingerprint"]:
        return "fingerprint differs"
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    return aki == ski or "authority key id does not match the CA's subject key id"


@check("x509: TLS handshake with hostname check")
def _():
    # Python's ssl module: a server with service.pem, a client trusting
    # only ca.pem, over memory BIOs: no network.
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(xd["service"])
    client_ctx = ssl.create_default_context(cafile=xd["ca"])
    for host in ("service.test.local", "127.0.0.1"):
        c_in, c_out, s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
        client = client_ctx.wrap_bio(c_in, c_out, server_hostname=host)
        server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
        done = [False, False]
        for _ in range(20):
            for i, (end, out, peer_in) in enumerate(((client, c_out, s_in), (server, s_out, c_in))):
                if not done[i]:
                    try:
                        end.do_handshake()
                        done[i] = True
                    except ssl.SSLWantReadError:
                        pass
                data_out = out.read()
                if data_out:
                    peer_in.write(data_out)
            if all(done):
                break
        if not all(done):
            return "handshake for %s did not finish" % host
    return None


# SSH ---------------------------------------------------------------------------
kd = data["ssh"]


@check("ssh: private key loads")
def _():
    with open(kd["private"], "rb") as f:
        key = serialization.load_ssh_private_key(f.read(), password=None)
    pub = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    return kd["authorized_key"].startswith(pub) or "public key %s, want %s" % (pub, kd["authorized_key"])


json.dump(results, sys.stdout, indent=1)
