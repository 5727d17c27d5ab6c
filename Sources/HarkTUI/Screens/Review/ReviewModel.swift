import HarkCore

/// One entry of the Review transcript: an utterance or a gap between utterances.
public enum TranscriptItem: Sendable, Hashable {
    case utterance(Int)
    /// A stretch without speech; `label` says what it is ("silence", "slow response").
    case gap(start: Double, end: Double, label: String, style: Style)

    public var start: Double? {
        if case let .gap(s, _, _, _) = self { return s }
        return nil
    }
}

/// One line of the Review's evidence panel: a QA form item's result, or a point of the experience score.
public enum EvidenceRow: Sendable, Hashable {
    case item(FormItemResult)
    case point(ScoreEvidence)

    /// Where Enter seeks; nil for an item whose deciding moment never happened.
    public var at: Double? {
        switch self {
        case let .item(i): return i.at
        case let .point(e): return e.at
        }
    }
}

/// Which pane of the Review screen has the keys.
public enum ReviewPane: Sendable { case transcript, evidence }

/// The Review screen's state: the call, its transcript items, the playhead, the cursor and the
/// scroll position. The playhead drives the cursor while `follow` is on; moving the cursor by hand
/// turns following off until the next play, seek or jump.
public struct ReviewModel: Sendable {
    public let data: ReviewData
    public let items: [TranscriptItem]
    /// Markers ordered by start.
    public let markers: [Marker]
    public private(set) var position: Double = 0
    public var follow = true
    /// The transcript's cursor, over `items`.
    public var lines: ListCursor
    public var pane: ReviewPane = .transcript
    /// The evidence panel's cursor, over `evidence`.
    public var evidenceList: ListCursor
    /// The call's form items (in form order), then its experience score's points.
    public let evidence: [EvidenceRow]

    /// Gaps at least this long are shown as their own line.
    public static let minimumGap = 2.0

    public init(data: ReviewData) {
        self.data = data
        markers = (data.analysis?.markers ?? []).sorted { $0.start < $1.start }
        var items: [TranscriptItem] = []
        var lastEnd = 0.0
        for (i, u) in data.utterances.enumerated() {
            if u.start - lastEnd >= ReviewModel.minimumGap {
                items.append(ReviewModel.gap(from: lastEnd, to: u.start, markers: data.analysis?.markers ?? []))
            }
            items.append(.utterance(i))
            lastEnd = max(lastEnd, u.end)
        }
        self.items = items
        lines = ListCursor(count: items.count)
        evidence = (data.analysis?.form?.items ?? []).map(EvidenceRow.item) + (data.analysis?.score.evidence ?? []).map(EvidenceRow.point)
        evidenceList = ListCursor(count: evidence.count)
    }

    /// The same call read again (a live call's transcript grew, or it ended): the new lines, with the playhead,
    /// following, pane and cursors kept where they were.
    public func refreshed(with data: ReviewData) -> ReviewModel {
        var next = ReviewModel(data: data)
        next.position = position
        next.follow = follow
        next.pane = pane
        next.lines.select(lines.selected)
        next.evidenceList.select(evidenceList.selected)
        return next
    }

    static func gap(from start: Double, to end: Double, markers: [Marker]) -> TranscriptItem {
        // Label the gap with the marker that explains it, when analysis found one.
        let m = markers.first { ($0.kind == .slowResponse || $0.kind == .silence) && $0.start < end && $0.end > start }
        let label: String
        let style: Style
        if let m, m.kind == .slowResponse {
            label = "slow response"; style = Style(.marker(.slowResponse, m.polarity))
        } else {
            label = "silence"; style = m.map { Style(.marker(.silence, $0.polarity)) } ?? Style(.gap)
        }
        return .gap(start: start, end: end, label: label, style: style)
    }

    /// The index (into `data.utterances`) of the utterance under the playhead: the last one that has
    /// started. Nil before the first starts.
    public var currentUtterance: Int? {
        let u = data.utterances
        var lo = 0, hi = u.count - 1, found: Int? = nil
        while lo <= hi {
            let mid = (lo + hi) / 2
            if u[mid].start <= position + 0.001 { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }

    /// The item showing the current utterance.
    public var currentItem: Int? {
        guard let u = currentUtterance else { return nil }
        return items.firstIndex(of: .utterance(u))
    }

    /// Moves the playhead (from the player each frame); the cursor follows it while following.
    public mutating func setPosition(_ seconds: Double) {
        position = seconds
        if follow, let c = currentItem { lines.select(c) }
    }

    /// Start of the next marker after the playhead, if any.
    public func nextMarker() -> Marker? { markers.first { $0.start > position + 0.25 } }
    /// Start of the previous marker; a second press goes further back, not to the same marker.
    public func previousMarker() -> Marker? { markers.last { $0.start < position - 0.25 } }

    /// Seconds the item at `index` starts at.
    public func start(ofItem index: Int) -> Double {
        guard items.indices.contains(index) else { return 0 }
        switch items[index] {
        case let .utterance(u): return data.utterances[u].start
        case let .gap(s, _, _, _): return s
        }
    }

    /// Puts the playhead at `t` (clamped to the call) and follows it again: a seek, a jump or Enter on a line.
    public mutating func seek(_ t: Double) -> Double {
        let clamped = min(max(0, t), data.call.duration)
        follow = true
        setPosition(clamped)
        return clamped
    }

    /// Moves the focused pane's cursor; moving the transcript by hand stops it following the playhead.
    public mutating func move(_ m: Movement) {
        if pane == .evidence {
            evidenceList.move(m)
        } else if lines.move(m) {
            follow = false
        }
    }
}
