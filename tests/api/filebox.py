"""An independent reader of sealed blobs, written from the format that
docs/security.md states (not from the C code): "OSF1", a secretstream
header, then frames of at most 65,536 bytes of plaintext each sealed with
XChaCha20-Poly1305 (17 bytes more), TAG_MESSAGE on every frame but the last,
TAG_FINAL on the last, the blob's name (its plaintext's SHA-256 in hex) as
additional data, under the subkey 9 ("onestop_") of the key file. It calls
libsodium through ctypes, so it shares no code with the server."""
import ctypes
import ctypes.util
import os

_lib = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
assert _lib.sodium_init() >= 0

MAGIC = b"OSF1"
FRAME = 64 * 1024
HEADER = 24
ABYTES = 17
TAG_MESSAGE, TAG_FINAL = 0, 3
KEY_FILE_SEAL = 9


def sealed_size(n):
    frames = max(1, (n + FRAME - 1) // FRAME)
    return 4 + HEADER + frames * ABYTES + n


def file_key():
    master = bytes.fromhex(open(os.environ["ONESTOP_KEYSTORE"]).read().strip())
    out = ctypes.create_string_buffer(32)
    assert _lib.crypto_kdf_derive_from_key(out, ctypes.c_size_t(32), ctypes.c_uint64(KEY_FILE_SEAL),
                                           b"onestop_", master) == 0
    return out.raw


def open_sealed(data, name):
    """The plaintext of a sealed blob `data` named `name`; raises ValueError
    when it does not open (changed, cut, another name or key)."""
    if data[:4] != MAGIC:
        raise ValueError("no magic")
    state = ctypes.create_string_buffer(_lib.crypto_secretstream_xchacha20poly1305_statebytes())
    if _lib.crypto_secretstream_xchacha20poly1305_init_pull(state, data[4:4 + HEADER], file_key()) != 0:
        raise ValueError("bad header")
    body, out, ad = data[4 + HEADER:], [], name.encode()
    while True:
        frame, body = body[:FRAME + ABYTES], body[FRAME + ABYTES:]
        if len(frame) < ABYTES:
            raise ValueError("cut")
        m = ctypes.create_string_buffer(len(frame) - ABYTES + 1)
        mlen, tag = ctypes.c_ulonglong(), ctypes.c_ubyte()
        if _lib.crypto_secretstream_xchacha20poly1305_pull(
                state, m, ctypes.byref(mlen), ctypes.byref(tag), frame, ctypes.c_ulonglong(len(frame)),
                ad, ctypes.c_ulonglong(len(ad))) != 0:
            raise ValueError("a frame does not open")
        out.append(m.raw[:mlen.value])
        if tag.value == TAG_FINAL:
            if body:
                raise ValueError("bytes after the final frame")
            return b"".join(out)
        if tag.value != TAG_MESSAGE or not body:
            raise ValueError("cut before the final frame")
