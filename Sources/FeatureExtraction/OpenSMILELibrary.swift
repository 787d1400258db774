import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// openSMILE's C API (`libSMILEapi.so`), loaded at run time with `dlopen`.
///
/// Only the handful of functions the extractor needs are declared here; their
/// C signatures are those of openSMILE's `SMILEapi.h`. The library ships inside
/// the `opensmile` package on PyPI (`opensmile/core/bin/<platform>/libSMILEapi.so`)
/// together with its configuration files (`opensmile/core/config`).
public final class OpenSMILELibrary: @unchecked Sendable {
    // C function types, as in SMILEapi.h (`smileres_t` is an `int` enum, `long` is `Int` on LP64).
    typealias NewFn = @convention(c) () -> OpaquePointer?
    typealias InitializeFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafeRawPointer?, Int32, Int32, Int32, UnsafePointer<CChar>?) -> Int32
    typealias RunFn = @convention(c) (OpaquePointer?) -> Int32
    typealias FreeFn = @convention(c) (OpaquePointer?) -> Void
    typealias ErrorMessageFn = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias SinkCallback = @convention(c) (UnsafePointer<Float>?, Int, UnsafeMutableRawPointer?) -> Bool
    typealias SetSinkCallbackFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, SinkCallback?, UnsafeMutableRawPointer?) -> Int32
    typealias SinkElementCountFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<Int>?) -> Int32
    typealias SinkElementNameFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32

    /// The shared library file that was loaded.
    public let libraryURL: URL
    /// openSMILE's configuration folder (holds `is09-13/IS13_ComParE.conf`).
    public let configDirectory: URL

    /// DEAM's descriptor configuration, relative to the configuration folder.
    public static let configurationPath = "is09-13/IS13_ComParE.conf"

    private let handle: UnsafeMutableRawPointer
    let new: NewFn
    let initialize: InitializeFn
    let run: RunFn
    let free: FreeFn
    let errorMessage: ErrorMessageFn
    let setSinkCallback: SetSinkCallbackFn
    let sinkElementCount: SinkElementCountFn
    let sinkElementName: SinkElementNameFn

    /// Loads the library at `libraryURL`; the configuration folder defaults to
    /// the one the `opensmile` package ships beside it (`../../config`).
    public init(libraryURL: URL, configDirectory: URL? = nil) throws {
        guard FileManager.default.fileExists(atPath: libraryURL.path) else {
            throw FeatureExtractionError.libraryNotFound(searched: [libraryURL.path])
        }
        guard let handle = dlopen(libraryURL.path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw FeatureExtractionError.libraryUnusable(path: libraryURL.path, reason: reason)
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else {
                throw FeatureExtractionError.libraryUnusable(path: libraryURL.path, reason: "symbol \(name) is missing")
            }
            return unsafeBitCast(pointer, to: type)
        }
        do {
            new = try symbol("smile_new", as: NewFn.self)
            initialize = try symbol("smile_initialize", as: InitializeFn.self)
            run = try symbol("smile_run", as: RunFn.self)
            free = try symbol("smile_free", as: FreeFn.self)
            errorMessage = try symbol("smile_error_msg", as: ErrorMessageFn.self)
            setSinkCallback = try symbol("smile_extsink_set_data_callback", as: SetSinkCallbackFn.self)
            sinkElementCount = try symbol("smile_extsink_get_num_elements", as: SinkElementCountFn.self)
            sinkElementName = try symbol("smile_extsink_get_element_name", as: SinkElementNameFn.self)
        } catch {
            dlclose(handle)
            throw error
        }
        self.handle = handle
        self.libraryURL = libraryURL
        let config = configDirectory ?? libraryURL.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config")
        guard FileManager.default.fileExists(atPath: config.appendingPathComponent(Self.configurationPath).path) else {
            dlclose(handle)
            throw FeatureExtractionError.configurationNotFound(directory: config.path)
        }
        self.configDirectory = config
    }

    deinit { dlclose(handle) }

    /// Finds and loads the library: `explicitPath` (e.g. `--opensmile-lib`), then
    /// the `OPENSMILE_LIB` environment variable, then an installed `opensmile`
    /// Python package (its files only; Python itself is never run).
    public static func locate(explicitPath: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> OpenSMILELibrary {
        if let explicitPath, !explicitPath.isEmpty {
            return try OpenSMILELibrary(libraryURL: URL(fileURLWithPath: explicitPath))
        }
        if let fromEnvironment = environment["OPENSMILE_LIB"], !fromEnvironment.isEmpty {
            return try OpenSMILELibrary(libraryURL: URL(fileURLWithPath: fromEnvironment))
        }
        let candidates = installedPackageCandidates(environment: environment)
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return try OpenSMILELibrary(libraryURL: URL(fileURLWithPath: found))
        }
        throw FeatureExtractionError.libraryNotFound(searched: candidates.isEmpty ? ["(no Python site-packages found)"] : candidates)
    }

    /// Paths where `pip install opensmile` puts `libSMILEapi.so`, derived from
    /// the Python installations reachable through `PATH`, pyenv and the usual prefixes.
    static func installedPackageCandidates(environment: [String: String]) -> [String] {
        let fm = FileManager.default
        var prefixes: [String] = []
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            prefixes.append(URL(fileURLWithPath: String(dir)).deletingLastPathComponent().path)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let pyenvRoot = environment["PYENV_ROOT"] ?? home + "/.pyenv"
        if let versions = try? fm.contentsOfDirectory(atPath: pyenvRoot + "/versions") {
            prefixes += versions.sorted().map { pyenvRoot + "/versions/" + $0 }
        }
        if let virtualEnv = environment["VIRTUAL_ENV"] { prefixes.insert(virtualEnv, at: 0) }
        prefixes += [home + "/.local", "/usr/local", "/usr"]

        var seen = Set<String>(), results: [String] = []
        for prefix in prefixes where seen.insert(prefix).inserted {
            let lib = prefix + "/lib"
            guard let entries = try? fm.contentsOfDirectory(atPath: lib) else { continue }
            for python in entries.sorted() where python.hasPrefix("python3") {
                for packages in ["site-packages", "dist-packages"] {
                    let bin = "\(lib)/\(python)/\(packages)/opensmile/core/bin"
                    guard let platforms = try? fm.contentsOfDirectory(atPath: bin) else { continue }
                    for platform in platforms.sorted() {
                        results.append("\(bin)/\(platform)/libSMILEapi.so")
                    }
                }
            }
        }
        return results
    }
}
