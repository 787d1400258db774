import Foundation
import MoodIO

extension PlaylistImporter {
    /// Imports the playlist file at `url` and writes its `ImportReport` into `out` as the JSON document
    /// `JSONEncoder` writes for it (`.prettyPrinted`, `.sortedKeys`, `.withoutEscapingSlashes`), one track at a
    /// time: each is mapped, written and dropped, so memory does not grow with the playlist. The top file is
    /// read and validated whole before the first byte is written; only a limit broken inside a nested playlist
    /// can stop the document part-way (the error is thrown). The caller flushes `out` at the end.
    public func writeReport(at url: URL, to out: inout JSONByteWriter) throws {
        var list = EntryListWriter(out: out)
        let summary = try streamPlaylist(at: url, onStart: { encoding in
            list.out.raw("{\n  \"encoding\" : ")
            list.out.string(encoding.rawValue)
            list.out.raw(",\n  \"entries\" : [")
        }) { entry in
            // One access to `list` per entry: the closure's captured variable is checked on each access.
            list.write(entry)
        }
        list.close()
        out = list.out
        out.raw("\n  \"file\" : ")
        out.string(summary.file)
        out.raw(",\n  \"format\" : ")
        out.string(summary.format.rawValue)
        if let title = summary.title {
            out.raw(",\n  \"title\" : ")
            out.string(title)
        }
        out.raw(",\n  \"warnings\" : [\n")
        if summary.warnings.isEmpty {
            out.raw("\n  ]")
        } else {
            for (i, warning) in summary.warnings.enumerated() {
                if i == 0 { out.raw("    ") } else { out.raw(",\n    ") }
                out.string(warning.description)
            }
            out.raw("\n  ]")
        }
        out.raw("\n}\n")
    }
}

/// The `entries` array of the report, written one entry object at a time into `out` (which holds the
/// document's opening): `write` each entry in order, then `close` the array.
private struct EntryListWriter {
    var out: JSONByteWriter
    private var first = true
    /// The last entry's file and its quoted form: the entries of one file share it.
    private var file = ""
    private var quotedFile = [UInt8]()

    init(out: JSONByteWriter) {
        self.out = out
    }

    /// Closes the array (an empty one as `JSONEncoder` writes it) and puts the comma before the next key.
    mutating func close() {
        out.raw(first ? "\n\n  ]," : "\n  ],")
    }

    /// One entry object (`ImportReport.Entry`), keys in sorted order, at entry indentation.
    /// (Each key is written with the comma and line break that go before it: see `KeyWriter`.)
    mutating func write(_ entry: StreamedEntry) {
        out.raw(first ? "\n    {" : ",\n    {")
        first = false
        var keys = KeyWriter()
        keys.text(",\n      \"album\" : ", entry.album, &out)
        keys.text(",\n      \"artist\" : ", entry.artist, &out)
        if case let .deam(id) = entry.reference { keys.integer(",\n      \"deamId\" : ", id, &out) }
        keys.integer(",\n      \"depth\" : ", entry.depth, &out)
        if let duration = entry.duration { keys.key(",\n      \"duration\" : ", &out); out.number(duration) }
        switch entry.reference {
        case let .featureFile(url, _), let .audio(url, _, _): keys.string(",\n      \"featureFile\" : ", url.path, &out)
        default: break
        }
        keys.key(",\n      \"file\" : ", &out)
        if entry.file != file {
            file = entry.file
            var quoted = JSONByteWriter(fileDescriptor: -1, blockSize: 64)
            quoted.string(file)
            quotedFile = quoted.pendingBytes
        }
        quotedFile.withUnsafeBytes { out.raw($0) }
        if case let .line(n) = entry.position { keys.integer(",\n      \"line\" : ", n, &out) }
        keys.text(",\n      \"location\" : ", entry.location, &out)
        keys.string(",\n      \"outcome\" : ", entry.reference.kind, &out)
        if case let .unresolved(reason) = entry.reference { keys.string(",\n      \"reason\" : ", reason.description, &out) }
        keys.text(",\n      \"title\" : ", entry.title, &out)
        if case let .track(n) = entry.position { keys.integer(",\n      \"track\" : ", n, &out) }
        out.raw("\n    }")
        out.flushIfFull()
    }
}

/// Writes `"key" : value` pairs of one object at entry indentation. Each `key` argument is the whole
/// text before the value, comma first (`,\n      "name" : `): the first pair of an object leaves the comma out.
private struct KeyWriter {
    var first = true

    @inline(__always)
    mutating func key(_ key: StaticString, _ out: inout JSONByteWriter) {
        let skip = first ? 1 : 0
        first = false
        out.raw(UnsafeRawBufferPointer(start: key.utf8Start + skip, count: key.utf8CodeUnitCount - skip))
    }

    @inline(__always)
    mutating func string(_ key: StaticString, _ value: String, _ out: inout JSONByteWriter) {
        self.key(key, &out)
        out.string(value)
    }

    /// The pair, when there is a text (lent bytes are written without a string).
    @inline(__always)
    mutating func text(_ key: StaticString, _ value: EntryText, _ out: inout JSONByteWriter) {
        guard !value.isNone else { return }
        self.key(key, &out)
        value.withUTF8 { out.quoted($0) }
    }

    @inline(__always)
    mutating func integer(_ key: StaticString, _ value: Int, _ out: inout JSONByteWriter) {
        self.key(key, &out)
        out.integer(value)
    }
}
