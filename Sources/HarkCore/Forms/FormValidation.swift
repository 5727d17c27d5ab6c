import Foundation

/// Refuses a form set that could not score calls as its author meant: unknown categories or item ids, a cycle
/// of `before` / `after`, a regular expression that does not compile, a table that tests nothing or two things.
public enum FormValidation {
    /// - Parameter categories: the dictionary's category names; nil skips the check.
    public static func validate(_ set: FormSet, categories: Set<String>?) throws {
        var names = Set<String>()
        var queues: [String: String] = [:]
        for form in set.forms {
            let name = form.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw FormError("a form has no name") }
            guard names.insert(name).inserted else { throw FormError(form: name, "appears twice") }
            guard !form.queues.isEmpty else {
                throw FormError(form: name, "names no queue (queues = [\"...\"], or \"*\" for the default form)")
            }
            for queue in form.queues {
                if let other = queues[queue] {
                    throw FormError(form: name, queue == FormSet.anyQueue
                        ? "is a second default form (\"*\" is already form \"\(other)\")"
                        : "queue \"\(queue)\" is already scored by form \"\(other)\"")
                }
                queues[queue] = name
            }
            try validate(form, categories: categories)
        }
    }

    static func validate(_ form: QAForm, categories: Set<String>?) throws {
        guard !form.items.isEmpty else { throw FormError(form: form.name, "has no items") }
        var ids = Set<String>()
        for item in form.items {
            let id = item.id.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw FormError(form: form.name, "an item has no id") }
            guard ids.insert(id).inserted else { throw FormError(form: form.name, item: id, "id appears twice") }
            guard item.points.isFinite, item.points >= 0 else {
                throw FormError(form: form.name, item: id, "points must be 0 or more")
            }
        }
        for item in form.items {
            func check(_ c: FormCondition, _ key: String) throws {
                do { try validate(c, ids: ids, categories: categories) } catch let e as FormError {
                    throw FormError(form: form.name, item: item.id, "\(key): \(e.problem)")
                }
            }
            try check(item.condition, item.check.rawValue)
            if let a = item.appliesIf { try check(a, "applies_if") }
            if item.condition.references.contains(item.id) || (item.appliesIf?.references.contains(item.id) ?? false) {
                throw FormError(form: form.name, item: item.id, "before/after names the item itself")
            }
        }
        _ = try order(form)
    }

    static func validate(_ c: FormCondition, ids: Set<String>, categories: Set<String>?) throws {
        let tested = c.tested
        if tested.count > 1 {
            throw FormError("tests \(tested.joined(separator: " and ")) in one table; combine them with all = [...] or any = [...]")
        }
        if tested.first?.contains("+") == true {
            throw FormError("use one of category, terms or regex per table (\(tested[0]))")
        }
        if c.notRegex != nil, c.category == nil, c.terms == nil, c.regex == nil {
            throw FormError("not_regex needs a category, terms or regex to narrow")
        }
        if tested.isEmpty && (c.all ?? []).isEmpty && (c.any ?? []).isEmpty {
            throw FormError("tests nothing (give a category, terms, regex, silence_over, slow_response_over, overtalk_over, rate_over, rate_under, direction or language)")
        }
        if let all = c.all, all.isEmpty { throw FormError("all = [] is empty") }
        if let any = c.any, any.isEmpty { throw FormError("any = [] is empty") }
        if let category = c.category, let categories, !categories.contains(category) {
            throw FormError("unknown category \"\(category)\" (not in the dictionary)")
        }
        if let terms = c.terms {
            guard !terms.isEmpty, !terms.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw FormError("terms must be non-empty phrases")
            }
        }
        for (key, pattern) in [("regex", c.regex), ("not_regex", c.notRegex)] {
            guard let pattern else { continue }
            do { _ = try NSRegularExpression(pattern: pattern) } catch {
                throw FormError("\(key) \"\(pattern)\" does not compile")
            }
        }
        for (key, value) in [("first", c.first), ("last", c.last), ("silence_over", c.silenceOver),
                             ("slow_response_over", c.slowResponseOver), ("overtalk_over", c.overtalkOver),
                             ("rate_over", c.rateOver), ("rate_under", c.rateUnder)] {
            if let value, !(value.isFinite && value > 0) { throw FormError("\(key) must be a positive number") }
        }
        for (key, value) in [("first_pct", c.firstPct), ("last_pct", c.lastPct)] {
            if let value, !(value > 0 && value <= 100) { throw FormError("\(key) must be between 0 and 100") }
        }
        if let n = c.minCount, n < 1 { throw FormError("min_count must be at least 1") }
        if let d = c.direction, !["inbound", "outbound"].contains(d) {
            throw FormError("direction must be \"inbound\" or \"outbound\"")
        }
        for ref in [c.before, c.after].compactMap({ $0 }) where !ids.contains(ref) {
            throw FormError("before/after names unknown item \"\(ref)\"")
        }
        for sub in (c.all ?? []) + (c.any ?? []) { try validate(sub, ids: ids, categories: categories) }
    }

    /// Item indices in an order where every item comes after those its `before` / `after` refer to.
    static func order(_ form: QAForm) throws -> [Int] {
        let index = Dictionary(form.items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var state = [Int](repeating: 0, count: form.items.count)  // 0 new, 1 visiting, 2 done
        var out: [Int] = []
        func visit(_ i: Int, _ path: [String]) throws {
            if state[i] == 2 { return }
            let item = form.items[i]
            if state[i] == 1 {
                throw FormError(form: form.name, item: item.id,
                                "before/after form a cycle (\((path + [item.id]).joined(separator: " → ")))")
            }
            state[i] = 1
            for ref in item.condition.references + (item.appliesIf?.references ?? []) {
                if let j = index[ref] { try visit(j, path + [item.id]) }
            }
            state[i] = 2
            out.append(i)
        }
        for i in form.items.indices { try visit(i, []) }
        return out
    }
}
