#!/usr/bin/env bash
# Installs speech models into models/ (ignored by git).
#   HARK_MODEL_MIRROR=DIR  copy from a local folder laid out like ../shared/models (whisper-base/, silero-vad-v6/)
#   otherwise              download the upstream sherpa-onnx releases (any curl URL works, file:// included)
#   MODEL=whisper-base (default) | sense-voice
#   SPEAKER_MODEL=resemblyzer-ge2e (default) | none   the speaker-embedding model for diarizing mono calls:
#                          pretrained.pt from the mirror, else from the PyPI wheel Resemblyzer==0.1.4
#                          (HARK_GE2E_WHEEL_URL=URL to fetch that wheel with curl instead of pip), converted by
#                          scripts/convert-ge2e.py into ge2e.weights (pure Python, no torch)
# Every file is checked against its known sha256 where one is known; a mismatch is an error and nothing
# half-copied is left in models/.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=${MODEL:-whisper-base}
SPEAKER_MODEL=${SPEAKER_MODEL:-resemblyzer-ge2e}
GE2E_WHEEL=Resemblyzer==0.1.4
DEST=${HARK_MODELS:-models}
RELEASES=${HARK_MODEL_RELEASES:-https://github.com/k2-fsa/sherpa-onnx/releases/download}
WHISPER_URL=${HARK_WHISPER_URL:-$RELEASES/asr-models/sherpa-onnx-whisper-base.tar.bz2}
SENSEVOICE_URL=${HARK_SENSEVOICE_URL:-$RELEASES/asr-models/sherpa-onnx-sense-voice-zh-en-ja-ko-yue-int8-2025-09-09.tar.bz2}
VAD_URL=${HARK_VAD_URL:-$RELEASES/asr-models/silero_vad.onnx}

# Known digests of the mirror's files (../shared/models/MODELS.md). Upstream releases are other builds of the
# same models, so downloads are checked for presence and size only, plus the archive's own integrity.
declare -A SHA=(
  [silero-vad-v6/silero_vad.onnx]=1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3
  [whisper-base/base-encoder.int8.onnx]=07bc081b491d07db74261b36fb56dd38fc3ed9ae14dc0f669fa20f2e1d00ff5f
  [whisper-base/base-decoder.int8.onnx]=a36be36260d69a1103f4852a8c56c2ca5670f3673f2eb3a1385ae2ed9a396dac
  [whisper-base/base-tokens.txt]=b34b360dbb493e781e479794586d661700670d65564001f23024971d1f2fa126
  # The wheel's member and the mirror's copy are the same file, so this digest checks both.
  [resemblyzer-ge2e/pretrained.pt]=39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e
)

die() { echo "make models: $*" >&2; exit 1; }

# verify REL PATH: the file exists, is not empty, and matches its digest when one is known.
verify() {
  local rel=$1 file=$2
  [ -s "$file" ] || die "$file is missing or empty"
  if [ -n "${SHA[$rel]:-}" ]; then
    local got; got=$(sha256sum "$file" | cut -d' ' -f1)
    [ "$got" = "${SHA[$rel]}" ] || die "$file: sha256 $got does not match the expected ${SHA[$rel]}"
  fi
}

# installed REL...: true when every file is already in DEST (checked cheaply by size; digests on install).
installed() {
  local rel; for rel in "$@"; do [ -s "$DEST/$rel" ] || return 1; done
}

# install_dir NAME FILES...: NAME/FILES from the mirror, verified in a temp folder, then moved into place.
install_from_mirror() {
  local name=$1; shift
  local src="$HARK_MODEL_MIRROR/$name" tmp; tmp=$(mktemp -d "$DEST/.tmp.XXXX")
  [ -d "$src" ] || die "$src not found in HARK_MODEL_MIRROR"
  local f; for f in "$@"; do
    [ -f "$src/$f" ] || die "$src/$f not found in HARK_MODEL_MIRROR"
    cp "$src/$f" "$tmp/$f"; verify "$name/$f" "$tmp/$f"
  done
  [ -f "$src/LICENSE" ] && cp "$src/LICENSE" "$tmp/"
  rm -rf "$DEST/$name"; mv "$tmp" "$DEST/$name"
}

fetch() { curl -fsSL --retry 2 -o "$2" "$1" || die "cannot download $1"; }

# install_ge2e: pretrained.pt from the mirror or the wheel, verified, converted to ge2e.weights in a temp
# folder, then moved into place (the 17 MB checkpoint is not kept: Hark reads only ge2e.weights).
install_ge2e() {
  local tmp; tmp=$(mktemp -d "$DEST/.tmp.XXXX")
  if [ -n "${HARK_MODEL_MIRROR:-}" ]; then
    local src="$HARK_MODEL_MIRROR/resemblyzer-ge2e"
    [ -f "$src/pretrained.pt" ] || die "$src/pretrained.pt not found in HARK_MODEL_MIRROR"
    cp "$src/pretrained.pt" "$tmp/"
    [ -f "$src/LICENSE" ] && cp "$src/LICENSE" "$tmp/"
  else
    if [ -n "${HARK_GE2E_WHEEL_URL:-}" ]; then
      echo "models: downloading $HARK_GE2E_WHEEL_URL"
      fetch "$HARK_GE2E_WHEEL_URL" "$tmp/resemblyzer.whl"
    else
      echo "models: downloading $GE2E_WHEEL from PyPI"
      python3 -m pip download -q --disable-pip-version-check --no-deps -d "$tmp/wheel" "$GE2E_WHEEL" >&2 \
        || die "cannot download $GE2E_WHEEL from PyPI"
      mv "$tmp"/wheel/*.whl "$tmp/resemblyzer.whl"
    fi
    # A wheel is a zip; Python's zipfile avoids needing unzip.
    python3 - "$tmp" <<'PY' || die "$GE2E_WHEEL: no resemblyzer/pretrained.pt inside the wheel"
import sys, zipfile
tmp = sys.argv[1]
with zipfile.ZipFile(f"{tmp}/resemblyzer.whl") as z:
    open(f"{tmp}/pretrained.pt", "wb").write(z.read("resemblyzer/pretrained.pt"))
    licence = [n for n in z.namelist() if n.endswith(".dist-info/LICENSE")]
    if licence: open(f"{tmp}/LICENSE", "wb").write(z.read(licence[0]))
PY
    rm -rf "$tmp/wheel" "$tmp/resemblyzer.whl"
  fi
  verify resemblyzer-ge2e/pretrained.pt "$tmp/pretrained.pt"
  # It prints size and sha256; named here by the place the file is about to have.
  python3 scripts/convert-ge2e.py "$tmp/pretrained.pt" "$tmp/ge2e.weights" | sed "s|^$tmp/|models: $DEST/resemblyzer-ge2e/|" \
    || die "converting pretrained.pt failed"
  rm -f "$tmp/pretrained.pt"
  rm -rf "$DEST/resemblyzer-ge2e"; mv "$tmp" "$DEST/resemblyzer-ge2e"
}

mkdir -p "$DEST"
WHISPER_FILES=(base-encoder.int8.onnx base-decoder.int8.onnx base-tokens.txt)
case $SPEAKER_MODEL in
  resemblyzer-ge2e) SPEAKER_FILES=(resemblyzer-ge2e/ge2e.weights) ;;
  none) SPEAKER_FILES=() ;;
  *) die "unknown SPEAKER_MODEL=$SPEAKER_MODEL (resemblyzer-ge2e, none)" ;;
esac

if installed "${WHISPER_FILES[@]/#/whisper-base/}" silero-vad-v6/silero_vad.onnx "${SPEAKER_FILES[@]}" \
    && [ "$MODEL" = whisper-base ]; then
  echo "models: whisper-base, silero-vad-v6 ${SPEAKER_FILES[*]:+and $SPEAKER_MODEL }already in $DEST"; exit 0
fi

if [ -n "${HARK_MODEL_MIRROR:-}" ]; then
  echo "models: copying from $HARK_MODEL_MIRROR"
  installed silero-vad-v6/silero_vad.onnx || install_from_mirror silero-vad-v6 silero_vad.onnx
  case $MODEL in
    whisper-base) installed "${WHISPER_FILES[@]/#/whisper-base/}" || install_from_mirror whisper-base "${WHISPER_FILES[@]}" ;;
    sense-voice) install_from_mirror sense-voice model.int8.onnx tokens.txt ;;
    *) die "unknown MODEL=$MODEL (whisper-base, sense-voice)" ;;
  esac
  if ((${#SPEAKER_FILES[@]})) && ! installed "${SPEAKER_FILES[@]}"; then install_ge2e; fi
else
  if ! installed silero-vad-v6/silero_vad.onnx; then
    echo "models: downloading $VAD_URL"
    tmp=$(mktemp -d "$DEST/.tmp.XXXX"); fetch "$VAD_URL" "$tmp/silero_vad.onnx"
    verify downloaded "$tmp/silero_vad.onnx"
    rm -rf "$DEST/silero-vad-v6"; mv "$tmp" "$DEST/silero-vad-v6"
  fi
  # Only what is missing: the speaker model alone does not fetch Whisper again.
  if [ "$MODEL" = whisper-base ] && installed "${WHISPER_FILES[@]/#/whisper-base/}"; then MODEL=installed; fi
  case $MODEL in
    installed) name= ;;
    whisper-base) url=$WHISPER_URL; name=whisper-base ;;
    sense-voice) url=$SENSEVOICE_URL; name=sense-voice ;;
    *) die "unknown MODEL=$MODEL (whisper-base, sense-voice)" ;;
  esac
  if [ -n "$name" ]; then
    echo "models: downloading $url"
    tmp=$(mktemp -d "$DEST/.tmp.XXXX")
    fetch "$url" "$tmp/archive.tar.bz2"
    tar -xjf "$tmp/archive.tar.bz2" -C "$tmp" || die "$url: not a tar.bz2 archive"
    mkdir "$tmp/out"
    # Upstream archives hold one folder; keep the int8 ONNX files and the tokens.
    find "$tmp" -path "$tmp/out" -prune -o -type f \( -name '*int8.onnx' -o -name '*tokens.txt' -o -name LICENSE \) -print \
      | while read -r f; do cp "$f" "$tmp/out/"; done
    if [ "$name" = whisper-base ]; then
      for f in "${WHISPER_FILES[@]}"; do verify downloaded "$tmp/out/$f"; done
    fi
    [ -n "$(ls "$tmp/out")" ] || die "$url: no model files inside"
    rm -rf "$DEST/$name"; mv "$tmp/out" "$DEST/$name"; rm -rf "$tmp"
  fi
  if ((${#SPEAKER_FILES[@]})) && ! installed "${SPEAKER_FILES[@]}"; then install_ge2e; fi
fi
echo "models: installed in $DEST: $(cd "$DEST" && ls -d */ | tr -d / | tr '\n' ' ')"
