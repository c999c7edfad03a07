/// An HTTP request as Signature Version 4 sees it.
public struct SignableRequest: Sendable, Equatable {
    public var method: String
    /// The path **before** URI encoding (`/photos/my cat.jpg`); the signer encodes each segment.
    public var path: String
    /// The query as it goes on the wire (`prefix=J&max-keys=2`), encoded or not; the signer
    /// decodes and re-encodes each name and value.
    public var query: String
    /// Header names and values in order; repeated names are kept (their values join with commas).
    public var headers: [(name: String, value: String)]
    /// The hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], payloadHash: String) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    public static func == (lhs: SignableRequest, rhs: SignableRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.payloadHash == rhs.payloadHash
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// The hex SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
