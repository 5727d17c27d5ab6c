import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

@Suite struct DictionaryTOMLTests {
    static let path = Paths.packageRoot.appendingPathComponent("dictionaries/default.toml").path

    func defaultText() throws -> String { try String(contentsOfFile: Self.path, encoding: .utf8) }

    @Test func defaultDictionaryHasTheAgreedCategories() throws {
        let d = try DictionaryTOML.decode(defaultText(), source: Self.path)
        let byRole = Dictionary(grouping: d.categories, by: \.role).mapValues { $0.map(\.name) }
        #expect(byRole[.negative] == ["不满", "投诉", "焦急", "困惑"])
        #expect(byRole[.positive] == ["满意", "表扬", "解决问题"])
        #expect(byRole[.business] == ["退款", "售后", "咨询"])
        #expect(byRole[.compliance] == ["问候", "身份核验", "风险提示", "结束语"])
        #expect(byRole[.negation] == ["否定"])
        #expect(byRole[.dialect] == ["粤语", "四川话"])
        let compliance = d.categories(withRole: .compliance)
        #expect(compliance.map(\.order) == [1, 2, 3, 4] && compliance.allSatisfy { $0.speaker == .agent })
        #expect(d.categories(withRole: .dialect).map(\.dialect) == ["yue", "sichuan"])
        // Every sentiment/business/compliance category speaks both languages, with at least 5 terms each.
        for c in d.categories where c.role != .dialect {
            let chinese = c.terms.filter { $0.text.unicodeScalars.contains(where: CJK.isHan) }.count
            #expect(chinese >= 5 && c.terms.count - chinese >= 5, "\(c.name): \(chinese) Chinese, \(c.terms.count - chinese) English")
        }
    }

    @Test func builtInCopyMatchesTheFile() throws {
        // KeywordDictionary.standard lets pure-Swift code analyse without reading files; it must not drift.
        #expect(try DictionaryTOML.decode(defaultText(), source: Self.path) == KeywordDictionary.standard)
    }

    @Test func roundTripsThroughEncode() throws {
        let d = try DictionaryTOML.decode(defaultText(), source: Self.path)
        let again = try DictionaryTOML.decode(DictionaryTOML.encode(d), source: "encoded")
        #expect(again == d)
        // Awkward strings survive too.
        let odd = KeywordDictionary(categories: [KeywordCategory(name: "引号\"与\\反斜杠", role: .business, weight: 0.25,
                                                                 terms: [KeywordTerm("a \"quoted\" term", weight: 2.5)])])
        #expect(try DictionaryTOML.decode(DictionaryTOML.encode(odd), source: "odd") == odd)
    }

    @Test(arguments: [
        ("[[category]]\nrole = \"negative\"\nterms = [\"x\"]", "category #1 has no name"),
        ("[[category]]\nname = \"a\"\nrole = \"angry\"\nterms = [\"x\"]", "unknown role \"angry\""),
        ("[[category]]\nname = \"a\"\nrole = \"negative\"\nweight = 11\nterms = [\"x\"]", "weight 11.0 is outside 0...10"),
        ("[[category]]\nname = \"a\"\nrole = \"negative\"\nweight = -1.5\nterms = [\"x\"]", "weight -1.5 is outside 0...10"),
        ("[[category]]\nname = \"a\"\nrole = \"negative\"\nterms = [\"x\", \"  \"]", "term #2 is empty"),
        ("[[category]]\nname = \"a\"\nrole = \"negative\"\nterms = [\"Refund\", \"refund\"]", "duplicate term \"refund\""),
        ("[[category]]\nname = \"a\"\nrole = \"negative\"\nterms = []", "has no terms"),
        ("[[category]]\nname = \"a\"\nrole = \"dialect\"\nterms = [\"x\"]", "without `dialect`"),
        ("[[category]]\nname = \"a\"\nrole = \"negative\"\nterms = [\"x\"]\n[[category]]\nname = \"a\"\nrole = \"positive\"\nterms = [\"y\"]", "duplicate category \"a\""),
        ("name = ", "invalid TOML at line 1"),
        ("title = \"x\"", "no [[category]] tables"),
    ])
    func badFilesAreRefusedNamingFileAndProblem(toml: String, problem: String) {
        do {
            _ = try DictionaryTOML.decode(toml, source: "/tmp/mine.toml")
            Issue.record("accepted: \(toml)")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("/tmp/mine.toml: "), "\(message)")
            #expect(message.contains(problem), "\(message)")
            #expect(!message.contains("\n"))
        }
    }
}
