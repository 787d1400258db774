import ArgumentParser
import DEAMData
import FeatureExtraction
import Foundation
import MERModel
import MoodIO
import PlaylistImport
import Recommender

/// The exit statuses of every `mood` command (documented in the README).
enum ExitStatus: Int32, CaseIterable {
    /// Everything asked for was done.
    case success = 0
    /// A runtime failure: I/O, SQLite, a missing tool or library (openSMILE, ffmpeg).
    case failure = 1
    /// Partly done: some entries or files were bad and skipped; the good ones were used.
    case partial = 2
    /// A usage error: unknown option, a value out of range, contradicting options (as swift-argument-parser).
    case usage = 64
    /// Bad input data: a playlist, model, feature or audio file that cannot be read as what it claims to be.
    case badInput = 65
    /// A required input is missing: no catalog, no such file or folder.
    case notFound = 66

    /// The status for `error`, by the kind of error.
    static func of(_ error: Error) -> ExitStatus {
        switch error {
        case is RecommendationError, is MoodTargetError, is ModelKindError, is CrossValidationError, is ValidationError:
            return .usage
        case let error as CatalogError:
            switch error {
            case .missing, .starterNotFound: return .notFound
            case .notACatalog, .schemaTooNew, .invalidTrack, .malformedStarter: return .badInput
            case .needsRecovery, .unreadable, .rtreeUnavailable: return .failure
            }
        case let error as DataFileError:
            switch error {
            case .directoryNotFound, .fileNotFound: return .notFound
            default: return .badInput
            }
        case let error as FeatureExtractionError:
            switch error {
            case .unreadableAudio, .conversionFailed, .tooShort, .descriptorMismatch: return .badInput
            default: return .failure
            }
        case is ImportError, is ModelFileError, is PlaylistAnalysisError, is MoodProfileError:
            return .badInput
        case let error as DatabaseError:
            // A damaged catalog is bad input data; a busy, full or refused one is a runtime failure.
            return error.isDamage ? .badInput : .failure
        default:
            return .failure
        }
    }

    /// Prints `message` on standard error with the one error prefix and exits with this status.
    func fail(_ message: String) -> ExitCode {
        printError("Error: \(message)")
        return ExitCode(rawValue)
    }
}

/// Runs `body`, turning known errors into a message on standard error and a documented exit status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        throw ExitStatus.of(error).fail(errorMessage(error))
    }
}

/// `error` as the text after "Error: ": every typed error names its file itself; an error from
/// Foundation that escaped them is put in plain words with the file it names (never
/// `Error Domain=NSCocoaErrorDomain Code=257 …`).
func errorMessage(_ error: Error) -> String {
    if let error = error as? CocoaError {
        let file = error.filePath ?? error.url?.path
        return (file.map { "\($0): " } ?? "") + SystemErrorText.reason(error)
    }
    if let error = error as? DatabaseError, error.isDamage, let file = error.file {
        // Only the catalog is an SQLite file here.
        return "the catalog \(file) is damaged: \(error.message) (SQLite error \(error.extendedResultCode.rawValue)); "
            + "restore it from a copy or build a new one"
    }
    let ns = error as NSError
    if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
        let file = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        return (file.map { "\($0): " } ?? "") + SystemErrorText.reason(error)
    }
    return "\(error)"
}
