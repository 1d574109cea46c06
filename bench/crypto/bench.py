#!/usr/bin/python3
"""Time in Python (cryptography, PyNaCl, passlib) the operations that
builtins/crypto's Go benchmarks time, with the same sizes and settings.
Prints "Name ns/op" lines; compare.sh runs both and prints the ratios."""

import datetime
import sys
import time

from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
import ipaddress
import nacl.public
import nacl.signing
import passlib.hash as ph

budget = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0  # seconds per benchmark
only = set(sys.argv[2:])  # names to run; all when none are given


def bench(name, fn):
    if only and name not in only:
        return
    fn()  # warm up
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget and n >= 1:
            break
    print("%s %d" % (name, elapsed / n * 1e9), flush=True)


msg = b"opsh" * 256
f = Fernet(Fernet.generate_key())
tok = f.encrypt(msg)
bench("FernetEncrypt1K", lambda: f.encrypt(msg))
bench("FernetDecrypt1K", lambda: f.decrypt(tok))

sk, peer = nacl.public.PrivateKey.generate(), nacl.public.PrivateKey.generate()
ct = nacl.public.Box(sk, peer.public_key).encrypt(msg)
bench("BoxEncrypt1K", lambda: nacl.public.Box(sk, peer.public_key).encrypt(msg))
bench("BoxDecrypt1K", lambda: nacl.public.Box(peer, sk.public_key).decrypt(ct))

sg = nacl.signing.SigningKey.generate()
signed, vk = sg.sign(msg), sg.verify_key
bench("Sign1K", lambda: sg.sign(msg))
bench("Verify1K", lambda: vk.verify(signed))

for name, handler in [
    ("VerifyArgon2", ph.argon2),
    ("VerifyBcrypt", ph.bcrypt),
    ("VerifyPBKDF2SHA256", ph.pbkdf2_sha256.using(rounds=29000)),
    ("VerifySHA512Crypt", ph.sha512_crypt),
    ("VerifyMD5Crypt", ph.md5_crypt),
    ("VerifyDESCrypt", ph.des_crypt),
]:
    h = handler.hash("good password")
    bench(name, lambda: handler.verify("good password", h))


def new_ca():
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.utcnow()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench CA")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .serial_number(x509.random_serial_number()).public_key(key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


ca_key, ca_cert = new_ca()


def issue():
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.utcnow()
    (x509.CertificateBuilder()
     .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "service.test.local")]))
     .issuer_name(ca_cert.subject).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365))
     .serial_number(x509.random_serial_number()).public_key(key.public_key())
     .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
     .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
     .add_extension(x509.SubjectAlternativeName([x509.DNSName("service.test.local"),
                                                 x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
     .sign(ca_key, hashes.SHA256()))


bench("NewCA", new_ca)
bench("Issue", issue)
bench("SSHKey", lambda: ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
    serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH))
