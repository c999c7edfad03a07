/// How long an MP3 recording plays, read from its MPEG audio frame headers (Layer III, MPEG 1, 2
/// and 2.5; constant or variable bit rate): the samples of every frame over the sample rate. An
/// ID3v2 tag in front and an ID3v1 tag at the end are skipped; bytes that are not a frame are
/// passed over until the next frame. Nil when there is no frame at all.
///
/// The test pages need each Listening part's length to run the exam's one recording timeline,
/// so `bandup assets build` records it in the manifest.
public enum MP3Duration {
    /// Layer III bit rates in kbit/s by index, for MPEG 1 and for MPEG 2 and 2.5.
    static let bitRates: [[Int]] = [
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ]
    /// Sample rates by index, for MPEG 1, 2 and 2.5.
    static let sampleRates: [[Int]] = [[44_100, 48_000, 32_000], [22_050, 24_000, 16_000], [11_025, 12_000, 8_000]]

    /// One frame header: how many bytes the frame takes and how many samples it plays, at what rate.
    struct Frame: Equatable {
        let length: Int
        let samples: Int
        let sampleRate: Int
    }

    /// The recording's length in seconds, or nil when `bytes` holds no MP3 frames.
    public static func seconds(of bytes: [UInt8]) -> Double? {
        var index = id3v2Length(bytes)
        var end = bytes.count
        if end - index >= 128, bytes[end - 128] == 0x54, bytes[end - 127] == 0x41, bytes[end - 126] == 0x47 { end -= 128 }  // "TAG"
        var seconds = 0.0, frames = 0
        while index + 4 <= end {
            guard let frame = frame(at: index, in: bytes), index + frame.length <= end else {
                index += 1  // not a frame (or cut short): look for the next one
                continue
            }
            seconds += Double(frame.samples) / Double(frame.sampleRate)
            frames += 1
            index += frame.length
        }
        return frames > 0 ? seconds : nil
    }

    /// The header at `index`, when it is a valid Layer III frame header.
    static func frame(at index: Int, in bytes: [UInt8]) -> Frame? {
        let b1 = bytes[index + 1], b2 = bytes[index + 2]
        guard bytes[index] == 0xFF, b1 & 0xE0 == 0xE0 else { return nil }
        let version = (b1 >> 3) & 0b11  // 3: MPEG 1, 2: MPEG 2, 0: MPEG 2.5, 1: reserved
        let layer = (b1 >> 1) & 0b11    // 1: Layer III
        let bitRateIndex = Int(b2 >> 4), sampleRateIndex = Int((b2 >> 2) & 0b11), padding = Int((b2 >> 1) & 1)
        guard version != 1, layer == 1, bitRateIndex != 0, bitRateIndex != 15, sampleRateIndex != 3 else { return nil }
        let isMPEG1 = version == 3
        let bitRate = bitRates[isMPEG1 ? 0 : 1][bitRateIndex] * 1000
        let sampleRate = sampleRates[isMPEG1 ? 0 : version == 2 ? 1 : 2][sampleRateIndex]
        let samples = isMPEG1 ? 1152 : 576
        return Frame(length: samples / 8 * bitRate / sampleRate + padding, samples: samples, sampleRate: sampleRate)
    }

    /// The length of an ID3v2 tag at the start (header, body and footer), or 0.
    static func id3v2Length(_ bytes: [UInt8]) -> Int {
        guard bytes.count >= 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 else { return 0 }  // "ID3"
        let size = bytes[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }  // synchsafe
        let footer = bytes[5] & 0x10 != 0 ? 10 : 0
        return min(bytes.count, 10 + size + footer)
    }
}
