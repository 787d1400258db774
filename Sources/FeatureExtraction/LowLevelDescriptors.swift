import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// openSMILE `IS13_ComParE` low-level descriptors of one recording: 65 LLDs and
/// their 65 deltas, one row every 10 ms.
public struct LowLevelDescriptors: Sendable, Equatable {
    /// Descriptor names as openSMILE prints them (`F0final_sma`, `mfcc_sma[1]`, …, `mfcc_sma_de[14]`).
    public var names: [String]
    /// Seconds between rows (openSMILE's frame step, 0.01 s).
    public var frameStep: Double
    /// Row-major values, `frameCount × names.count`.
    public var values: [Float]

    /// Number of 10 ms frames.
    public var frameCount: Int { names.isEmpty ? 0 : values.count / names.count }

    public init(names: [String], frameStep: Double, values: [Float]) {
        self.names = names
        self.frameStep = frameStep
        self.values = values
    }
}

/// Runs openSMILE's `IS13_ComParE` configuration — the one DEAM's descriptors
/// come from — on WAV files and collects the low-level descriptors in memory
/// (through an external sink; no temporary files).
///
/// ComParE 2016 (`compare/ComParE_2016.conf`) has the same 130 names but
/// computes jitter and shimmer differently (its `jitterLocal`/`jitterDDP` means
/// differ by ~21% from IS13's, their deltas by up to 4.6 DEAM SDs), so it is
/// not used.
public struct OpenSMILEExtractor: Sendable {
    /// The loaded library.
    public let library: OpenSMILELibrary

    public init(library: OpenSMILELibrary) {
        self.library = library
    }

    /// The configuration run on every input, relative to openSMILE's config folder.
    public static let configurationPath = OpenSMILELibrary.configurationPath

    /// The configuration file run on every input.
    public var configurationFile: URL {
        library.configDirectory.appendingPathComponent(Self.configurationPath)
    }

    /// Extracts the LLDs and deltas of a PCM WAV file; errors name `reportingAs`
    /// (the user's file when `wav` is a temporary conversion), or `wav`.
    public func lowLevelDescriptors(ofWAV wav: URL, reportingAs file: String? = nil) throws -> LowLevelDescriptors {
        let reported = file ?? wav.path
        let config = library.configDirectory
        let options: [(String, String)] = [
            ("source", config.appendingPathComponent("shared/standard_wave_input.conf.inc").path),
            ("sink", config.appendingPathComponent("shared/standard_external_data_output_single.conf.inc").path),
            ("sinkLevel", "lld;lld_de"),
            ("bufferModeRbConf", config.appendingPathComponent("shared/BufferModeRb.conf.inc").path),
            ("bufferModeRbLagConf", config.appendingPathComponent("shared/BufferModeRbLag.conf.inc").path),
            ("bufferModeConf", config.appendingPathComponent("shared/BufferMode.conf.inc").path),
            ("frameModeFunctionalsConf", config.appendingPathComponent("shared/FrameModeFunctionals.conf.inc").path),
            ("I", wav.path),
        ]
        // smileopt_t is { const char *name; const char *value; }: a flat array of
        // pointer pairs has the same layout.
        var cStrings: [UnsafeMutablePointer<CChar>?] = []
        for (name, value) in options { cStrings.append(strdup(name)); cStrings.append(strdup(value)) }
        defer { cStrings.forEach { Glibc.free($0) } }

        guard let smile = library.new() else {
            throw FeatureExtractionError.openSMILEFailed(file: reported, stage: "smile_new", code: -1, message: "out of memory")
        }
        defer { library.free(smile) }
        func check(_ code: Int32, _ stage: String) throws {
            guard code == 0 else {
                let message = library.errorMessage(smile).map { String(cString: $0) } ?? ""
                throw FeatureExtractionError.openSMILEFailed(file: reported, stage: stage, code: code, message: message)
            }
        }
        let code = cStrings.withUnsafeBufferPointer { buffer in
            library.initialize(smile, configurationFile.path, Int32(options.count), UnsafeRawPointer(buffer.baseAddress), 0, 0, 0, nil)
        }
        try check(code, "initialisation")

        var count = 0
        try check(library.sinkElementCount(smile, "extsink", &count), "reading the descriptor count")
        var names: [String] = []
        for index in 0..<count {
            var name: UnsafePointer<CChar>?
            try check(library.sinkElementName(smile, "extsink", index, &name), "reading descriptor names")
            names.append(name.map { String(cString: $0) } ?? "")
        }

        let collector = FrameCollector(width: count)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        try check(library.setSinkCallback(smile, "extsink", { data, size, context in
            guard let data, let context else { return false }
            let collector = Unmanaged<FrameCollector>.fromOpaque(context).takeUnretainedValue()
            collector.append(UnsafeBufferPointer(start: data, count: size))
            return true
        }, context), "attaching the sink")
        try withExtendedLifetime(collector) {
            try check(library.run(smile), "processing")
        }
        return LowLevelDescriptors(names: names, frameStep: 0.01, values: collector.values)
    }
}

/// Receives rows from openSMILE's external sink (called on the run's thread).
private final class FrameCollector {
    let width: Int
    var values: [Float] = []
    init(width: Int) { self.width = width }
    func append(_ row: UnsafeBufferPointer<Float>) {
        // A row of the wrong width would misalign everything after it; drop it.
        guard row.count == width else { return }
        values.append(contentsOf: row)
    }
}
