import Foundation
import Testing
import TestSupport
@testable import AWSEventStream

/// The official event-stream vectors (../shared/testdata/aws-eventstream), both ways, and
/// messages that arrive a byte at a time.
@Suite struct EventStreamTests {
    struct Vector: Decodable {
        struct Header: Decodable {
            let type: String
            let value: Value
        }
        enum Value: Decodable {
            case int(Int64), string(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let int = try? container.decode(Int64.self) { self = .int(int) } else { self = .string(try container.decode(String.self)) }
            }
        }
        let expectation: String
        let encoded_hex: String
        let headers: [String: Header]?
        let payload_hex: String?
    }

    static let vectors: [(String, Vector)] = {
        let url = BandUpProcess.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/aws-eventstream/vectors.json")
        guard let data = try? Data(contentsOf: url), let decoded = try? JSONDecoder().decode([String: Vector].self, from: data) else { return [] }
        return decoded.sorted { $0.key < $1.key }
    }()

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }

    @Test func theVectorsAreThere() {
        #expect(Self.vectors.count == 8)
        #expect(Self.vectors.filter { $0.1.expectation == "failure" }.count == 4)
    }

    @Test(arguments: vectors.map(\.0)) func officialVector(_ name: String) throws {
        let vector = Self.vectors.first { $0.0 == name }!.1
        let encoded = Self.bytes(vector.encoded_hex)
        guard vector.expectation == "success" else {
            #expect(throws: EventStreamError.self) { try EventStreamDecoder.decode(encoded) }
            return
        }
        let message = try EventStreamDecoder.decode(encoded)
        #expect(message.payload == Self.bytes(vector.payload_hex ?? ""))
        var expected: [String: EventStreamMessage.HeaderValue] = [:]
        for (key, header) in vector.headers ?? [:] {
            switch (header.type, header.value) {
            case ("int32", .int(let value)): expected[key] = .int32(Int32(value))
            case ("string", .string(let value)): expected[key] = .string(value)
            default: Issue.record("a header type the test does not know: \(header.type)")
            }
        }
        #expect(message.headers == expected)
        // Our encoder writes the same bytes.
        #expect(EventStreamEncoder.encode(message) == encoded)
    }

    @Test func messagesArrivingInPieces() throws {
        let messages = [
            EventStreamMessage(headers: [":event-type": .string("contentBlockDelta"), ":message-type": .string("event")], payload: Array(#"{"delta":{"text":"Good "}}"#.utf8)),
            EventStreamMessage(headers: [":event-type": .string("messageStop"), "flag": .bool(true), "n": .int64(-7)], payload: []),
        ]
        let stream = messages.flatMap(EventStreamEncoder.encode)
        var decoder = EventStreamDecoder()
        var seen: [EventStreamMessage] = []
        for byte in stream {
            decoder.append([byte])
            while let message = try decoder.next() { seen.append(message) }
        }
        #expect(seen == messages && seen[0].string(":event-type") == "contentBlockDelta")
        // One flipped bit anywhere is refused.
        for position in [1, 9, 20, stream.count / 2 - 1] {
            var broken = Array(stream.prefix(EventStreamEncoder.encode(messages[0]).count))
            broken[position] ^= 0x10
            #expect(throws: EventStreamError.self) { try EventStreamDecoder.decode(broken) }
        }
    }
}
