/// A form that cannot be used, naming the form and item so a QA lead can find the line.
public struct FormError: Error, CustomStringConvertible, Sendable, Hashable {
    public var form: String?
    public var item: String?
    public var problem: String

    public init(form: String? = nil, item: String? = nil, _ problem: String) {
        self.form = form
        self.item = item
        self.problem = problem
    }

    public var description: String {
        var at: [String] = []
        if let form { at.append("form \"\(form)\"") }
        if let item { at.append("item \"\(item)\"") }
        return at.isEmpty ? problem : "\(at.joined(separator: ", ")): \(problem)"
    }
}
