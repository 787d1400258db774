import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file system's reason for a failure in plain words, as `strerror` gives them ("Permission denied"),
/// never Foundation's raw `Error Domain=NSCocoaErrorDomain Code=257 …` text. One home for every
/// message that wraps an error from `FileManager`, `FileHandle` or `Data(contentsOf:)`.
public enum SystemErrorText {
    /// Why `error` happened, without the file's name (the message around it names the file).
    public static func reason(_ error: Error) -> String {
        if let error = error as? FileReadError { return error.reason }
        if let error = error as? FileWriteError { return error.reason }
        if let error = error as? POSIXError { return errnoText(error.code.rawValue) }
        if let error = error as? CocoaError {
            if let underlying = error.underlying, let text = posixText(underlying) { return text }
            switch error.code {
            case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
            case .fileReadNoSuchFile, .fileNoSuchFile: return "No such file or directory"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            case .fileWriteFileExists: return "Something else is already at that path"
            case .fileReadCorruptFile: return "The file is damaged or not in the expected format"
            case .fileReadTooLarge: return "The file is too large"
            case .fileReadInvalidFileName, .fileWriteInvalidFileName: return "Not a valid file name"
            case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "The text is not in the expected encoding"
            case .fileLocking: return "The file is locked"
            default: return "The file system reported error \(error.code.rawValue)"
            }
        }
        if let text = posixText(error) { return text }
        return "\(error)"
    }

    /// `strerror` for an errno value ("Permission denied").
    public static func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }

    private static func posixText(_ error: Error) -> String? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return errnoText(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return errnoText(Int32(underlying.code))
        }
        return nil
    }
}

/// A file could not be read.
public struct FileReadError: Error, CustomStringConvertible, Equatable {
    /// The file.
    public var path: String
    /// Why, in plain words (`SystemErrorText`).
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `error` from reading `path`, in plain words.
    public init(path: String, _ error: Error) {
        self.init(path: path, reason: SystemErrorText.reason(error))
    }

    public var description: String { "cannot read \(path): \(reason)" }
}
