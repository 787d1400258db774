// TEMPORARY: replaced by MERModel.FrameFeatureFile when the data branch lands.
import Foundation

enum DEAMFrameFile {
    static func write(_ frames: DEAMWindowing.Frames, to url: URL) throws {
        var text = "frameTime;" + frames.columns.joined(separator: ";") + "\n"
        let width = frames.columns.count
        for (i, t) in frames.frameTimes.enumerated() {
            text += String(t)
            for j in 0..<width { text += ";" + String(frames.values[i * width + j]) }
            text += "\n"
        }
        try Data(text.utf8).write(to: url, options: .atomic)
    }
    static func read(_ url: URL) throws -> DEAMWindowing.Frames {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ";").dropFirst().map(String.init)
        var times: [Double] = [], values: [Double] = []
        for line in lines {
            let cells = line.split(separator: ";").map { Double($0)! }
            times.append(cells[0]); values += cells.dropFirst()
        }
        return DEAMWindowing.Frames(columns: header, frameTimes: times, values: values)
    }
}
