import HarkCore

/// What a screen's key handler asks of the desk. Screens never reach into each other or the frame: they return
/// one of these and the desk carries it out.
enum Effect {
    case none
    /// A line for the status bar until the next key.
    case message(String)
    /// Opens the call on the Review screen.
    case openCall(CallID)
    case show(ScreenID)
    /// Shows the Calls screen with this filter typed in (a drill-down from another screen).
    case showCalls(filter: String)
    case prompt(PromptRequest)
    /// Goes back as `q` would.
    case back
    /// Calls or jobs changed in the store (a retry): reload before the next frame.
    case reload
    indirect case all([Effect])
}

/// A one-line prompt and what its submitted text does.
struct PromptRequest {
    var prompt: Prompt
    var submit: (String) -> PromptOutcome

    init(title: String, text: String = "", hint: String, submit: @escaping (String) -> PromptOutcome) {
        prompt = Prompt(title: title, text: text, hint: hint)
        self.submit = submit
    }
}

enum PromptOutcome {
    case done(Effect)
    /// The input was refused: the prompt stays open with the typed text and the reason under it, so a typo
    /// is fixed rather than retyped.
    case refused(String)
}
