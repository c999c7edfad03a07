import Crypto
import Foundation

/// One versioned SQL migration, read from `Migrations/NNNN_description.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file, hex.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Every `*.sql` file of `directory`, in version order.
    public static func load(from directory: String) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0,
                  stem.index(after: underscore) < stem.endIndex
            else { throw DatabaseError.invalidMigrationName(file) }
            let sql = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (version, group) in Dictionary(grouping: migrations, by: \.version) where group.count > 1 {
            throw DatabaseError.duplicateMigrationVersion(version, group.map { String(format: "%04d_%@.sql", $0.version, $0.name) })
        }
        return migrations
    }
}
