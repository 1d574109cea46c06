#!/usr/bin/python3
"""Regenerate the crypto fixtures: data made by the Python libraries opsh's
users come from, which opsh must accept.

Run with Debian's python3 (python3-cryptography, python3-nacl,
python3-passlib, python3-argon2):

    cd builtins/crypto/testdata && /usr/bin/python3 make_fixtures.py

It writes fixtures.json (Fernet tokens, NaCl boxes and signatures, password
hashes, a passlib policy) and PEM files made the way the DevOps-in-Python
book makes them: py_ca.pem (an RSA CA, TraditionalOpenSSL key +
certificate), py_service.pem (a certificate that CA issued), py_id_ed25519
(an OpenSSH private key), and keygen_id_ed25519 and keygen_id_rsa, made by
ssh-keygen with comments.
"""

import base64
import ctypes
import ctypes.util
import datetime
import hashlib
import json
import os
import subprocess
import time

from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.x509.oid import NameOID
import ipaddress
import nacl.public
import nacl.secret
import nacl.utils
import nacl.signing
import passlib.hash as ph
from passlib.context import CryptContext

# glibc's crypt(3) (libxcrypt), through ctypes: Python's crypt module is
# gone from Python 3.13.
_libcrypt = ctypes.CDLL(ctypes.util.find_library("crypt") or "libcrypt.so.1")
_libcrypt.crypt.restype = ctypes.c_char_p
_libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]


def libc_crypt(password, salt):
    return _libcrypt.crypt(password.encode(), salt.encode()).decode()


def b64(b):
    return base64.b64encode(b).decode()


out = {}

# Fernet ------------------------------------------------------------------
key = Fernet.generate_key()
f = Fernet(key)
old_key = Fernet.generate_key()
now = int(time.time())
out["fernet"] = {
    "key": key.decode(),
    "old_key": old_key.decode(),
    "tokens": [
        {"msg": b64(m), "token": f.encrypt(m).decode()}
        for m in [b"x marks the spot", b"", b"\x00\xff" * 40, "snowman ☃".encode()]
    ],
    # made an hour ago: decrypts without a TTL, expires with one
    "old_token": {"msg": b64(b"stale"), "token": f.encrypt_at_time(b"stale", now - 3600).decode(), "time": now - 3600},
    "old_key_token": {"msg": b64(b"rotated"), "token": Fernet(old_key).encrypt(b"rotated").decode()},
}

# NaCl box and signing -----------------------------------------------------
alice, bob = nacl.public.PrivateKey.generate(), nacl.public.PrivateKey.generate()
msg = b"x marks the spot"
sealed_to = nacl.public.PrivateKey.generate()
out["box"] = {
    "alice_sk": b64(alice.encode()), "alice_pk": b64(alice.public_key.encode()),
    "bob_sk": b64(bob.encode()), "bob_pk": b64(bob.public_key.encode()),
    "msg": b64(msg),
    # from alice to bob
    "ct": b64(bytes(nacl.public.Box(alice, bob.public_key).encrypt(msg))),
    "ct_empty": b64(bytes(nacl.public.Box(alice, bob.public_key).encrypt(b""))),
    "sealed_sk": b64(sealed_to.encode()),
    "sealed_ct": b64(nacl.public.SealedBox(sealed_to.public_key).encrypt(msg)),
}
sbkey = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
out["box"]["secretbox_key"] = b64(sbkey)
out["box"]["secretbox_ct"] = b64(bytes(nacl.secret.SecretBox(sbkey).encrypt(msg)))
sk = nacl.signing.SigningKey.generate()
signed = sk.sign(b"The number you shall count is three")
out["signing"] = {
    "seed": b64(sk.encode()),
    "verify_key": b64(sk.verify_key.encode()),
    "msg": b64(signed.message),
    "signed": b64(bytes(signed)),
    "signature": b64(signed.signature),
}

# Passwords -----------------------------------------------------------------
passwords = ["good password", "", "pässwörd ünïcode", "x" * 100, "12345678extra"]
fast = {
    "argon2": [ph.argon2.using(rounds=1, memory_cost=1024, parallelism=2),
               ph.argon2.using(type="i", rounds=1, memory_cost=1024, parallelism=1),
               ph.argon2.using(type="d", rounds=1, memory_cost=1024, parallelism=1, digest_size=32)],
    "bcrypt": [ph.bcrypt.using(rounds=4), ph.bcrypt.using(rounds=4, ident="2a"), ph.bcrypt.using(rounds=5, ident="2y")],
    "pbkdf2_sha256": [ph.pbkdf2_sha256.using(rounds=1000)],
    "pbkdf2_sha512": [ph.pbkdf2_sha512.using(rounds=1000)],
    "pbkdf2_sha1": [ph.pbkdf2_sha1.using(rounds=1000)],
    "sha512_crypt": [ph.sha512_crypt.using(rounds=5000), ph.sha512_crypt.using(rounds=1000, salt_size=8)],
    "sha256_crypt": [ph.sha256_crypt.using(rounds=5000)],
    "md5_crypt": [ph.md5_crypt],
    "apr_md5_crypt": [ph.apr_md5_crypt],
    "des_crypt": [ph.des_crypt],
}
hashes_out = []
for scheme, handlers in fast.items():
    for h in handlers:
        for pw in passwords:
            if scheme == "des_crypt" and not pw:
                continue
            hashes_out.append({"scheme": scheme, "password": pw, "hash": h.hash(pw), "by": "passlib"})
