import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers which folders do not exist, so that the entries of a missing
/// folder (a library on another machine) cost no system call each: a path is
/// `stat`ed only when its folder is not known to be missing. Folders are told
/// apart by their bytes (two normalisation forms of a name are two folders),
/// and those missing in every normalisation form are remembered too. Also holds
/// the scratch buffer the resolver joins and decodes paths in. One per import.
final class PathCache: @unchecked Sendable {
    /// Folders by their bytes (no string per lookup).
    private var missingFolders = ByteStringSet()
    private var lastBase: (text: String, parsed: URIReference)?

    /// The base URI parsed once for all the locations that share it.
    func parsedBase(_ text: String) -> URIReference {
        if let lastBase, lastBase.text == text { return lastBase.parsed }
        let parsed = URIReference(text)
        lastBase = (text, parsed)
        return parsed
    }
    private var presentFolders = ByteStringSet()
    /// The folder last found missing (its number in `missingFolders`): the entries of one missing folder
    /// in a row skip the set's hashing.
    private var lastMissingFolder: Int?
    /// False: nothing is remembered, every path is `stat`ed and every normalisation form tried (the string lane).
    private let remembersFolders: Bool

    init(remembersFolders: Bool = true) {
        self.remembersFolders = remembersFolders
    }

    func fileExists(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { fileExists($0) }
    }

    /// `fileExists` of a path's UTF-8 bytes (no string is made unless a folder is seen for the first time).
    func fileExists(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard remembersFolders else { return Self.statPath(path, LocationResolver.isNotADirectory) }
        guard let slash = path.lastIndex(of: 0x2F) else { return Self.statPath(path) { LocationResolver.isNotADirectory($0) } }
        let folder = UnsafeBufferPointer(rebasing: path[..<slash])
        if let lastMissingFolder, missingFolders.element(lastMissingFolder, equals: folder) { return false }
        if let index = missingFolders.index(of: folder) {
            lastMissingFolder = index
            return false
        }
        if Self.statPath(path, LocationResolver.isNotADirectory) {
            presentFolders.insert(folder)
            return true
        }
        if !folder.isEmpty, presentFolders.index(of: folder) == nil {
            if Self.statPath(folder, { ($0.st_mode & S_IFMT) == S_IFDIR }) {
                presentFolders.insert(folder)
            } else {
                lastMissingFolder = missingFolders.insert(folder)
            }
        }
        return false
    }

    /// A buffer reused for the paths `LocationResolver.plainPath` joins.
    private var scratch = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    deinit { scratch.deallocate() }

    /// The scratch buffer with room for `capacity` bytes (grown as needed), valid until the next call.
    func scratch(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if scratch.count < capacity {
            scratch.deallocate()
            scratch = .allocate(capacity: max(capacity, 2 * scratch.count, 256))
        }
        return UnsafeMutableBufferPointer(rebasing: scratch[..<capacity])
    }

    /// `a` then `b` in the scratch buffer, valid until the next call.
    func scratch(joining a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let count = a.count + b.count
        let target = UnsafeMutableRawBufferPointer(scratch(capacity: count))
        target.copyMemory(from: UnsafeRawBufferPointer(a))
        UnsafeMutableRawBufferPointer(rebasing: target[a.count...]).copyMemory(from: UnsafeRawBufferPointer(b))
        return UnsafeBufferPointer(rebasing: scratch[..<count])
    }

    /// Folders known to be missing in their written, NFC and NFD forms.
    private var foldersMissingInEveryForm = ByteStringSet()

    /// True when no normalisation form of the path can exist: the folders before its first non-ASCII byte
    /// are missing, or its folder is missing in every form.
    func noFormCanExist(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { noFormCanExist($0) }
    }

    /// `noFormCanExist` of a path's UTF-8 bytes.
    func noFormCanExist(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard remembersFolders else { return false }
        if hasMissingASCIIFolder(path) { return true }
        guard let slash = path.lastIndex(of: 0x2F) else { return false }
        return foldersMissingInEveryForm.index(of: UnsafeBufferPointer(rebasing: path[..<slash])) != nil
    }

    /// The folder of `path` (up to its last `/`), as UTF-8 bytes, to `body`; nil without a `/`.
    private func withFolder<Result>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        var path = path
        return path.withUTF8 { bytes in
            guard let slash = bytes.lastIndex(of: 0x2F) else { return nil }
            return body(UnsafeBufferPointer(rebasing: bytes[..<slash]))
        }
    }

    /// True when `path`'s folder was found missing.
    func isKnownMissingFolder(of path: String) -> Bool {
        guard remembersFolders else { return false }
        return withFolder(of: path) { missingFolders.index(of: $0) != nil } ?? false
    }

    /// Notes that `path`'s folder is missing in its written, NFC and NFD forms.
    func noteMissingInEveryForm(folderOf path: String) {
        _ = withFolder(of: path) { foldersMissingInEveryForm.insert($0) }
    }

    /// True when the folders before the path's first non-ASCII byte do not exist. Unicode normalisation
    /// leaves them as they are (ASCII has no other form, and nothing composes with the `/` that ends them),
    /// so no normalisation form of the path can exist either: a library on another machine costs no
    /// normalisation per entry.
    private func hasMissingASCIIFolder(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let firstNonASCII = bytes.firstIndex(where: { $0 >= 0x80 }),
              let slash = bytes[..<firstNonASCII].lastIndex(of: 0x2F), slash > 0 else { return false }
        let folder = UnsafeBufferPointer(rebasing: bytes[..<slash])
        if missingFolders.index(of: folder) != nil { return true }
        if presentFolders.index(of: folder) != nil { return false }
        if Self.statPath(folder, { ($0.st_mode & S_IFMT) == S_IFDIR }) {
            presentFolders.insert(folder)
            return false
        }
        missingFolders.insert(folder)
        return true
    }

    /// `stat`s the path held in `bytes` (made a C string on the stack) and tests the result; false when `stat` fails.
    private static func statPath(_ bytes: UnsafeBufferPointer<UInt8>, _ test: (stat) -> Bool) -> Bool {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            guard let target = buffer.baseAddress else { return false }
            if let source = bytes.baseAddress { UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: bytes.count) }
            target[bytes.count] = 0
            var info = stat()
            guard stat(target, &info) == 0 else { return false }
            return test(info)
        }
    }
}

/// A set of byte strings, looked up by borrowed bytes without making a key object per lookup: the
/// folders a `PathCache` has seen. Elements are numbered in the order they were inserted.
struct ByteStringSet {
    private var storage = [UInt8]()
    private var ranges = [Range<Int>]()
    /// The first element with each hash; `chain[i]` is the next element with element `i`'s hash (-1: none).
    private var firstByHash = [UInt64: Int]()
    private var chain = [Int]()

    /// FNV-1a, 64 bits.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// True when element `index` holds exactly `bytes`.
    func element(_ index: Int, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = ranges[index]
        guard range.count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return storage.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, bytes.baseAddress!, bytes.count) == 0 }
    }

    /// The number of the element equal to `bytes`, nil when there is none.
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var next = firstByHash[Self.hash(bytes)] ?? -1
        while next >= 0 {
            if element(next, equals: bytes) { return next }
            next = chain[next]
        }
        return nil
    }

    /// Adds `bytes` (if absent) and returns its number.
    @discardableResult
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if let index = index(of: bytes) { return index }
        let h = Self.hash(bytes)
        let index = ranges.count
        ranges.append(storage.count..<(storage.count + bytes.count))
        storage.append(contentsOf: bytes)
        chain.append(firstByHash[h] ?? -1)
        firstByHash[h] = index
        return index
    }
}
