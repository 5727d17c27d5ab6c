#!/usr/bin/env python3
"""Converts Resemblyzer's GE2E voice encoder checkpoint (pretrained.pt) into ge2e.weights for HarkSpeech.

Pure Python 3 standard library: no torch at install time or run time.

    scripts/convert-ge2e.py pretrained.pt models/resemblyzer-ge2e/ge2e.weights

Resemblyzer 0.1.4's pretrained.pt is PyTorch's *legacy* serialisation (not the zip one torch >= 1.6 writes):
five pickles one after another -- a magic number, a protocol version, system info, the checkpoint itself
(tensors are `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)`, storages are persistent ids
`('storage', FloatStorage, key, location, numel, view)`), the list of storage keys -- then each storage in that
order as an int64 element count followed by its raw little-endian elements. The zip format (data.pkl plus
archive/data/KEY) is read too, so a re-saved checkpoint converts the same way.

ge2e.weights (all integers little-endian):
    magic    8 bytes  b"HARKGE2E"
    version  u32      1
    count    u32      number of arrays
    count times:
        name_len u32, name (UTF-8, name_len bytes)
        ndim u32, ndim times u32 dimension (row-major, as PyTorch's shape)
        the float32 values, little-endian, product(dims) of them
Arrays are written in sorted name order (lstm.weight_ih_l0 ... linear.bias), so the same checkpoint always
gives the same bytes. Prints the output's sha256.
"""
import collections
import hashlib
import io
import os
import pickle
import struct
import sys
import zipfile

MAGIC = b"HARKGE2E"
VERSION = 1
# The tensors VoiceEncoder uses (3-layer LSTM, 40 -> 256, then Linear 256 -> 256) and their shapes.
EXPECTED = {
    **{f"lstm.weight_ih_l{k}": (1024, 40 if k == 0 else 256) for k in range(3)},
    **{f"lstm.weight_hh_l{k}": (1024, 256) for k in range(3)},
    **{f"lstm.bias_ih_l{k}": (1024,) for k in range(3)},
    **{f"lstm.bias_hh_l{k}": (1024,) for k in range(3)},
    "linear.weight": (256, 256),
    "linear.bias": (256,),
}
ELEMENT = {"FloatStorage": ("f", 4), "DoubleStorage": ("d", 8), "HalfStorage": ("e", 2)}


class Storage:
    """A storage named by the pickle; its bytes are filled in once read."""

    def __init__(self, kind, key, numel):
        self.kind, self.key, self.numel, self.data = kind, key, numel, None


class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)

    def values(self):
        """The tensor's elements in row-major order, as Python floats (stride-aware)."""
        code, width = ELEMENT[self.storage.kind]
        flat = struct.unpack(f"<{self.storage.numel}{code}", self.storage.data[: self.storage.numel * width])
        out = []

        def walk(dim, base):
            if dim == len(self.size):
                out.append(flat[base])
                return
            for i in range(self.size[dim]):
                walk(dim + 1, base + i * self.stride[dim])

        walk(0, self.offset)
        return out


def rebuild_tensor_v2(storage, offset, size, stride, *_):
    return Tensor(storage, offset, size, stride)


class CheckpointUnpickler(pickle.Unpickler):
    """Resolves only what a checkpoint of plain tensors needs; anything else is refused, never imported."""

    def __init__(self, file, storages):
        super().__init__(file)
        self.storages = storages

    def find_class(self, module, name):
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return rebuild_tensor_v2
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict  # a real one: the pickle sets its _metadata attribute
        if module == "torch" and name in ELEMENT:
            return name
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in checkpoint")

    def persistent_load(self, pid):
        # Legacy: ('storage', kind, key, location, numel, view); zip: ('storage', kind, key, location, numel).
        if pid[0] != "storage":
            raise pickle.UnpicklingError(f"unexpected persistent id {pid[0]!r}")
        kind, key, numel = pid[1], str(pid[2]), pid[4]
        if kind not in ELEMENT:
            raise pickle.UnpicklingError(f"unsupported storage {kind}")
        if len(pid) > 5 and pid[5] is not None:
            raise pickle.UnpicklingError("storage views are not supported")
        return self.storages.setdefault(key, Storage(kind, key, numel))


def load_legacy(raw):
    f = io.BytesIO(raw)
    storages = {}
    magic = pickle.load(f)
    if magic != 0x1950A86A20F9469CFC6C:
        raise ValueError("not a PyTorch checkpoint (bad magic number)")
    pickle.load(f)  # protocol version
    info = pickle.load(f)
    if not info.get("little_endian", True):
        raise ValueError("big-endian checkpoints are not supported")
    checkpoint = CheckpointUnpickler(f, storages).load()
    keys = pickle.load(f)
    for key in keys:
        storage = storages[str(key)]
        (numel,) = struct.unpack("<q", f.read(8))
        width = ELEMENT[storage.kind][1]
        storage.data = f.read(numel * width)
        if len(storage.data) != numel * width:
            raise ValueError(f"storage {key} is truncated")
    return checkpoint


def load_zip(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        pkl = next(n for n in names if n.endswith("/data.pkl") or n == "data.pkl")
        prefix = pkl[: -len("data.pkl")]
        storages = {}
        checkpoint = CheckpointUnpickler(io.BytesIO(z.read(pkl)), storages).load()
        for key, storage in storages.items():
            storage.data = z.read(f"{prefix}data/{key}")
    return checkpoint


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: convert-ge2e.py pretrained.pt ge2e.weights")
    source, target = argv[1], argv[2]
    checkpoint = load_zip(source) if zipfile.is_zipfile(source) else load_legacy(open(source, "rb").read())
    state = checkpoint.get("model_state", checkpoint)
    out = bytearray(MAGIC + struct.pack("<II", VERSION, len(EXPECTED)))
    for name in sorted(EXPECTED):
        tensor = state.get(name)
        if tensor is None:
            sys.exit(f"{source}: no tensor {name}")
        if tensor.size != EXPECTED[name]:
            sys.exit(f"{source}: {name} has shape {tensor.size}, expected {EXPECTED[name]}")
        encoded = name.encode()
        out += struct.pack("<I", len(encoded)) + encoded
        out += struct.pack(f"<I{len(tensor.size)}I", len(tensor.size), *tensor.size)
        values = tensor.values()
        out += struct.pack(f"<{len(values)}f", *values)
    # Written whole then renamed, so an interrupted conversion never leaves a truncated file in place.
    tmp = target + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, target)
    print(f"{target}: {len(out)} bytes, sha256 {hashlib.sha256(out).hexdigest()}")


if __name__ == "__main__":
    main(sys.argv)
