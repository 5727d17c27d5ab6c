import Foundation
import HarkCore

/// Makes text comparable: Simplified Chinese, full-width forms folded to ASCII, lower case.
///
/// Utterances store this form beside the original, and dictionary terms and search queries go through the
/// same function, so a Traditional transcript matches a Simplified keyword.
public struct TextNormalizer: Sendable {
    private let script: ChineseScript?

    public init(script: ChineseScript? = ChineseScript.traditionalToSimplified) {
        self.script = script
    }

    public func normalize(_ text: String) -> String {
        // NFKC folds full-width letters/digits (ＡＢＣ１２３) into ASCII before case folding.
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        guard folded.unicodeScalars.contains(where: CJK.isHan) else { return folded }
        return script?.convert(folded) ?? folded
    }
}
