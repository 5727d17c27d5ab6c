import Testing

/// Parent of every suite here, run one test at a time: most load the Whisper model (~300 MB, and both
/// cores while decoding), and running them side by side only makes each slower and timing checks flaky.
@Suite(.serialized) enum SpeechTests {}
