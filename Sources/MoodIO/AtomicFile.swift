import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be written.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    /// The destination.
    public var path: String
    /// Why, in the operating system's words (e.g. "No space left on device").
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes files atomically: the content goes to a temporary file in the same directory, is
/// flushed to disk, and is then renamed over the destination, so readers never see a
/// half-written file. On any failure — a full disk included — the temporary file is removed
/// and the destination is left as it was.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `url`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Checks, without changing anything, that `write(_:to:)` can put a file at `url`: its folder
    /// exists and takes a new file (tried with a temporary file, removed at once), and nothing
    /// but a file is in the way. A command with several outputs checks them all before writing
    /// any, so a failure never leaves some written and others not.
    /// - Throws: `FileWriteError` naming `url` and the reason in plain words.
    public static func checkWritable(_ url: URL) throws {
        var info = stat()
        if stat(url.path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw FileWriteError(path: url.path, reason: (info.st_mode & S_IFMT) == S_IFDIR ? "It is a folder" : "It is not a regular file")
        }
        let directory = url.deletingLastPathComponent()
        var folder = stat()
        guard stat(directory.path, &folder) == 0 else {
            throw FileWriteError(path: url.path, reason: errno == ENOENT ? "The folder \(directory.path) does not exist" : SystemErrorText.errnoText(errno))
        }
        guard (folder.st_mode & S_IFMT) == S_IFDIR else {
            throw FileWriteError(path: url.path, reason: "\(directory.path) is not a folder")
        }
        let probe = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).probe")
        let fd = open(probe.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileWriteError(path: url.path, reason: SystemErrorText.errnoText(errno)) }
        close(fd)
        unlink(probe.path)
    }

    /// `checkWritable` for every path in `paths`, in order (the first failure is thrown).
    public static func checkWritable(_ paths: [String]) throws {
        for path in paths { try checkWritable(URL(fileURLWithPath: path)) }
    }

    /// Writes `data` to `url`.
    /// - Throws: `FileWriteError` naming `url` and the system's reason.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        func failure(_ code: Int32) -> FileWriteError {
            FileWriteError(path: url.path, reason: SystemErrorText.errnoText(code))
        }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(errno) }
        var error: Int32 = 0
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard var pointer = buffer.baseAddress else { return }
            var remaining = buffer.count
            while remaining > 0 {
                let written = Glibc.write(fd, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    error = errno
                    return
                }
                remaining -= written
                pointer += written
            }
        }
        if error == 0, fsync(fd) != 0 { error = errno }
        if close(fd) != 0, error == 0 { error = errno }
        if error == 0, rename(temporary.path, url.path) != 0 { error = errno }
        if error != 0 {
            unlink(temporary.path)
            throw failure(error)
        }
    }
}
