/// The form a store starts with, identical to `forms/default.toml` (a HarkStore test decodes the file and
/// compares): one default form for every queue, with what any service call needs and nothing a queue may not
/// (no risk notice, no identity check: those belong in a queue's own form).
extension FormSet {
    public static let standard = FormSet(forms: [
        QAForm(name: "standard", queues: [FormSet.anyQueue], items: [
            FormItem(id: "greeting", title: "Greets the caller in the first 20 s", points: 10, check: .require,
                     condition: FormCondition(category: "问候", role: .agent, first: 20)),
            FormItem(id: "closing", title: "Closes the call in the last 30 s", points: 10, check: .require,
                     condition: FormCondition(category: "结束语", role: .agent, last: 30)),
            FormItem(id: "no-long-silence", title: "No silence over 15 s", points: 5, check: .forbid,
                     condition: FormCondition(silenceOver: 15)),
            FormItem(id: "answers-promptly", title: "Answers the customer within 10 s", points: 5, check: .forbid,
                     condition: FormCondition(slowResponseOver: 10)),
            FormItem(id: "no-talking-over", title: "Does not talk over the customer", points: 5, check: .forbid,
                     condition: FormCondition(overtalkOver: 2, role: .agent)),
        ]),
    ])
}
