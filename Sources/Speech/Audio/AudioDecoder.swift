import Foundation

/// Turns a recording in any format a browser makes (WebM or Ogg with Opus, MP4 with AAC, MP3,
/// WAV) into ``PCMAudio`` with ffmpeg (Debian's `ffmpeg`), on the speech thread.
public enum AudioDecoder {
    /// The longest recording decoded; anything after it is ignored.
    public static let longest = 600.0

    /// Whether `ffmpeg` is on the PATH.
    public static func isAvailable(_ ffmpeg: String = "ffmpeg") -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(ffmpeg)") }
    }

    /// Decodes a recording's bytes.
    public static func decode(_ bytes: [UInt8], ffmpeg: String = "ffmpeg") async throws -> PCMAudio {
        try await SpeechThread.run {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-speech-\(UUID().uuidString)")
            try Data(bytes).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            return try run(ffmpeg, input: file.path)
        }
    }

    /// Decodes a recording on disk.
    public static func decode(fileAt path: String, ffmpeg: String = "ffmpeg") async throws -> PCMAudio {
        try await SpeechThread.run { try run(ffmpeg, input: path) }
    }

    static func run(_ ffmpeg: String, input: String) throws -> PCMAudio {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", input, "-t", String(Int(longest)),
                             "-vn", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", String(PCMAudio.sampleRate), "pipe:1"]
        // ffmpeg's complaints go to a file, so a damaged recording's many lines can never fill a
        // pipe and stall it while the samples are read.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bandup-ffmpeg-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw SpeechError("ffmpeg could not be started: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let complaint = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let reason = complaint.split(separator: "\n").last.map(String.init) ?? "ffmpeg exited with \(process.terminationStatus)"
            throw SpeechError("the recording could not be decoded (\(reason))")
        }
        guard data.count >= 2 else { throw SpeechError("the recording has no sound in it") }
        let samples = data.withUnsafeBytes { raw in
            (0..<(raw.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
        }
        return PCMAudio(samples: samples)
    }
}
