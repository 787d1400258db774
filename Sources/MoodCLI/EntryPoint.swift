import ArgumentParser
import Foundation
import MoodIO

extension Mood {
    /// What `main()` does (parse, run, report an error with its exit status), except that a long
    /// value the parser quotes in its message (`--format` followed by 100 kB) is cut to a readable
    /// length instead of being echoed whole.
    public static func mainCuttingLongValues(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            guard code == .validationFailure, message.split(whereSeparator: \.isWhitespace).contains(where: { $0.count > 200 }) else {
                exit(withError: error)
            }
            let cut = message.split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.count > 200 ? MessageText.excerpt(String($0), limit: 60) : String($0) }.joined(separator: " ")
            FileHandle.standardError.write(Data((cut.hasPrefix("Error:") ? cut : "Error: " + cut).utf8 + [0x0A]))
            Foundation.exit(code.rawValue)
        }
    }
}
