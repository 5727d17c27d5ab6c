import Foundation

/// A bench's command line, walked one flag at a time:
/// `while let flag = args.next() { switch flag { case "--calls": calls = args.value() … } }`.
/// A missing value or an unknown flag ends the program with one line naming the tool.
public struct BenchArguments {
    private let tool: String
    private let args: [String]
    private var i = -1

    public init(tool: String, _ args: [String] = Array(CommandLine.arguments.dropFirst())) {
        self.tool = tool
        self.args = args
    }

    public mutating func next() -> String? {
        i += 1
        return i < args.count ? args[i] : nil
    }

    /// The value after the current flag.
    public mutating func value() -> String {
        i += 1
        guard i < args.count else { fail("missing value after \(args[i - 1])") }
        return args[i]
    }

    public func unknown(_ flag: String) -> Never { fail("unknown argument \(flag)") }

    public func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(tool): \(message)\n".utf8))
        exit(1)
    }
}
