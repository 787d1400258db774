import Foundation
import MERModel

/// DEAM's per-frame layout of openSMILE descriptors: the 10 ms ComParE LLDs
/// summarised over windows of 1 s every 0.5 s by their arithmetic mean
/// (`_amean`) and standard deviation (`_stddev`), with DEAM's names.
public enum DEAMWindowing {
    /// Window length in seconds.
    public static let windowSeconds = 1.0
    /// Hop between windows in seconds (DEAM's `frameTime` step).
    public static let hopSeconds = 0.5

    /// DEAM's name for an openSMILE ComParE descriptor: DEAM's files spell the
    /// MFCCs `pcm_fftMag_mfcc_sma[k]` where openSMILE prints `mfcc_sma[k]`.
    public static func deamName(forOpenSMILEName name: String) -> String {
        name.hasPrefix("mfcc_sma") ? "pcm_fftMag_" + name : name
    }

    /// The windowed features: `frameTimes[i]` is the start of window i;
    /// `columns` alternates `<descriptor>_stddev`, `<descriptor>_amean` per
    /// descriptor, in the LLD order (which is DEAM's order).
    public struct Frames: Sendable, Equatable {
        /// Column names, `_stddev` then `_amean` per descriptor (260 for ComParE).
        public var columns: [String]
        /// Window start times in seconds: 0, 0.5, 1.0, …
        public var frameTimes: [Double]
        /// Row-major values, `frameTimes.count × columns.count`.
        public var values: [Double]

        /// The song-level vector as DEAM's tables hold it: the mean over all
        /// windows of each `_amean` column, named as in `specteral_data.csv`.
        public var songVector: SongFeatureVector {
            var names: [String] = [], sums: [Double] = []
            for (j, column) in columns.enumerated() where column.hasSuffix("_amean") {
                names.append(column)
                var total = 0.0
                for i in 0..<frameTimes.count { total += values[i * columns.count + j] }
                sums.append(frameTimes.isEmpty ? 0 : total / Double(frameTimes.count))
            }
            return SongFeatureVector(names: names, values: sums)
        }
    }

    /// Summarises LLD rows into DEAM windows. Only full windows are kept (a
    /// recording of `d` seconds gives `floor((d - 1) / 0.5) + 1` windows); a
    /// recording shorter than one window gives none.
    public static func frames(from lld: LowLevelDescriptors) -> Frames {
        let width = lld.names.count
        let framesPerWindow = Int((windowSeconds / lld.frameStep).rounded())
        let framesPerHop = Int((hopSeconds / lld.frameStep).rounded())
        var columns: [String] = []
        for name in lld.names {
            let deam = deamName(forOpenSMILEName: name)
            columns.append(deam + "_stddev")
            columns.append(deam + "_amean")
        }
        var times: [Double] = [], values: [Double] = []
        var start = 0
        while start + framesPerWindow <= lld.frameCount {
            times.append(Double(times.count) * hopSeconds)
            lld.values.withUnsafeBufferPointer { rows in
                for d in 0..<width {
                    var sum = 0.0
                    for f in start..<(start + framesPerWindow) { sum += Double(rows[f * width + d]) }
                    let mean = sum / Double(framesPerWindow)
                    var squares = 0.0
                    for f in start..<(start + framesPerWindow) {
                        let deviation = Double(rows[f * width + d]) - mean
                        squares += deviation * deviation
                    }
                    // openSMILE's stddev functional divides by N.
                    values.append((squares / Double(framesPerWindow)).squareRoot())
                    values.append(mean)
                }
            }
            start += framesPerHop
        }
        return Frames(columns: columns, frameTimes: times, values: values)
    }
}

extension DEAMWindowing.Frames {
    /// Writes the frames as a DEAM per-frame feature file (`;`-separated,
    /// `frameTime` first), atomically.
    public func write(to url: URL) throws {
        try DEAMFrameFile.write(self, to: url)
    }
}
