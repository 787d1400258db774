import Foundation

/// Why features could not be extracted from an audio file.
public enum FeatureExtractionError: Error, Equatable, CustomStringConvertible {
    /// `libSMILEapi.so` was not found at any of these paths.
    case libraryNotFound(searched: [String])
    /// The library exists but could not be loaded or lacks a symbol.
    case libraryUnusable(path: String, reason: String)
    /// The IS13_ComParE configuration that ships with the library is missing.
    case configurationNotFound(directory: String)
    /// openSMILE reported an error for this file.
    case openSMILEFailed(file: String, stage: String, code: Int32, message: String)
    /// The file is not audio we can read.
    case unreadableAudio(file: String, reason: String)
    /// A non-WAV file needs ffmpeg, which is not installed.
    case ffmpegMissing(file: String)
    /// ffmpeg could not convert the file.
    case conversionFailed(file: String, reason: String)
    /// openSMILE's descriptors are not DEAM's (another configuration or version).
    case descriptorMismatch(file: String, index: Int, found: String, expected: String)
    /// The audio is too short to give even one 1-second window.
    case tooShort(file: String, seconds: Double)

    public var description: String {
        switch self {
        case .libraryNotFound(let searched):
            return "openSMILE's libSMILEapi.so was not found. Install it with `pip install opensmile`, or point OPENSMILE_LIB (or an explicit library path) at it. Searched: \(searched.prefix(6).joined(separator: ", "))\(searched.count > 6 ? ", …" : "")"
        case .libraryUnusable(let path, let reason):
            return "\(path): cannot load openSMILE: \(reason)"
        case .configurationNotFound(let directory):
            return "\(directory): openSMILE's configuration (\(OpenSMILELibrary.configurationPath)) is missing"
        case .openSMILEFailed(let file, let stage, let code, let message):
            return "\(file): openSMILE failed during \(stage) (code \(code))\(message.isEmpty ? "" : ": \(message)")"
        case .unreadableAudio(let file, let reason):
            return "\(file): not readable audio: \(reason)"
        case .ffmpegMissing(let file):
            return "\(file): only WAV is read directly; install ffmpeg (apt-get install ffmpeg) to convert MP3/FLAC/OGG"
        case .conversionFailed(let file, let reason):
            return "\(file): ffmpeg could not convert it: \(reason)"
        case .descriptorMismatch(let file, let index, let found, let expected):
            return "\(file): openSMILE descriptor \(index + 1) is \(found), DEAM expects \(expected); is this openSMILE's IS13_ComParE configuration?"
        case .tooShort(let file, let seconds):
            return "\(file): \(String(format: "%.2f", seconds)) s of audio is too short (at least 1 s is needed)"
        }
    }
}
