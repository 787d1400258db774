/// Fills a 2-D SQLite R*Tree `(id, min_x, max_x, min_y, max_y)` with points in one pass by
/// writing its shadow tables (`<table>_node`, `<table>_rowid`, `<table>_parent`) directly:
/// the leaves are packed in sort-tile-recursive order (sorted by x into vertical slices,
/// each slice sorted by y), and the upper levels are built bottom-up. That is much faster
/// than one R*Tree insert per point, each of which walks and rewrites several nodes.
///
/// The nodes use the R*Tree's own layout (SQLite's `rtree.c` format): a 2-byte depth
/// (root only), a 2-byte cell count, then cells of an 8-byte id and four big-endian
/// 32-bit floats (min x, max x, min y, max y) rounded outward as the R*Tree rounds them.
/// Node 1 is the root. The caller holds the transaction and checks the result with
/// `rtreecheck()` in tests.
enum RTreeBulkLoad {
    struct Box {
        var minX: Float, maxX: Float, minY: Float, maxY: Float

        func union(_ other: Box) -> Box {
            Box(minX: Swift.min(minX, other.minX), maxX: Swift.max(maxX, other.maxX),
                minY: Swift.min(minY, other.minY), maxY: Swift.max(maxY, other.maxY))
        }
    }

    /// One point to index.
    struct Entry {
        var id: Int64
        var x: Double
        var y: Double
    }

    // The R*Tree's float rounding (rtreeValueDown / rtreeValueUp).
    private static let towardZero = 1.0 - 1.0 / 8_388_608.0
    private static let awayFromZero = 1.0 + 1.0 / 8_388_608.0

    static func roundDown(_ d: Double) -> Float {
        let f = Float(d)
        return Double(f) > d ? Float(d * (d < 0 ? awayFromZero : towardZero)) : f
    }

    static func roundUp(_ d: Double) -> Float {
        let f = Float(d)
        return Double(f) < d ? Float(d * (d < 0 ? towardZero : awayFromZero)) : f
    }

    private struct Node {
        /// Cells: positions in `entries` (leaves) or child node indexes into the level below (internal nodes).
        var children: [Int64]
        var boxes: [Box]
        var box: Box { boxes.dropFirst().reduce(boxes[0]) { $0.union($1) } }
    }

