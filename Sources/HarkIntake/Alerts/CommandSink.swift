import Foundation
import HarkCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs a shell command for each alert: the alert's JSON line on its standard input, the rule and the call in
/// `HARK_ALERT_RULE` and `HARK_ALERT_CALL` for scripts that need no JSON parser.
public struct CommandSink: AlertSink {
    public let command: String
    /// Seconds the command may run before its whole process group is killed.
    public let timeout: Double
    public var name: String { "command:\(command)" }

    public init(command: String, timeout: Double = 10) {
        self.command = command
        self.timeout = timeout
    }

    public func deliver(_ alert: Alert) throws {
        var input = alert.jsonLine
        input.append(0x0A)
        let run: ShellRun
        do {
            run = try ShellRun.run(command, input: input, setting: [("HARK_ALERT_RULE", alert.rule),
                                                                  ("HARK_ALERT_CALL", String(alert.call))],
                                  timeout: timeout)
        } catch {
            throw AlertSinkError("\(label): \(error.reason)")
        }
        let reason: String
        switch run.outcome {
        case .exited(0):
            return
        case .exited(let code):
            reason = "exit status \(code)"
        case .signalled(let signal):
            reason = "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        case .timedOut:
            reason = "timed out after \(Deadline(seconds: timeout).text)"
        }
        throw AlertSinkError("\(label): \(reason)" + (run.stderrLine.map { ": \($0)" } ?? ""))
    }

    /// The command as a reason shows it: on one line, however the settings file spelled it.
    private var label: String {
        "command " + command.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
