#!/usr/bin/env python3
"""One-off developer check, not run by CI or `make test`: HarkSpeech's VoiceEncoder against Resemblyzer 0.1.4
itself (PyTorch + librosa) on the same WAVs.

Needs a throw-away environment, e.g.
    python3 -m venv /tmp/ge2e-venv && /tmp/ge2e-venv/bin/pip install torch librosa
    pip download Resemblyzer==0.1.4 --no-deps -d /tmp/rz && (cd /tmp/rz && unzip -o Resemblyzer-0.1.4-*.whl)
    swift build --product hark-bench-voice
    /tmp/ge2e-venv/bin/python scripts/ge2e-parity.py /tmp/rz a.wav b.wav   (16 kHz mono WAVs)

Prints, per file, the max abs difference and cosine between the two encoders' embed_utterance results and
between their sliding-window (1.6 s every 0.4 s) partial embeddings, and the mel spectrograms' relative
difference is implied by those. Resemblyzer's own embed_utterance is called unchanged; sliding windows run
its forward() on the same mel slices Hark uses.
"""
import json
import subprocess
import sys
import types

import numpy as np

wheel_dir, wavs = sys.argv[1], sys.argv[2:]
# audio.py imports webrtcvad (and an old scipy path) for preprocess_wav's silence trimming, which neither
# embed_utterance nor this check uses.
sys.modules.setdefault("webrtcvad", types.ModuleType("webrtcvad"))
try:
    import scipy.ndimage.morphology  # noqa: F401
except ImportError:
    import scipy.ndimage
    sys.modules["scipy.ndimage.morphology"] = scipy.ndimage
sys.path.insert(0, wheel_dir)
import librosa  # noqa: E402
import torch  # noqa: E402
from resemblyzer import VoiceEncoder, audio  # noqa: E402

torch.set_num_threads(1)
encoder = VoiceEncoder("cpu", verbose=False)
hark = json.loads(subprocess.run([".build/debug/hark-bench-voice"] + sum([["--dump", w] for w in wavs], []),
                                 check=True, capture_output=True).stdout)
print(f"librosa {librosa.__version__}, torch {torch.__version__}")
worst = 0.0
for wav_path, mine in zip(wavs, hark):
    wav, sr = librosa.load(wav_path, sr=None)
    assert sr == 16000, wav_path
    ref = encoder.embed_utterance(wav)
    got = np.array(mine["utterance"], dtype=np.float32)
    print(f"{wav_path}: {len(wav) / sr:.2f} s, embed_utterance max|diff| {np.abs(ref - got).max():.2e}, "
          f"cosine {float(ref @ got):.7f}")
    worst = max(worst, float(np.abs(ref - got).max()))
    # Sliding windows: Resemblyzer's forward over the same 160-frame mel slices of the whole file's mel.
    padded = wav
    if len(wav) < 160 * 160:
        padded = np.pad(wav, (0, 160 * 160 - len(wav)))
    mel = audio.wav_to_mel_spectrogram(padded)
    starts = [round(w["start"] * 100) for w in mine["sliding"]]
    with torch.no_grad():
        ref_windows = encoder(torch.from_numpy(np.array([mel[s:s + 160] for s in starts]))).numpy()
    got_windows = np.array([w["embedding"] for w in mine["sliding"]], dtype=np.float32)
    diff = np.abs(ref_windows - got_windows).max()
    cos = (ref_windows * got_windows).sum(axis=1)
    print(f"    {len(starts)} sliding windows: max|diff| {diff:.2e}, cosine min {cos.min():.7f}")
    worst = max(worst, float(diff))
print(f"worst max|diff| {worst:.2e}")