# One hash at passlib's own defaults per modern scheme.
for scheme, h in [("argon2", ph.argon2), ("bcrypt", ph.bcrypt), ("pbkdf2_sha256", ph.pbkdf2_sha256), ("sha512_crypt", ph.sha512_crypt)]:
    hashes_out.append({"scheme": scheme, "password": "good password", "hash": h.hash("good password"), "by": "passlib-defaults"})
# glibc's crypt(3): des, md5, sha-crypt as in /etc/shadow.
for pw in ["foobar", "good password", "test", "ünïcode"]:
    for salt in ["SA", "ab", "./", "zZ", "$1$saltsalt", "$5$rounds=1000$saltsalt", "$6$saltsalt"]:
        scheme = {"$1": "md5_crypt", "$5": "sha256_crypt", "$6": "sha512_crypt"}.get(salt[:2], "des_crypt")
        hashes_out.append({"scheme": scheme, "password": pw, "hash": libc_crypt(pw, salt), "by": "libc"})
out["passwords"] = {
    "hashes": hashes_out,
    "wrong": "not the password",
    "policy": CryptContext(
        schemes=["argon2", "bcrypt", "pbkdf2_sha256", "sha512_crypt", "md5_crypt", "des_crypt"],
        deprecated=["md5_crypt", "des_crypt"],
    ).to_string(),
    "policy_settings": CryptContext(
        schemes=["bcrypt", "argon2", "pbkdf2_sha256"], default="argon2", deprecated="auto",
        bcrypt__rounds=5, argon2__memory_cost=2048, argon2__rounds=1, argon2__parallelism=1,
        pbkdf2_sha256__rounds=2000, pbkdf2_sha256__min_rounds=1500,
    ).to_string(),
}

# X.509, as the book does it: RSA 2048, TraditionalOpenSSL, key + certificate.
def pem_key(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                           serialization.NoEncryption())

ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
start = datetime.datetime.utcnow() - datetime.timedelta(minutes=5)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Python Test CA")])
ca_cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
           .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
           .serial_number(x509.random_serial_number()).public_key(ca_key.public_key())
           .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
           .sign(private_key=ca_key, algorithm=hashes.SHA256()))
with open("py_ca.pem", "wb") as fout:
    fout.write(pem_key(ca_key) + ca_cert.public_bytes(serialization.Encoding.PEM))
svc_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
svc_cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "service.test.local")]))
            .issuer_name(name).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
            .serial_number(x509.random_serial_number()).public_key(svc_key.public_key())
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("service.test.local"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(private_key=ca_key, algorithm=hashes.SHA256()))
with open("py_service.pem", "wb") as fout:
    fout.write(pem_key(svc_key) + svc_cert.public_bytes(serialization.Encoding.PEM))
out["x509"] = {
    "ca_subject": "CN=Python Test CA",
    "service_fingerprint": svc_cert.fingerprint(hashes.SHA256()).hex(":").upper(),
    "service_names": ["service.test.local", "127.0.0.1"],
    "service_serial": format(svc_cert.serial_number, "x"),
}

# SSH: an OpenSSH-format Ed25519 key, as ssh-keygen writes it today.
ssh_key = ed25519.Ed25519PrivateKey.generate()
with open("py_id_ed25519", "wb") as fout:
    fout.write(ssh_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                     serialization.NoEncryption()))
pub = ssh_key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
blob = base64.b64decode(pub.split()[1])
out["ssh"] = {
    "authorized_key": pub.decode(),
    "fingerprint": "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("="),
}

# ssh-keygen's own keys, with comments: Ed25519 and RSA.
for kind, path in [("ed25519", "keygen_id_ed25519"), ("rsa", "keygen_id_rsa")]:
    for p in (path, path + ".pub"):
        if os.path.exists(p):
            os.remove(p)
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "ops@example " + kind, "-f", path], check=True)
    fp = subprocess.run(["ssh-keygen", "-l", "-E", "sha256", "-f", path + ".pub"], check=True,
                        capture_output=True, text=True).stdout.split()[1]
    with open(path + ".pub") as fin:
        out["ssh"]["keygen_" + kind] = {"authorized_key": fin.read().strip(), "fingerprint": fp}
    os.remove(path + ".pub")

with open("fixtures.json", "w") as fout:
    json.dump(out, fout, indent=1, ensure_ascii=False)
    fout.write("\n")