    /// Replaces the contents of R*Tree `table` with `entries`. Ids must be unique; the
    /// rowid table is written fastest when `entries` come in id order.
    static func fill(_ table: String, with entries: [Entry], in db: Database) throws {
        let quoted = { (suffix: String) in "\"\(table)_\(suffix)\"" }
        guard let nodeSize = try db.fetchOne("SELECT length(data) FROM \(quoted("node")) WHERE nodeno = 1", row: { Int($0.int64(at: 0)) }),
              nodeSize >= 4 + 24 * 3 else {
            throw DatabaseError(.corruptVirtualTable, message: "the R*Tree \(table) has no root node")
        }
        let capacity = min(51, (nodeSize - 4) / 24)
        try db.execute("DELETE FROM \(quoted("node"))")
        try db.execute("DELETE FROM \(quoted("rowid"))")
        try db.execute("DELETE FROM \(quoted("parent"))")

        // Leaves, in sort-tile-recursive order.
        // Sorted copies whose `id` is the position in `entries` (leaves refer to entries by position).
        let sorted = entries.enumerated().map { Entry(id: Int64($0.offset), x: $0.element.x, y: $0.element.y) }
            .sorted { $0.x != $1.x ? $0.x < $1.x : $0.id < $1.id }
        let leafCount = (sorted.count + capacity - 1) / capacity
        let sliceCount = max(1, Int(Double(leafCount).squareRoot().rounded(.up)))
        let sliceSize = sliceCount == 0 ? sorted.count : ((leafCount + sliceCount - 1) / sliceCount) * capacity
        var levels = [[Node]]()
        var leaves = [Node]()
        leaves.reserveCapacity(leafCount)
        var sliceStart = 0
        while sliceStart < sorted.count {
            let slice = sorted[sliceStart..<min(sorted.count, sliceStart + sliceSize)].sorted { $0.y != $1.y ? $0.y < $1.y : $0.id < $1.id }
            var start = 0
            while start < slice.count {
                let cells = slice[start..<min(slice.count, start + capacity)]
                leaves.append(Node(children: cells.map(\.id), boxes: cells.map {
                    Box(minX: roundDown($0.x), maxX: roundUp($0.x), minY: roundDown($0.y), maxY: roundUp($0.y))
                }))
                start += capacity
            }
            sliceStart += sliceSize
        }
        levels.append(leaves)
        // Upper levels: consecutive nodes (already spatially grouped) under one parent.
        while levels[levels.count - 1].count > 1 {
            let below = levels[levels.count - 1]
            var level = [Node]()
            var start = 0
            while start < below.count {
                let range = start..<min(below.count, start + capacity)
                level.append(Node(children: range.map(Int64.init), boxes: range.map { below[$0].box }))
                start += capacity
            }
            levels.append(level)
        }
        if levels[levels.count - 1].isEmpty { levels[levels.count - 1] = [Node(children: [], boxes: [])] }

        // Node numbers: the root is 1, then level by level downwards.
        var numbers = [[Int64]](repeating: [], count: levels.count)
        var next: Int64 = 1
        for depth in stride(from: levels.count - 1, through: 0, by: -1) {
            numbers[depth] = (0..<levels[depth].count).map { _ in defer { next += 1 }; return next }
        }

        let insertNode = try db.makeStatement("INSERT INTO \(quoted("node")) (nodeno, data) VALUES (?, ?)")
        let insertParent = try db.makeStatement("INSERT INTO \(quoted("parent")) (nodeno, parentnode) VALUES (?, ?)")
        var blob = [UInt8](repeating: 0, count: nodeSize)
        func put16(_ value: Int, at offset: Int) {
            blob[offset] = UInt8(truncatingIfNeeded: value >> 8)
            blob[offset + 1] = UInt8(truncatingIfNeeded: value)
        }
        func put64(_ value: Int64, at offset: Int) {
            let bits = UInt64(bitPattern: value)
            for i in 0..<8 { blob[offset + i] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64(i))) }
        }
        func putFloat(_ value: Float, at offset: Int) {
            let bits = value.bitPattern
            for i in 0..<4 { blob[offset + i] = UInt8(truncatingIfNeeded: bits >> (24 - 8 * UInt32(i))) }
        }
        for depth in stride(from: levels.count - 1, through: 0, by: -1) {
            for (index, node) in levels[depth].enumerated() {
                for i in blob.indices { blob[i] = 0 }
                let number = numbers[depth][index]
                if number == 1 { put16(levels.count - 1, at: 0) }
                put16(node.children.count, at: 2)
                for (cell, child) in node.children.enumerated() {
                    let offset = 4 + 24 * cell
                    put64(depth == 0 ? entries[Int(child)].id : numbers[depth - 1][Int(child)], at: offset)
                    let box = node.boxes[cell]
                    putFloat(box.minX, at: offset + 8)
                    putFloat(box.maxX, at: offset + 12)
                    putFloat(box.minY, at: offset + 16)
                    putFloat(box.maxY, at: offset + 20)
                }
                try insertNode.bind(number, at: 1)
                try blob.withUnsafeBytes { try insertNode.bind(blob: $0, at: 2) }
                try insertNode.execute()
                if depth > 0 {
                    for child in node.children {
                        try insertParent.bind(numbers[depth - 1][Int(child)], at: 1)
                        try insertParent.bind(number, at: 2)
                        try insertParent.execute()
                    }
                }
            }
        }

        // Row id → leaf, written in id order (appends to the rowid table's B-tree).
        var leafOf = [Int64](repeating: 0, count: entries.count)
        for (index, leaf) in levels[0].enumerated() {
            for position in leaf.children { leafOf[Int(position)] = numbers[0][index] }
        }
        var order = Array(entries.indices)
        if !zip(entries, entries.dropFirst()).allSatisfy({ $0.id < $1.id }) { order.sort { entries[$0].id < entries[$1].id } }
        let insertRowid = try db.makeStatement("INSERT INTO \(quoted("rowid")) (rowid, nodeno) VALUES (?, ?)")
        for index in order {
            try insertRowid.bind(entries[index].id, at: 1)
            try insertRowid.bind(leafOf[index], at: 2)
            try insertRowid.execute()
        }
    }
}
