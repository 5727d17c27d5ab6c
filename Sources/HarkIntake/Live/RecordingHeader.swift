import Foundation
import HarkCore

/// What a WAV file's RIFF header says about its writing: recorders write the sizes as 0 or 0xFFFFFFFF while
/// the call is on and fix them when it ends, so a header whose RIFF size does not match the file is live.
enum RecordingHeader {
    enum State: Equatable {
        /// Not a RIFF/WAVE file (or not readable): imported when it settles, like any recording.
        case other
        /// The header is not all written yet.
        case incomplete
        /// Sizes missing or larger than the file: still being written.
        case growing
        /// The sizes match the file: finished.
        case finished
    }

    static func state(of file: RawPath) -> State {
        let fd = file.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .other }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .other }
        var head = [UInt8](repeating: 0, count: 12)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 12, 0) }
        if n < 12 { return n >= 0 && (n == 0 || Array(head[0..<min(4, n)]) == Array("RIFF".utf8.prefix(min(4, n)))) ? .incomplete : .other }
        guard Array(head[0..<4]) == Array("RIFF".utf8) || Array(head[0..<4]) == Array("RF64".utf8),
              Array(head[8..<12]) == Array("WAVE".utf8) else { return .other }
        if Array(head[0..<4]) == Array("RF64".utf8) { return .growing }
        let riff = UInt32(head[4]) | UInt32(head[5]) << 8 | UInt32(head[6]) << 16 | UInt32(head[7]) << 24
        if riff == 0 || riff == 0xFFFF_FFFF { return .growing }
        return Int64(riff) + 8 == Int64(st.st_size) ? .finished : .growing
    }

    /// The file's device, inode, size and modification time (nil when it is gone).
    static func identity(of file: RawPath) -> (device: UInt64, inode: UInt64, size: Int64, modified: Date)? {
        var st = stat()
        guard file.withCString({ stat($0, &st) }) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino), Int64(st.st_size),
                Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9))
    }
}
