/// Ordered, named schema migrations, recorded in the database as they are applied (in
/// the table `schema_migrations`), each applied at most once, in registration order.
package struct DatabaseMigrator {
    package struct Migration {
        package let name: String
        let migrate: (Database) throws -> Void
    }

    /// The table that records applied migrations.
    package static let table = "schema_migrations"

    package private(set) var migrations = [Migration]()

    package init() {}

    /// Adds a migration after the registered ones (names must be unique).
    package mutating func registerMigration(_ name: String, _ migrate: @escaping (Database) throws -> Void) {
        precondition(!migrations.contains { $0.name == name }, "duplicate migration \(name)")
        migrations.append(Migration(name: name, migrate: migrate))
    }

    /// The names recorded as applied, in the order applied (empty when none were).
    package func appliedMigrations(in db: Database) throws -> [String] {
        guard try db.tableExists(DatabaseMigrator.table) else { return [] }
        return try db.fetchAll("SELECT name FROM \(DatabaseMigrator.table) ORDER BY rowid") { $0.string(at: 0) ?? "" }
    }

    /// Applied names this migrator does not know (written by a newer program).
    package func unknownMigrations(in db: Database) throws -> [String] {
        let known = Set(migrations.map(\.name))
        return try appliedMigrations(in: db).filter { !known.contains($0) }
    }

    /// Registered migrations not applied yet.
    package func pendingMigrations(in db: Database) throws -> [String] {
        let applied = Set(try appliedMigrations(in: db))
        return migrations.map(\.name).filter { !applied.contains($0) }
    }

    /// Records `names` as applied without running them (adopting a database whose schema
    /// predates the migrations table).
    package func markApplied(_ names: [String], in db: Database) throws {
        try db.inTransaction {
            try createTable(db)
            for name in names { try db.execute("INSERT OR IGNORE INTO \(DatabaseMigrator.table) (name) VALUES (?)", [name]) }
        }
    }

    /// Applies the pending migrations, all in one transaction (each in its own savepoint).
    package func migrate(_ db: Database) throws {
        try db.inTransaction {
            try createTable(db)
            let applied = Set(try appliedMigrations(in: db))
            for migration in migrations where !applied.contains(migration.name) {
                try db.inTransaction {
                    try migration.migrate(db)
                    try db.execute("INSERT INTO \(DatabaseMigrator.table) (name) VALUES (?)", [migration.name])
                }
            }
        }
    }

    private func createTable(_ db: Database) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS \(DatabaseMigrator.table) (name TEXT NOT NULL PRIMARY KEY)")
    }
}
