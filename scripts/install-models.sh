#!/usr/bin/env bash
# Installs speech models into models/ (ignored by git).
#   HARK_MODEL_MIRROR=DIR  copy from a local folder laid out like ../shared/models (whisper-base/, silero-vad-v6/)
#   otherwise              download the upstream sherpa-onnx releases (any curl URL works, file:// included)
#   MODEL=whisper-base (default) | sense-voice
# Every file is checked against its known sha256 where one is known; a mismatch is an error and nothing
# half-copied is left in models/.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=${MODEL:-whisper-base}
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

mkdir -p "$DEST"
WHISPER_FILES=(base-encoder.int8.onnx base-decoder.int8.onnx base-tokens.txt)

if installed "${WHISPER_FILES[@]/#/whisper-base/}" silero-vad-v6/silero_vad.onnx && [ "$MODEL" = whisper-base ]; then
  echo "models: whisper-base and silero-vad-v6 already in $DEST"; exit 0
fi

if [ -n "${HARK_MODEL_MIRROR:-}" ]; then
  echo "models: copying from $HARK_MODEL_MIRROR"
  installed silero-vad-v6/silero_vad.onnx || install_from_mirror silero-vad-v6 silero_vad.onnx
  case $MODEL in
    whisper-base) installed "${WHISPER_FILES[@]/#/whisper-base/}" || install_from_mirror whisper-base "${WHISPER_FILES[@]}" ;;
    sense-voice) install_from_mirror sense-voice model.int8.onnx tokens.txt ;;
    *) die "unknown MODEL=$MODEL (whisper-base, sense-voice)" ;;
  esac
else
  if ! installed silero-vad-v6/silero_vad.onnx; then
    echo "models: downloading $VAD_URL"
    tmp=$(mktemp -d "$DEST/.tmp.XXXX"); fetch "$VAD_URL" "$tmp/silero_vad.onnx"
    verify downloaded "$tmp/silero_vad.onnx"
    rm -rf "$DEST/silero-vad-v6"; mv "$tmp" "$DEST/silero-vad-v6"
  fi
  case $MODEL in
    whisper-base) url=$WHISPER_URL; name=whisper-base ;;
    sense-voice) url=$SENSEVOICE_URL; name=sense-voice ;;
    *) die "unknown MODEL=$MODEL (whisper-base, sense-voice)" ;;
  esac
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
echo "models: installed in $DEST: $(cd "$DEST" && ls -d */ | tr -d / | tr '\n' ' ')"
