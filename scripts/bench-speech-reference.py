#!/usr/bin/env python3
"""Reference for hark-bench-speech: sherpa-onnx's own Python decode of the same VAD segments.

Reads the segments the benchmark dumped (16 kHz float32, one raw file + a JSON index), loads the same
Whisper model with the same thread count, decodes every segment one after another (as one Hark worker
does), and prints one JSON line: load and decode seconds, peak RSS, and the text length (a sanity check
that real work was done). Needs `pip install sherpa-onnx==2.0.1 numpy` (the benchmark makes a .venv).
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import sherpa_onnx


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--segments", required=True, help="JSON index written by hark-bench-speech")
    p.add_argument("--encoder", required=True)
    p.add_argument("--decoder", required=True)
    p.add_argument("--tokens", required=True)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()

    with open(a.segments) as f:
        index = json.load(f)
    samples = np.fromfile(index["raw"], dtype=np.float32)
    rate = index["sample_rate"]

    t0 = time.perf_counter()
    recognizer = sherpa_onnx.OfflineRecognizer.from_whisper(
        encoder=a.encoder, decoder=a.decoder, tokens=a.tokens, language="", task="transcribe",
        num_threads=a.threads, enable_token_timestamps=True)
    t1 = time.perf_counter()
    chars = 0
    for seg in index["segments"]:
        stream = recognizer.create_stream()
        stream.accept_waveform(rate, samples[seg["offset"]:seg["offset"] + seg["n"]])
        recognizer.decode_stream(stream)
        chars += len(stream.result.text)
    t2 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_s": t1 - t0, "decode_s": t2 - t1, "segments": len(index["segments"]),
                      "chars": chars, "rss_mb": rss_mb, "version": sherpa_onnx.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
