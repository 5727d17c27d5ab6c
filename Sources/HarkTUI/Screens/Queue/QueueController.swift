import Foundation
import HarkCore

extension ScreenID { public static let queue = ScreenID("queue") }

/// The Queue screen: the jobs, active first, with throughput and ETA; failed jobs are retried from here.
final class QueueController: ScreenController {
    let id = ScreenID.queue
    let title = "Queue"
    private(set) var model = QueueModel()
    private let context: DeskContext

    init(_ context: DeskContext) { self.context = context }

    func setJobs(_ rows: [JobRow], workers: Int, now: Date) { model.setJobs(rows, workers: workers, now: now) }

    var bindings: [Binding] {
        [
            Binding(.character("r"), help: "retry the failed job", hint: "retry") { [unowned self] in
                guard let j = self.model.selectedJob else { return .none }
                guard j.job.state == .failed else { return .message("job \(j.job.id) has not failed") }
                do {
                    try self.context.data.retry(job: j.job.id)
                    return .all([.reload, .message("job \(j.job.id) queued again")])
                } catch {
                    return .message("\(error)")
                }
            },
            Binding(.enter, help: "open the job's call", hint: "open call") { [unowned self] in
                self.model.selectedJob.map { .openCall($0.job.callID) } ?? .none
            },
        ]
    }

    func move(_ movement: Movement) -> Effect { model.cursor.move(movement); return .none }
    func layout(_ rect: Rect) { QueueView.layout(&model, rect: rect) }
    func render(into grid: inout CellGrid, rect: Rect) { QueueView.render(model, into: &grid, rect: rect) }
}
