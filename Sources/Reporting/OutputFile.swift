import Foundation

/// What Reporting writes, checked against the file name a user gave before any work is done:
/// a file named `x.png` must not get SVG written into it.
public enum OutputFile: String, Sendable {
    case svg
    case html

    /// The extensions accepted for this kind of file.
    public var extensions: [String] { self == .svg ? ["svg"] : ["html", "htm"] }

    /// Checks that `path` ends in one of this kind's extensions (case-insensitively).
    /// - Throws: `OutputFileError` naming the file and what would work.
    public func check(_ path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            throw OutputFileError(path: path, kind: self)
        }
    }
}

/// A file name whose extension does not match what would be written into it.
public struct OutputFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var kind: OutputFile

    public var description: String {
        let ext = URL(fileURLWithPath: path).pathExtension
        let what = kind == .svg ? "an SVG image" : "an HTML page"
        let suggestion = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + "." + kind.rawValue
        return "\(path) would hold \(what), not \(ext.isEmpty ? "a file without an extension" : ".\(ext)"): "
            + "give a file name ending in .\(kind.rawValue) (e.g. \(suggestion))"
            + (kind == .svg ? "; a browser or `rsvg-convert` turns SVG into PNG or PDF" : "; print it from a browser for PDF")
    }
}
