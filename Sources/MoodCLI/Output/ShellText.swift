import Foundation

/// Paths and words as a POSIX shell reads them, for commands the tool prints.
enum ShellText {
    /// `path` relative to the working folder when it lies inside it.
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let standard = URL(fileURLWithPath: path).standardizedFileURL.path
        return standard.hasPrefix(cwd + "/") ? String(standard.dropFirst(cwd.count + 1)) : standard
    }

    /// `word` quoted for a POSIX shell when it needs quoting.
    static func word(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@%".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
