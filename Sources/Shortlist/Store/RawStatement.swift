import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API for the few hot loops (candidate import)
/// where GRDB's per-argument boxing costs more than the insert itself. Text and integers only.
struct RawStatement {
    enum Value {
        case text(String?)
        case int(Int)
    }

    private let statement: Statement
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Runs the statement with `values`; returns the first column of the first row as text, if any.
    @discardableResult
    func run(_ values: [Value]) throws -> String? {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .text(let text?): sqlite3_bind_text(handle, index, text, -1, transient)
            case .text(nil): sqlite3_bind_null(handle, index)
            case .int(let number): sqlite3_bind_int64(handle, index, Int64(number))
            }
        }
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        switch code {
        case SQLITE_ROW:
            guard let text = sqlite3_column_text(handle, 0) else { return nil }
            return String(cString: text)
        case SQLITE_DONE:
            return nil
        default:
            let message = sqlite3_errmsg(connection).map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}

/// SQLite copies bound text before `sqlite3_bind_text` returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
