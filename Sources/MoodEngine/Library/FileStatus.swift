import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the file system says of one path, following symbolic links: there (with what it is),
/// provably missing (no such entry), or unknown (permission denied, I/O error…) — which is not
/// "missing", so nothing is ever forgotten because it could not be checked.
enum FileStatus {
    /// A file's identity: device and inode (the same file reached by two paths has one).
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    struct Info {
        var isDirectory: Bool
        var isRegularFile: Bool
        var identity: Identity
    }

    case present(Info)
    case missing
    case unknown(String)

    /// The status of `path` (symbolic links followed).
    static func of(_ path: String) -> FileStatus {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .missing }
            return .unknown("cannot check the file: " + String(cString: strerror(code)).lowercased())
        }
        let kind = info.st_mode & S_IFMT
        return .present(Info(isDirectory: kind == S_IFDIR, isRegularFile: kind == S_IFREG,
                             identity: Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))))
    }

    /// Whether `path` itself is a symbolic link (not followed).
    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// A folder's entries as raw name bytes ("." and ".." left out).
    static func entries(of path: String) throws -> [[UInt8]] {
        guard let directory = opendir(path) else { throw FolderError(code: errno) }
        defer { closedir(directory) }
        var names = [[UInt8]]()
        errno = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        if errno != 0 { throw FolderError(code: errno) }
        return names
    }

    /// A folder that could not be listed.
    struct FolderError: Error, CustomStringConvertible {
        var code: Int32
        var description: String { String(cString: strerror(code)).lowercased() }
    }

    /// Whether the file at `path` is provably gone: no such entry, while the nearest folder above it
    /// that exists can be listed and is not empty. An empty folder where music was is what an
    /// unmounted drive looks like (its mount point), and a folder that cannot be listed says nothing.
    static func provablyGone(_ path: String) -> (gone: Bool, reason: String?) {
        switch of(path) {
        case .present: return (false, nil)
        case .unknown(let reason): return (false, reason)
        case .missing: break
        }
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        while true {
            switch of(folder) {
            case .present:
                guard let entries = try? entries(of: folder) else {
                    return (false, "cannot list \(folder), the nearest folder above it")
                }
                if entries.isEmpty {
                    return (false, "\(folder) is empty (an unmounted drive?)")
                }
                return (true, nil)
            case .unknown(let reason):
                return (false, "\(folder): \(reason)")
            case .missing:
                guard folder != "/" && !folder.isEmpty else { return (true, nil) }
                folder = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            }
        }
    }
}
