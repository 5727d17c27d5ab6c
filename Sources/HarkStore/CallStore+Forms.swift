import Foundation
import GRDB
import HarkCore

/// One saved state of the QA forms.
public struct FormSetVersion: Sendable, Hashable {
    public var version: Int
    public var author: String
    public var createdAt: Date
    public var summary: String
}

/// How many calls pass, fail, or are N/A on one item.
public struct FormItemTally: Sendable, Hashable {
    public var passed = 0
    public var failed = 0
    public var na = 0
    public init() {}
    public var applicable: Int { passed + failed }

    mutating func count(_ outcome: FormOutcome) {
        switch outcome {
        case .passed: passed += 1
        case .failed: failed += 1
        case .na: na += 1
        }
    }

    mutating func add(_ other: FormItemTally) {
        passed += other.passed
        failed += other.failed
        na += other.na
    }
}

/// How a form set would score the archive, next to how the stored one does.
public struct FormPreview: Sendable {
    public struct Change: Sendable, Hashable {
        public var call: CallID
        public var before: Double?
        public var after: Double?
        public var passedBefore: Bool?
        public var passedAfter: Bool?
    }
    /// Calls evaluated (every call with stored form facts).
    public var calls = 0
    /// Per form name, per item id.
    public var items: [String: [String: FormItemTally]] = [:]
    public var failingBefore = 0
    public var failingAfter = 0
    public var meanBefore: Double?
    public var meanAfter: Double?
    /// Calls whose form score or pass/fail would change, largest score change first (the first `top`).
    public var changes: [Change] = []
    /// How many calls would change in all.
    public var changedCount = 0
}

