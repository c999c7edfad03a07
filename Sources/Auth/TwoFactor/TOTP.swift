import Crypto
import FoundationEssentials

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): what authenticator apps show.
/// HMAC-SHA1, 6 digits, 30-second steps: the parameters every app supports.
public struct TOTP: Sendable, Equatable {
    public let secret: [UInt8]
    public let digits: Int
    public let period: Int64

    public init(secret: [UInt8], digits: Int = 6, period: Int64 = 30) {
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// A new random secret of 160 bits (RFC 4226's recommended length).
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The step `date` falls in (seconds since 1970 divided by the period).
    public func step(at date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down)) / period
    }

    /// The code for one step, zero-padded to ``digits``.
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - number.count)) + number
    }

    /// The step whose code `typed` is, looking one step either side of `date` (a phone's clock a
    /// little off, a code typed as it changed); nil if none. Spaces and dashes in `typed` are ignored.
    public func matchingStep(_ typed: String, at date: Date, window: Int64 = 1) -> Int64? {
        let cleaned = typed.filter { !$0.isWhitespace && $0 != "-" }
        guard cleaned.count == digits, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = step(at: date)
        return (now - window...now + window).first { SecretText.equal(code(step: $0), cleaned) }
    }

    /// The `otpauth://` address an authenticator app reads from the QR code.
    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) }
        let encode = { (text: String) in
            text.utf8.map { byte -> String in
                let character = Character(UnicodeScalar(byte))
                return allowed(character) ? String(character) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }.joined()
        }
        return "otpauth://totp/\(encode(issuer)):\(encode(account))?secret=\(Base32.encode(secret))&issuer=\(encode(issuer))"
            + "&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}

/// RFC 4648 base32 without padding: how a TOTP secret is typed into an app by hand.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = [], buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of `text` (case and spaces ignored), or nil if it is not base32.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = [], buffer = 0, bits = 0
        for byte in text.uppercased().utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}
