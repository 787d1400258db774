/// A dense, row-major matrix of `Double`s with value semantics.
///
/// Rows are samples and columns are features throughout MERModel.
public struct Matrix: Hashable, Codable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Row-major storage, `rows * columns` values.
    public var storage: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "storage holds \(storage.count) values, expected \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from equal-length rows. An empty array gives a 0×0 matrix.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows have different lengths")
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    /// The element at `row`, `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        Array(storage[(i * columns)..<((i + 1) * columns)])
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { storage[$0 * columns + j] }
    }

    /// The rows at `indices`, in that order.
    public func selectingRows<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for i in indices { out.append(contentsOf: storage[(i * columns)..<((i + 1) * columns)]) }
        return Matrix(rows: indices.count, columns: columns, storage: out)
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t.storage[j * rows + i] = storage[i * columns + j] } }
        return t
    }

    /// An `n`×`n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }
}

extension Matrix {
    private enum CodingKeys: String, CodingKey { case rows, columns, storage }

    /// Decodes a matrix, refusing one whose shape and storage disagree or that holds a
    /// non-finite value, so that a damaged or hostile file can never be read past its end.
    /// - Throws: `DecodingError.dataCorrupted` naming the problem.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        func corrupt(_ key: CodingKeys, _ why: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: why)
        }
        guard rows >= 0, columns >= 0 else { throw corrupt(.rows, "matrix dimensions \(rows)×\(columns) are negative") }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow else { throw corrupt(.columns, "matrix dimensions \(rows)×\(columns) are too large") }
        let storage = try container.decode([Double].self, forKey: .storage)
        guard storage.count == count else {
            throw corrupt(.storage, "matrix storage holds \(storage.count) values, but \(rows)×\(columns) needs \(count)")
        }
        if let bad = storage.firstIndex(where: { !$0.isFinite }) {
            throw corrupt(.storage, "matrix value at row \(bad / max(columns, 1) + 1), column \(bad % max(columns, 1) + 1) is not finite")
        }
        self.init(rows: rows, columns: columns, storage: storage)
    }
}