extension CallStore {
    /// The forms in force and their version, or nil before any were saved.
    public func forms() throws -> (version: Int, set: FormSet)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT version, body FROM form_version ORDER BY version DESC LIMIT 1") else {
                return nil
            }
            return (row["version"], try JSONCoding.decode(FormSet.self, row["body"]))
        }
    }

    /// The forms as saved in `version`.
    public func forms(version: Int) throws -> FormSet? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM form_version WHERE version = ?", arguments: [version])
                .map { try JSONCoding.decode(FormSet.self, $0) }
        }
    }

    /// The newest version number (0 before any save).
    public func currentFormsVersion() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT MAX(version) FROM form_version") ?? 0 }
    }

    /// Every saved version, newest first.
    public func formVersions() throws -> [FormSetVersion] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT version, author, created_at, summary FROM form_version ORDER BY version DESC")
                .map { FormSetVersion(version: $0["version"], author: $0["author"],
                                      createdAt: Date(storeValue: $0["created_at"]), summary: $0["summary"]) }
        }
    }

    /// Validates `set` against `dictionary` and saves it as a new version; the stored forms are unchanged when
    /// it is refused. Every call's result goes stale: `refreshFormResults` re-scores them.
    @discardableResult
    public func saveForms(_ set: FormSet, dictionary: KeywordDictionary, author: String, summary: String,
                          at now: Date = Date()) throws -> Int {
        do { try FormValidation.validate(set, categories: Set(dictionary.categories.map(\.name))) } catch let e as FormError {
            throw StoreError.invalidForms(e.description)
        }
        let body = try JSONCoding.encode(set)
        return try pool.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM form_version") ?? 0) + 1
            try db.execute(sql: "INSERT INTO form_version (version, author, created_at, summary, body) VALUES (?, ?, ?, ?, ?)",
                           arguments: [version, author, now.storeValue, summary, body])
            return version
        }
    }

    /// Calls whose stored form result was not made by `version` (a form edit, or analysed without forms).
    public func staleFormResults(version: Int) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM form_facts f LEFT JOIN form_result r ON r.call_id = f.call_id
                WHERE r.version IS NULL OR r.version != ?
                """, arguments: [version]) ?? 0
        }
    }

    /// Re-scores every call whose result is stale against `evaluator`'s forms, from the stored form facts,
    /// a batch per transaction (the workers keep writing in between; a kill leaves the rest stale, and the
    /// next refresh finishes them). Stops when a newer version is saved meanwhile (its own refresh takes
    /// over). Returns how many calls were re-scored.
    @discardableResult
    public func refreshFormResults(_ evaluator: FormEvaluator, batch: Int = 5000,
                                   threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                   progress: ((Int) throws -> Void)? = nil) throws -> Int {
        var done = 0
        var after: Int64 = 0
        while true {
            let rows = try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT f.call_id, c.queue, c.direction, f.body, r.call_id AS stored, r.score, r.passed, r.body AS items
                    FROM form_facts f JOIN call c ON c.id = f.call_id LEFT JOIN form_result r ON r.call_id = f.call_id
                    WHERE f.call_id > ? AND (r.version IS NULL OR r.version != ?) ORDER BY f.call_id LIMIT ?
                    """, arguments: [after, evaluator.version, batch])
                    .map { row -> (FormRows.Pending, FormRows.Stored?) in
                        let stored: Int64? = row["stored"]
                        return (FormRows.Pending(row),
                                stored == nil ? nil : FormRows.Stored(score: row["score"], passed: row["passed"], items: row["items"]))
                    }
            }
            guard let last = rows.last else { break }
            let results = try FormRows.evaluate(rows.map(\.0), evaluator, threads: threads)
            let current = try pool.write { db -> Bool in
                // A newer save's refresh owns the archive now: writing older results would undo its work.
                guard try Int.fetchOne(db, sql: "SELECT MAX(version) FROM form_version") ?? 0 == evaluator.version else {
                    return false
                }
                // Most results of most edits are unchanged: those only take the new version, and only calls
                // whose score or pass/fail moved touch the call row (and its score index).
                let bump = try db.cachedStatement(sql: "UPDATE form_result SET version = ? WHERE call_id = ?")
                let replace = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO form_result (call_id, form, version, score, passed, body) VALUES (?, ?, ?, ?, ?, ?)
                    """)
                let listing = try db.cachedStatement(sql: "UPDATE call SET score = COALESCE(?, experience), form_passed = ? WHERE id = ?")
                for ((row, stored), (result, items)) in zip(rows, results) {
                    if let stored, stored.items == items, stored.score == result?.score, stored.passed == result?.passed {
                        try bump.execute(arguments: [evaluator.version, row.call])
                        continue
                    }
                    try replace.execute(arguments: [row.call, result?.form, evaluator.version, result?.score, result?.passed, items])
                    if stored?.score != result?.score || stored?.passed != result?.passed || stored == nil {
                        try listing.execute(arguments: [result?.score, result?.passed, row.call])
                    }
                }
                return true
            }
            guard current else { break }
            done += rows.count
            after = last.0.call
            try progress?(done)
        }
        return done
    }

    /// How `evaluator`'s forms would score every call with form facts, against the stored results; nothing
    /// is written.
    public func previewForms(_ evaluator: FormEvaluator, top: Int = 20,
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> FormPreview {
        struct Part {
            var preview = FormPreview()
            var sumBefore = 0.0, nBefore = 0, sumAfter = 0.0, nAfter = 0
        }
        let range = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT MIN(call_id) AS lo, MAX(call_id) AS hi FROM form_facts")
                .flatMap { row -> (Int64, Int64)? in
                    guard let lo: Int64 = row["lo"], let hi: Int64 = row["hi"] else { return nil }
                    return (lo, hi)
                }
        }
        guard let (lo, hi) = range else { return FormPreview() }
        // Each thread reads its own range of calls through its own reader as well as scoring it: reading the
        // facts is as much of the time as evaluating them.
        let parts = max(1, min(threads, Int(hi - lo + 1)))
        let partials = Locked([Part](repeating: Part(), count: parts))
        let failure = Locked<Error?>(nil)
        let span = hi - lo + 1
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let from = lo + span * Int64(k) / Int64(parts), to = lo + span * Int64(k + 1) / Int64(parts)
            var part = Part()
            var after = from - 1
            do {
                while true {
                    let rows = try pool.read { db in
                        try Row.fetchAll(db, sql: """
                            SELECT f.call_id, c.queue, c.direction, f.body, r.score, r.passed FROM form_facts f
                            JOIN call c ON c.id = f.call_id LEFT JOIN form_result r ON r.call_id = f.call_id
                            WHERE f.call_id > ? AND f.call_id < ? ORDER BY f.call_id LIMIT 2000
                            """, arguments: [after, to])
                    }
                    guard let last = rows.last else { break }
                    after = last["call_id"]
                    let pending = rows.map(FormRows.Pending.init)
                    let results = try FormRows.evaluate(pending, evaluator, threads: 1, encode: false).map(\.result)
                    for (row, result) in zip(rows, results) {
                        part.preview.calls += 1
                        let before: Double? = row["score"], passedBefore: Bool? = row["passed"]
                        if let before { part.sumBefore += before; part.nBefore += 1 }
                        if passedBefore == false { part.preview.failingBefore += 1 }
                        if let s = result?.score { part.sumAfter += s; part.nAfter += 1 }
                        if result?.passed == false { part.preview.failingAfter += 1 }
                        if let result {
                            for item in result.items {
                                var t = part.preview.items[result.form, default: [:]][item.id, default: FormItemTally()]
                                t.count(item.outcome)
                                part.preview.items[result.form, default: [:]][item.id] = t
                            }
                        }
                        if before != result?.score || passedBefore != result?.passed {
                            part.preview.changes.append(.init(call: row["call_id"], before: before, after: result?.score,
                                                              passedBefore: passedBefore, passedAfter: result?.passed))
                        }
                    }
                }
            } catch {
                failure.withLock { $0 = error }
            }
            partials.withLock { $0[k] = part }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        var preview = FormPreview()
        var sumBefore = 0.0, nBefore = 0, sumAfter = 0.0, nAfter = 0
        for part in partials.withLock({ $0 }) {
            preview.calls += part.preview.calls
            preview.failingBefore += part.preview.failingBefore
            preview.failingAfter += part.preview.failingAfter
            preview.changes += part.preview.changes
            for (form, items) in part.preview.items {
                for (id, t) in items { preview.items[form, default: [:]][id, default: FormItemTally()].add(t) }
            }
            sumBefore += part.sumBefore; nBefore += part.nBefore; sumAfter += part.sumAfter; nAfter += part.nAfter
        }
        preview.meanBefore = nBefore > 0 ? sumBefore / Double(nBefore) : nil
        preview.meanAfter = nAfter > 0 ? sumAfter / Double(nAfter) : nil
        preview.changes.sort {
            let a = abs(($0.after ?? 0) - ($0.before ?? 0)), b = abs(($1.after ?? 0) - ($1.before ?? 0))
            return a != b ? a > b : $0.call < $1.call
        }
        preview.changedCount = preview.changes.count
        preview.changes = Array(preview.changes.prefix(top))
        return preview
    }

    /// Per form and item, how many stored results pass, fail or are N/A.
    public func formItemTallies() throws -> [String: [String: FormItemTally]] {
        try pool.read { db in
            var out: [String: [String: FormItemTally]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT form, body FROM form_result WHERE form IS NOT NULL")
            while let row = try rows.next() {
                let form: String = row["form"]
                for item in try FormCoding.decodeItems(row["body"]) {
                    out[form, default: [:]][item.id, default: FormItemTally()].count(item.outcome)
                }
            }
            return out
        }
    }
}

/// Row-level reading and writing of form results, shared by analysis writes and the refresh.
enum FormRows {
    struct Pending: Sendable {
        var call: CallID
        var context: FormContext
        var body: Data

        /// From a row with `call_id`, `queue`, `direction` and the facts' `body`.
        init(_ row: Row) {
            call = row["call_id"]
            context = FormContext(queue: row["queue"], direction: row["direction"])
            body = row["body"]
        }
    }

    /// A call's stored result, to tell whether a re-score changed it.
    struct Stored {
        var score: Double?
        var passed: Bool?
        var items: Data
    }

    static func write(_ db: Database, _ result: FormResult?, call: CallID, version: Int) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO form_result (call_id, form, version, score, passed, body) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [call, result?.form, version, result?.score, result?.passed,
                             FormCoding.encode(items: result?.items ?? [])])
    }

    static func result(_ db: Database, call: CallID) throws -> FormResult? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM form_result WHERE call_id = ? AND form IS NOT NULL",
                                         arguments: [call]) else { return nil }
        return FormResult(form: row["form"], version: row["version"], score: row["score"], passed: row["passed"] ?? true,
                          items: try FormCoding.decodeItems(row["body"]))
    }

    /// Decodes, evaluates and encodes the item results on `threads` threads; results in the rows' order.
    static func evaluate(_ rows: [Pending], _ evaluator: FormEvaluator, threads: Int,
                         encode: Bool = true) throws -> [(result: FormResult?, items: Data)] {
        let text = evaluator.readsText
        let chunks = max(1, min(threads, rows.count / 256 + 1))
        let out = Locked<[[(result: FormResult?, items: Data)]]>(Array(repeating: [], count: chunks))
        let failure = Locked<Error?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            let lo = rows.count * k / chunks, hi = rows.count * (k + 1) / chunks
            var part: [(result: FormResult?, items: Data)] = []
            part.reserveCapacity(hi - lo)
            do {
                for i in lo..<hi {
                    let facts = try FormCoding.decodeFacts(rows[i].body, text: text)
                    let result = evaluator.evaluate(facts, context: rows[i].context)
                    part.append((result, encode ? FormCoding.encode(items: result?.items ?? []) : Data()))
                }
            } catch {
                failure.withLock { $0 = error }
            }
            out.withLock { $0[k] = part }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return out.withLock { $0 }.flatMap { $0 }
    }
}
