/// What can go wrong with the database or its migrations; each says what to do.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    /// A migration file's name is not `NNNN_description.sql`.
    case invalidMigrationName(String)
    /// Two files claim the same version.
    case duplicateMigrationVersion(Int, [String])
    /// An applied migration's file changed since it ran.
    case migrationChanged(version: Int, name: String, applied: String, now: String)
    /// The database has a migration this code does not know (the code is older than the database).
    case unknownAppliedMigration(version: Int, name: String)
    /// A migration failed; its transaction was rolled back.
    case migrationFailed(version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let why): return "invalid database configuration: \(why)"
        case .invalidMigrationName(let file):
            return "migration file '\(file)' must be named NNNN_description.sql (a number, an underscore, a name)"
        case .duplicateMigrationVersion(let version, let files):
            return "migration version \(version) is used by more than one file: \(files.joined(separator: ", "))"
        case .migrationChanged(let version, let name, let applied, let now):
            return "migration \(version) (\(name)) was changed after it was applied (checksum \(applied.prefix(12))… now \(now.prefix(12))…); never edit an applied migration: add a new one"
        case .unknownAppliedMigration(let version, let name):
            return "the database has migration \(version) (\(name)) which this code does not have; deploy the newer code"
        case .migrationFailed(let version, let name, let reason):
            return "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        }
    }
}
