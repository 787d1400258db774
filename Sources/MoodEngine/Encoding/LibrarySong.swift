import MoodCore
import MoodIO
import Recommender

/// One of the user's songs as listed and exported.
public struct LibrarySong: Encodable, Sendable {
    public var id: Int64
    public var path: String
    public var artist: String?
    public var title: String?
    public var album: String?
    public var genre: String?
    public var trackNumber: Int?
    public var duration: Double?
    public var musicBrainzRecordingId: String?
    public var musicBrainzReleaseId: String?
    public var valence: Double
    public var arousal: Double
    public var quadrant: String
    public var subEmotion: String
    public var scale: String

    public init(_ entry: LibraryEntry, scale: LibraryScale?) {
        let point = scale?.map(entry.track.predicted) ?? entry.track.predicted
        id = entry.track.id
        path = entry.track.path ?? ""
        artist = entry.track.artist
        title = entry.track.title
        album = entry.file?.album
        genre = entry.track.genre
        trackNumber = entry.file?.trackNumber
        duration = entry.file?.duration
        musicBrainzRecordingId = entry.file?.musicBrainzRecordingID
        musicBrainzReleaseId = entry.file?.musicBrainzReleaseID
        valence = point.valence
        arousal = point.arousal
        quadrant = point.quadrant.name
        subEmotion = point.subEmotion.name
        self.scale = scale == nil ? "absolute" : "library"
    }

    public var point: MoodPoint { MoodPoint(valence: valence, arousal: arousal) }

    public static let csvHeader = "id,path,artist,title,album,genre,track,duration,valence,arousal,quadrant,subEmotion,scale"
    public var csvRow: String {
        ["\(id)", CSVText.field(path), CSVText.field(artist ?? ""), CSVText.field(title ?? ""), CSVText.field(album ?? ""), CSVText.field(genre ?? ""),
         trackNumber.map(String.init) ?? "", duration.map { NumberText.fixed($0, 0) } ?? "", NumberText.fixed(valence, 4), NumberText.fixed(arousal, 4),
         quadrant, subEmotion, scale].joined(separator: ",")
    }
}
