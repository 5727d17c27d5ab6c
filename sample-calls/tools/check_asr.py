"""Proves the committed calls are recognisable: transcribes chosen turns with Whisper-base (sherpa-onnx).

    sample-calls/generate --check-asr                      the default sample (two Mandarin turns, one English)
    sample-calls/generate --check-asr c03-angry-refund:4   CALL:TURN pairs, turn being the 0-based truth index
    sample-calls/generate --check-asr c01-zh-short-balance all turns of a call

Each turn is cut from the committed .ogg (its speaker's channel), fed as 16 kHz mono, and printed beside
the script text with a character-match ratio (after Traditional→Simplified with the opencc CLI, because
Whisper often writes Traditional characters).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.io import wavfile

HERE = Path(__file__).resolve().parent.parent
CALLS = HERE / "calls"
MODEL = Path(os.environ.get("HARK_MODEL_MIRROR", "/work/shared/models")) / "whisper-base"
DEFAULT = ["c01-zh-short-balance:0", "c03-angry-refund:1", "c02-en-short-delivery:1"]


def decode(path: Path) -> tuple[int, np.ndarray]:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "a.wav"
        subprocess.run(["sox", str(path), "-e", "floating-point", "-b", "32", str(wav)], check=True)
        rate, data = wavfile.read(wav)
    return rate, data.reshape(len(data), -1)


def to_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    if rate == 16000:
        return audio
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        wavfile.write(src, rate, audio.astype(np.float32))
        subprocess.run(["sox", str(src), "-e", "floating-point", "-b", "32", str(dst), "rate", "-v", "16000"], check=True)
        return wavfile.read(dst)[1]


def simplified(text: str) -> str:
    r = subprocess.run(["opencc", "-c", "t2s.json"], input=text, capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else text


def comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def main(argv: list[str]) -> int:
    import sherpa_onnx

    recognizer = sherpa_onnx.OfflineRecognizer.from_whisper(
        encoder=str(MODEL / "base-encoder.int8.onnx"), decoder=str(MODEL / "base-decoder.int8.onnx"),
        tokens=str(MODEL / "base-tokens.txt"), language="", task="transcribe", num_threads=2)
    wanted = []
    for arg in argv or DEFAULT:
        call, _, turn = arg.partition(":")
        truth = json.loads((CALLS / f"{call}.truth.json").read_text(encoding="utf-8"))
        indices = [int(turn)] if turn else range(len(truth["turns"]))
        wanted += [(truth, i) for i in indices]
    cache: dict[str, tuple[int, np.ndarray]] = {}
    for truth, i in wanted:
        if truth["file"] not in cache:
            cache[truth["file"]] = decode(CALLS / truth["file"])
        rate, audio = cache[truth["file"]]
        turn = truth["turns"][i]
        channel = 0 if truth["channels"] == 1 or turn["speaker"] == "agent" else 1
        piece = audio[int(turn["start"] * rate): int(turn["end"] * rate), channel]
        stream = recognizer.create_stream()
        stream.accept_waveform(16000, to_16k(piece, rate).astype(np.float32))
        recognizer.decode_stream(stream)
        heard = stream.result.text.strip()
        ratio = difflib.SequenceMatcher(None, comparable(turn["text"]), comparable(simplified(heard))).ratio()
        print(f"{truth['call']} turn {i} ({turn['speaker']}, {turn['language']}, {turn['style']}) match {ratio:.2f}")
        print(f"  script: {turn['text']}")
        print(f"  heard:  {heard}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
