import HarkCore
import TOMLKit

/// Reads and writes QA forms in the layout documented at the top of `forms/default.toml`: `[[form]]` tables
/// with name, queues and `[[form.item]]` tables (id, title, points, critical, require | forbid, applies_if).
///
/// Unknown keys are refused rather than ignored: a misspelt `frist = 10` would otherwise silently make the
/// greeting count wherever it is said.
public enum FormTOML {
    static let itemKeys: Set<String> = ["id", "title", "points", "critical", "require", "forbid", "applies_if"]
    static let conditionKeys: Set<String> = [
        "category", "terms", "regex", "not_regex", "silence_over", "slow_response_over", "overtalk_over",
        "rate_over", "rate_under", "direction", "language", "role", "first", "last", "first_pct", "last_pct",
        "before", "after", "min_count", "all", "any",
    ]

    /// Parses `toml` (the contents of `source`, named in errors) into a form set. Structure only: what the
    /// forms refer to is checked by `FormValidation` (which the store runs on save).
    public static func decode(_ toml: String, source: String) throws -> FormSet {
        func fail(_ problem: String) -> DictionaryTOML.DecodeError { .init(source: source, problem: problem) }
        let root = try TOMLText.parse(toml, source: source)
        for key in root.keys where key != "form" && key != "version" { throw fail("unknown key \"\(key)\" (expected [[form]] tables)") }
        guard let list = root["form"]?.array else { throw fail("no [[form]] tables") }
        var forms: [QAForm] = []
        for (n, value) in list.enumerated() {
            guard let table = value.table else { throw fail("form #\(n + 1) is not a table") }
            guard let name = table["name"]?.string, !name.isEmpty else { throw fail("form #\(n + 1) has no name") }
            for key in table.keys where !["name", "queues", "item"].contains(key) {
                throw fail("form \"\(name)\": unknown key \"\(key)\"")
            }
            let queues: [String]
            if let q = table["queues"] {
                guard let array = q.array, let strings = strings(array) else {
                    throw fail("form \"\(name)\": queues must be a list of names, e.g. [\"wealth\"] or [\"*\"]")
                }
                queues = strings
            } else { queues = [] }
            guard let items = table["item"]?.array else { throw fail("form \"\(name)\" has no [[form.item]] tables") }
            var parsed: [FormItem] = []
            for (k, itemValue) in items.enumerated() {
                guard let item = itemValue.table else { throw fail("form \"\(name)\": item #\(k + 1) is not a table") }
                do { parsed.append(try self.item(item, number: k + 1)) } catch let e as ConditionError {
                    throw fail("form \"\(name)\"\(e.problem.hasPrefix("item \"") ? ", " : ": ")\(e.problem)")
                }
            }
            forms.append(QAForm(name: name, queues: queues, items: parsed))
        }
        return FormSet(forms: forms)
    }

    struct ConditionError: Error { var problem: String }

    /// One item from a desk prompt: its keys as one line, `id = "greeting", points = 10, require = { … }`.
    public static func decodeItem(_ line: String) throws -> FormItem {
        let table: TOMLTable
        do { table = try TOMLTable(string: "item = { \(line) }") } catch {
            throw DictionaryTOML.DecodeError(source: "item", problem: "not TOML: write id = \"…\", points = 10, require = { … }")
        }
        guard let item = table["item"]?.table else { throw DictionaryTOML.DecodeError(source: "item", problem: "not a table") }
        do { return try self.item(item, number: 1) } catch let e as ConditionError {
            throw DictionaryTOML.DecodeError(source: "item", problem: e.problem)
        }
    }

    /// The item's keys as one line, as `decodeItem` reads them.
    public static func encodeItem(_ item: FormItem) -> String {
        var parts = ["id = \(q(item.id))"]
        if item.title != item.id { parts.append("title = \(q(item.title))") }
        parts.append("points = \(DictionaryTOML.number(item.points))")
        if item.critical { parts.append("critical = true") }
        parts.append("\(item.check.rawValue) = \(inline(item.condition))")
        if let a = item.appliesIf { parts.append("applies_if = \(inline(a))") }
        return parts.joined(separator: ", ")
    }

    static func item(_ item: TOMLTable, number position: Int) throws -> FormItem {
        guard let id = item["id"]?.string, !id.isEmpty else { throw ConditionError(problem: "item #\(position) has no id") }
        func itemFail(_ problem: String) -> ConditionError { ConditionError(problem: "item \"\(id)\": \(problem)") }
        for key in item.keys where !itemKeys.contains(key) { throw itemFail("unknown key \"\(key)\"") }
        let points: Double
        if let p = item["points"] {
            guard let v = number(p) else { throw itemFail("points must be a number") }
            points = v
        } else { throw itemFail("has no points") }
        var critical = false
        if let c = item["critical"] {
            guard let b = c.bool else { throw itemFail("critical must be true or false") }
            critical = b
        }
        var title: String?
        if let t = item["title"] {
            guard let s = t.string else { throw itemFail("title must be a string") }
            title = s
        }
        let require = item["require"], forbid = item["forbid"]
        guard (require == nil) != (forbid == nil) else {
            throw itemFail(require == nil ? "needs require = { … } or forbid = { … }" : "has both require and forbid; give one")
        }
        let check: FormCheck = require != nil ? .require : .forbid
        let condition: FormCondition
        do { condition = try self.condition(require ?? forbid!) } catch let e as ConditionError {
            throw itemFail("\(check.rawValue): \(e.problem)")
        }
        var appliesIf: FormCondition?
        if let a = item["applies_if"] {
            do { appliesIf = try self.condition(a) } catch let e as ConditionError { throw itemFail("applies_if: \(e.problem)") }
        }
        return FormItem(id: id, title: title, points: points, critical: critical, check: check, condition: condition,
                        appliesIf: appliesIf)
    }

    static func condition(_ value: TOMLValueConvertible) throws -> FormCondition {
        guard let t = value.table else { throw ConditionError(problem: "must be a table, e.g. { category = \"问候\" }") }
        for key in t.keys where !conditionKeys.contains(key) { throw ConditionError(problem: "unknown key \"\(key)\"") }
        func string(_ key: String) throws -> String? {
            guard let v = t[key] else { return nil }
            guard let s = v.string else { throw ConditionError(problem: "\(key) must be a string") }
            return s
        }
        func seconds(_ key: String) throws -> Double? {
            guard let v = t[key] else { return nil }
            guard let d = number(v) else { throw ConditionError(problem: "\(key) must be a number") }
            return d
        }
        func list(_ key: String) throws -> [FormCondition]? {
            guard let v = t[key] else { return nil }
            guard let array = v.array else { throw ConditionError(problem: "\(key) must be a list of tables: [{ … }, { … }]") }
            return try array.map { try condition($0) }
        }
        var c = FormCondition()
        c.category = try string("category")
        if let v = t["terms"] {
            if let s = v.string { c.terms = [s] } else if let a = v.array, let s = strings(a) { c.terms = s } else {
                throw ConditionError(problem: "terms must be a list of phrases")
            }
        }
        c.regex = try string("regex")
        c.notRegex = try string("not_regex")
        c.silenceOver = try seconds("silence_over")
        c.slowResponseOver = try seconds("slow_response_over")
        c.overtalkOver = try seconds("overtalk_over")
        c.rateOver = try seconds("rate_over")
        c.rateUnder = try seconds("rate_under")
        c.direction = try string("direction")
        c.language = try string("language")
        if let r = try string("role") {
            guard let role = FormRole(rawValue: r) else { throw ConditionError(problem: "role must be agent, customer or any") }
            c.role = role
        }
        c.first = try seconds("first")
        c.last = try seconds("last")
        c.firstPct = try seconds("first_pct")
        c.lastPct = try seconds("last_pct")
        c.before = try string("before")
        c.after = try string("after")
        if let v = t["min_count"] {
            guard let n = v.int else { throw ConditionError(problem: "min_count must be a whole number") }
            c.minCount = n
        }
        c.all = try list("all")
        c.any = try list("any")
        return c
    }

    /// Writes `set` in the documented layout; `decode(encode(s), source:)` gives back `s`.
    public static func encode(_ set: FormSet) -> String {
        var out = "# Hark QA forms (layout: see forms/default.toml).\n"
        for form in set.forms {
            out += "\n[[form]]\nname = \(q(form.name))\nqueues = [\(form.queues.map(q).joined(separator: ", "))]\n"
            for item in form.items {
                out += "\n[[form.item]]\nid = \(q(item.id))\n"
                if item.title != item.id { out += "title = \(q(item.title))\n" }
                out += "points = \(DictionaryTOML.number(item.points))\n"
                if item.critical { out += "critical = true\n" }
                out += "\(item.check.rawValue) = \(inline(item.condition))\n"
                if let a = item.appliesIf { out += "applies_if = \(inline(a))\n" }
            }
        }
        return out
    }

    static func inline(_ c: FormCondition) -> String {
        var parts: [String] = []
        func add(_ key: String, _ value: String?) { if let value { parts.append("\(key) = \(value)") } }
        add("category", c.category.map(q))
        add("terms", c.terms.map { "[\($0.map(q).joined(separator: ", "))]" })
        add("regex", c.regex.map(q))
        add("not_regex", c.notRegex.map(q))
        add("silence_over", c.silenceOver.map(DictionaryTOML.number))
        add("slow_response_over", c.slowResponseOver.map(DictionaryTOML.number))
        add("overtalk_over", c.overtalkOver.map(DictionaryTOML.number))
        add("rate_over", c.rateOver.map(DictionaryTOML.number))
        add("rate_under", c.rateUnder.map(DictionaryTOML.number))
        add("direction", c.direction.map(q))
        add("language", c.language.map(q))
        add("role", c.role.map { q($0.rawValue) })
        add("first", c.first.map(DictionaryTOML.number))
        add("last", c.last.map(DictionaryTOML.number))
        add("first_pct", c.firstPct.map(DictionaryTOML.number))
        add("last_pct", c.lastPct.map(DictionaryTOML.number))
        add("before", c.before.map(q))
        add("after", c.after.map(q))
        add("min_count", c.minCount.map(String.init))
        add("all", c.all.map { "[\($0.map(inline).joined(separator: ", "))]" })
        add("any", c.any.map { "[\($0.map(inline).joined(separator: ", "))]" })
        return "{ \(parts.joined(separator: ", ")) }"
    }

    private static func q(_ s: String) -> String { TOMLText.quoted(s) }

    private static func number(_ v: TOMLValueConvertible) -> Double? {
        if let d = v.double, d.isFinite { return d }
        return v.int.map(Double.init)
    }

    private static func strings(_ array: TOMLArray) -> [String]? {
        var out: [String] = []
        for v in array {
            guard let s = v.string else { return nil }
            out.append(s)
        }
        return out
    }
}
