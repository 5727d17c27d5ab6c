import Foundation
import HarkTestSupport
import Testing

/// `hark forms` and `hark what-if --form` as a QA lead runs them: list, export per queue, a bad file refused with
/// one line naming the item (the stored forms unchanged), import, versions, undo.
@Suite struct FormsCommandTests {
    func hark(_ args: [String], store: String) throws -> ProcessResult {
        try Shell.run(Paths.harkBinary, args + ["--store", store], environment: ["HARK_AUTHOR": "qa-lead"])
    }

    static let wealth = """
        [[form]]
        name = "wealth-sales"
        queues = ["wealth"]
        [[form.item]]
        id = "risk"
        title = "Gives the risk notice"
        points = 20
        critical = true
        require = { category = "风险提示", role = "agent" }
        [[form.item]]
        id = "greeting"
        points = 10
        require = { category = "问候", role = "agent", first = 10 }
        """

    @Test func listExportImportRefuseVersionsAndUndo() throws {
        let dir = try TemporaryDirectory()
        let store = dir.path("calls.sqlite")
        let list = try hark(["forms", "list"], store: store)
        #expect(list.status == 0 && list.stdout.contains("forms version 1") && list.stdout.contains("greeting"), "\(list.stdout)")

        let bad = dir.path("bad.toml")
        try (Self.wealth.replacingOccurrences(of: "风险提示", with: "风险提醒")).write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try hark(["forms", "import", bad], store: store)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(bad): form \"wealth-sales\", item \"risk\": require: unknown category \"风险提醒\""),
                "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let cycle = dir.path("cycle.toml")
        try (Self.wealth.replacingOccurrences(of: "role = \"agent\" }", with: "role = \"agent\", after = \"greeting\" }")
            .replacingOccurrences(of: "first = 10", with: "first = 10, before = \"risk\"")).write(toFile: cycle, atomically: true, encoding: .utf8)
        let looped = try hark(["forms", "import", cycle], store: store)
        #expect(looped.status != 0 && looped.stderr.contains("before/after form a cycle"), "\(looped.stderr)")
        #expect(try hark(["forms", "versions"], store: store).stdout.split(separator: "\n").count == 1)

        let good = dir.path("wealth.toml")
        try Self.wealth.write(toFile: good, atomically: true, encoding: .utf8)
        let imported = try hark(["forms", "import", good], store: store)
        #expect(imported.status == 0 && imported.stdout.contains("saved forms version 2"), "\(imported.stdout)\(imported.stderr)")
        #expect(try hark(["forms", "import", good], store: store).stdout.contains("forms unchanged; nothing saved"))
        let exported = try hark(["forms", "export", "--queue", "wealth"], store: store).stdout
        #expect(exported.contains("name = \"wealth-sales\"") && exported.contains("critical = true"), "\(exported)")
        #expect(try hark(["forms", "export", "--queue", "billing"], store: store).stdout.contains("name = \"standard\""))
        let versions = try hark(["forms", "versions"], store: store).stdout
        #expect(versions.contains("qa-lead") && versions.contains("import wealth.toml: wealth-sales"), "\(versions)")

        let whatIf = try hark(["what-if", "--form", good], store: store)
        #expect(whatIf.status == 0 && whatIf.stdout.contains("what-if over 0 analysed calls"), "\(whatIf.stdout)\(whatIf.stderr)")

        let undo = try hark(["forms", "undo"], store: store)
        #expect(undo.stdout.contains("saved forms version 3 (restore version 1)"), "\(undo.stdout)")
        #expect(try hark(["forms", "export", "--queue", "wealth"], store: store).stdout.contains("name = \"standard\""))
    }
}
