/// One key binding of a screen, declared beside the handler it runs (as lazygit's controllers do): the help
/// overlay and the status-bar hints are generated from these, so they cannot drift from what the keys do.
struct Binding {
    let keys: [Key]
    /// The help overlay's line.
    let help: String
    /// The status bar's word for it ("sort"); nil keeps it to the help overlay.
    let hint: String?
    let run: () -> Effect

    init(_ keys: Key..., help: String, hint: String? = nil, run: @escaping () -> Effect) {
        self.keys = keys
        self.help = help
        self.hint = hint
        self.run = run
    }

    var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}
