import Foundation
import Testing
@testable import AssetPipeline

/// Recording lengths read from MPEG audio frame headers, on frames built here byte by byte.
@Suite struct MP3DurationTests {
    /// A Layer III frame header (and zeroed body) for MPEG `version` (3 = 1, 2 = 2, 0 = 2.5).
    static func frame(version: UInt8, bitRateIndex: UInt8, sampleRateIndex: UInt8, padding: Bool = false) -> [UInt8] {
        let header: [UInt8] = [0xFF, 0xE0 | version << 3 | 0b01 << 1 | 1, bitRateIndex << 4 | sampleRateIndex << 2 | (padding ? 0b10 : 0), 0xC4]
        let frame = MP3Duration.frame(at: 0, in: header + [0, 0, 0, 0])!
        return header + [UInt8](repeating: 0, count: frame.length - 4)
    }

    @Test func constantBitRate() throws {
        // MPEG 1, 128 kbit/s, 44.1 kHz: 417 or 418 bytes and 1152 samples a frame.
        let plain = Self.frame(version: 3, bitRateIndex: 9, sampleRateIndex: 0), padded = Self.frame(version: 3, bitRateIndex: 9, sampleRateIndex: 0, padding: true)
        #expect(plain.count == 417 && padded.count == 418)
        let bytes = (0..<100).flatMap { $0 % 3 == 0 ? padded : plain }
        let seconds = try #require(MP3Duration.seconds(of: bytes))
        #expect(abs(seconds - 100 * 1152 / 44_100) < 1e-9)
    }

    @Test func variableBitRateMPEG2TagsAndJunk() throws {
        // MPEG 2 at 24 kHz (576 samples a frame), bit rates changing frame to frame, an ID3v2 tag
        // in front, a few junk bytes between frames, and an ID3v1 tag at the end.
        var bytes: [UInt8] = Array("ID3".utf8) + [4, 0, 0, 0, 0, 1, 0] + [UInt8](repeating: 0x41, count: 128)
        for index in 0..<50 { bytes += Self.frame(version: 2, bitRateIndex: UInt8(1 + index % 8), sampleRateIndex: 1) }
        bytes += [0x00, 0x13, 0x37]
        for _ in 0..<10 { bytes += Self.frame(version: 0, bitRateIndex: 4, sampleRateIndex: 2) }  // MPEG 2.5 at 8 kHz
        bytes += Array("TAG".utf8) + [UInt8](repeating: 0x20, count: 125)
        let seconds = try #require(MP3Duration.seconds(of: bytes))
        #expect(abs(seconds - (50 * 576 / 24_000 + 10 * 576 / 8_000)) < 1e-9, "\(seconds)")
    }

    @Test func notAnMP3() {
        #expect(MP3Duration.seconds(of: []) == nil)
        #expect(MP3Duration.seconds(of: Array("ID3 but nothing else".utf8)) == nil)
        #expect(MP3Duration.seconds(of: Array(repeating: 0xFF, count: 4096)) == nil, "no valid header: 0xFF bytes everywhere")
        #expect(MP3Duration.seconds(of: Array("OggS and more bytes".utf8)) == nil)
    }

    @Test func theCurriculumsRecordingsHaveLengths() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Public/audio/tests")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mp3") }
        #expect(files.count >= 8)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
            let seconds = try #require(MP3Duration.seconds(of: bytes), "\(file)")
            // espeak-ng at 32 kbit/s constant: the size says the length too.
            #expect(abs(seconds - Double(bytes.count) * 8 / 32_000) < 2, "\(file): \(seconds) s")
        }
    }
}
