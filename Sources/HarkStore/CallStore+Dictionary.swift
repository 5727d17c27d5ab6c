import Foundation
import GRDB
import HarkCore

/// One saved state of the keyword dictionary.
public struct DictionaryVersion: Sendable, Hashable {
    public var version: Int
    public var author: String
    public var createdAt: Date
    public var summary: String
}

extension CallStore {
    /// The current keyword dictionary, or nil before one was ever saved.
    public func dictionary() throws -> KeywordDictionary? {
        try pool.read { db in
            let categories = try Row.fetchAll(db, sql: "SELECT * FROM dictionary_category ORDER BY position")
            guard !categories.isEmpty else {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dictionary_version") == 0
                    ? nil : KeywordDictionary(categories: [])
            }
            let terms = Dictionary(grouping: try Row.fetchAll(db, sql: "SELECT * FROM dictionary_term ORDER BY position"),
                                   by: { (row: Row) -> Int64 in row["category_id"] })
            return KeywordDictionary(categories: categories.map { row in
                let speaker: String? = row["speaker"]
                return KeywordCategory(
                    name: row["name"], role: CategoryRole(rawValue: row["role"]) ?? .business, weight: row["weight"],
                    color: row["color"],
                    terms: (terms[row["id"]] ?? []).map { KeywordTerm($0["text"], weight: $0["weight"]) },
                    speaker: speaker.flatMap(Speaker.init(rawValue:)), order: row["ord"], dialect: row["dialect"])
            })
        }
    }

    /// Saves a new version of the dictionary and queues a rescore of every transcribed call, in one
    /// transaction. Returns the new version number.
    @discardableResult
    public func saveDictionary(_ dictionary: KeywordDictionary, author: String, summary: String,
                               at now: Date = Date()) throws -> Int {
        try Self.validate(dictionary)
        return try pool.write { db in
            try db.execute(sql: "DELETE FROM dictionary_category")
            for (position, category) in dictionary.categories.enumerated() {
                try db.execute(sql: """
                    INSERT INTO dictionary_category (position, name, role, weight, color, speaker, ord, dialect)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [position, category.name, category.role.rawValue, category.weight, category.color,
                                     category.speaker?.rawValue, category.order, category.dialect])
                let categoryID = db.lastInsertedRowID
                for (termPosition, term) in category.terms.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO dictionary_term (category_id, position, text, weight) VALUES (?, ?, ?, ?)
                        """, arguments: [categoryID, termPosition, term.text, term.weight])
                }
            }
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM dictionary_version") ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO dictionary_version (version, author, created_at, summary, body) VALUES (?, ?, ?, ?, ?)
                """, arguments: [version, author, now.storeValue, summary, try JSONCoding.encode(dictionary)])
            let transcribed = try CallID.fetchAll(db, sql: "SELECT id FROM call WHERE status = 'done'")
            for call in transcribed { try Jobs.enqueue(db, call: call, kind: .rescore, now: now) }
            return version
        }
    }

    /// Every saved version, newest first.
    public func dictionaryVersions() throws -> [DictionaryVersion] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT version, author, created_at, summary FROM dictionary_version ORDER BY version DESC")
                .map { DictionaryVersion(version: $0["version"], author: $0["author"],
                                         createdAt: Date(storeValue: $0["created_at"]), summary: $0["summary"]) }
        }
    }

    /// The dictionary as it was saved in `version`.
    public func dictionary(version: Int) throws -> KeywordDictionary? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM dictionary_version WHERE version = ?", arguments: [version])
                .map { try JSONCoding.decode(KeywordDictionary.self, $0) }
        }
    }

    /// Rejects what would make analysis meaningless: unnamed or duplicate categories, empty or repeated terms.
    static func validate(_ dictionary: KeywordDictionary) throws {
        var names = Set<String>()
        for category in dictionary.categories {
            let name = category.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw StoreError.invalidDictionary("a category has no name") }
            guard names.insert(name).inserted else { throw StoreError.invalidDictionary("category \(name) appears twice") }
            var terms = Set<String>()
            for term in category.terms {
                let text = term.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { throw StoreError.invalidDictionary("category \(name) has an empty term") }
                guard terms.insert(text.lowercased()).inserted else {
                    throw StoreError.invalidDictionary("term \(text) appears twice in category \(name)")
                }
            }
        }
    }
}
