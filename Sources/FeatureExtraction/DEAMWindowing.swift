import Foundation
import DEAMData
import Numerics

/// DEAM's per-frame layout of openSMILE descriptors: the 10 ms IS13_ComParE LLDs
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

    /// Number of DEAM windows for `frameCount` LLD frames: one starting at every
    /// hop (0, 0.5, 1, … s) that starts before the last frame, as openSMILE's
    /// framer does at the end of input — the last windows are partial (a 45 s
    /// clip gives 90 windows, the last at 44.5 s). A recording shorter than one
    /// window gives none.
    public static func windowCount(frameCount: Int, framesPerWindow: Int = 100, framesPerHop: Int = 50) -> Int {
        guard frameCount >= framesPerWindow, framesPerHop > 0 else { return 0 }
        return (frameCount + framesPerHop - 1) / framesPerHop
    }

    /// Summarises LLD rows into DEAM windows: window i starts at `0.5 · i` s and
    /// covers the next second of 10 ms frames, or what is left of them at the
    /// end (the partial end windows DEAM's files have, see `windowCount`).
    /// - Throws: `FeatureExtractionError.descriptorMismatch` if openSMILE's
    ///   descriptors are not DEAM's 130, in DEAM's order.
    public static func frames(from lld: LowLevelDescriptors, file: String = "(audio)", timeOffset: Double = 0) throws -> FrameFeatureFile {
        let width = lld.names.count
        let expected = DEAMFeatureNames.all
        let mapped = lld.names.map { deamName(forOpenSMILEName: $0) + "_amean" }
        if mapped != expected {
            let index = zip(mapped, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(mapped.count, expected.count)
            throw FeatureExtractionError.descriptorMismatch(
                file: file, index: index,
                found: index < mapped.count ? mapped[index] : "(none)",
                expected: index < expected.count ? expected[index] : "(none)")
        }
        let framesPerWindow = Int((windowSeconds / lld.frameStep).rounded())
        let framesPerHop = Int((hopSeconds / lld.frameStep).rounded())
        let windows = windowCount(frameCount: lld.frameCount, framesPerWindow: framesPerWindow, framesPerHop: framesPerHop)
        var amean = Matrix(rows: windows, columns: width)
        var stddev = Matrix(rows: windows, columns: width)
        lld.values.withUnsafeBufferPointer { rows in
            for w in 0..<windows {
                let start = w * framesPerHop
                let end = min(start + framesPerWindow, lld.frameCount)
                let n = Double(end - start)
                for d in 0..<width {
                    var sum = 0.0
                    for f in start..<end { sum += Double(rows[f * width + d]) }
                    let mean = sum / n
                    var squares = 0.0
                    for f in start..<end {
                        let deviation = Double(rows[f * width + d]) - mean
                        squares += deviation * deviation
                    }
                    amean[w, d] = mean
                    // openSMILE's stddev functional divides by N.
                    stddev[w, d] = (squares / n).squareRoot()
                }
            }
        }
        do {
            return try FrameFeatureFile(frameTimes: (0..<windows).map { timeOffset + Double($0) * hopSeconds }, amean: amean, stddev: stddev)
        } catch {
            throw FeatureExtractionError.openSMILEFailed(file: file, stage: "summarising windows", code: -1, message: "\(error)")
        }
    }
}
