/// Every QA form of a centre: which one scores a call is decided by the call's queue.
public struct FormSet: Codable, Sendable, Hashable {
    /// The queue name that makes a form the default.
    public static let anyQueue = "*"

    public var forms: [QAForm]

    public init(forms: [QAForm]) {
        self.forms = forms
    }

    /// The form that names the queue, else the default form, else none.
    public func form(forQueue queue: String?) -> QAForm? {
        if let queue, let named = forms.first(where: { $0.queues.contains(queue) }) { return named }
        return forms.first { $0.isDefault }
    }

    /// The set with `incoming` forms replacing those of the same name, new ones appended.
    public func merging(_ incoming: FormSet) -> FormSet {
        var forms = self.forms
        for form in incoming.forms {
            if let i = forms.firstIndex(where: { $0.name == form.name }) { forms[i] = form } else { forms.append(form) }
        }
        return FormSet(forms: forms)
    }
}
