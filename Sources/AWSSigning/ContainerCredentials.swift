import FoundationEssentials

/// The credentials endpoint ECS gives a task with a role (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`,
/// or `AWS_CONTAINER_CREDENTIALS_FULL_URI` with an authorization token), and its answer. The HTTP
/// request itself is the caller's (this module does no I/O).
public struct ContainerCredentials: Sendable, Equatable {
    /// The address ECS serves task credentials on.
    public static let ecsHost = "169.254.170.2"

    public let url: String
    /// The `Authorization` header to send, when the endpoint wants one.
    public let authorization: String?

    public init(url: String, authorization: String?) {
        self.url = url
        self.authorization = authorization
    }

    /// The endpoint named by the environment, nil when there is none, or an error when it is set
    /// but not acceptable. A full URI must be https, or http to loopback or ECS's own addresses,
    /// as the AWS SDKs require, so credentials never cross a network in clear text.
    /// - Parameter readFile: reads `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (EKS Pod Identity rotates it).
    public static func from(environment: (String) -> String?, readFile: (String) throws -> String) throws -> ContainerCredentials? {
        func value(_ name: String) -> String? { environment(name).flatMap { $0.isEmpty ? nil : $0 } }
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            guard relative.hasPrefix("/") else { throw ContainerCredentialsError("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with /") }
            return ContainerCredentials(url: "http://\(ecsHost)\(relative)", authorization: nil)
        }
        guard let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") else { return nil }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw ContainerCredentialsError("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: '\(full)'")
        }
        let allowedHTTPHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]", ecsHost, "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"]
        guard scheme == "https" || (scheme == "http" && (allowedHTTPHosts.contains(host.lowercased()) || host.hasPrefix("127."))) else {
            throw ContainerCredentialsError("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to loopback or ECS's address (got \(scheme)://\(host))")
        }
        var token: String?
        if let file = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            do { token = try readFile(file) } catch {
                throw ContainerCredentialsError("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '\(file)' (\(error))")
            }
        } else {
            token = value("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        }
        // A token file ends with a newline; the token itself is one line.
        let trimmed = token.map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
        if let trimmed, trimmed.contains(where: \.isNewline) {
            throw ContainerCredentialsError("the container authorization token must be one line")
        }
        return ContainerCredentials(url: full, authorization: trimmed?.isEmpty == false ? trimmed : nil)
    }

    /// Reads the endpoint's JSON answer: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` (ISO 8601).
    public static func parse(_ body: [UInt8]) throws -> RefreshingCredentials.Expiring {
        struct Answer: Decodable {
            let AccessKeyId: String?
            let SecretAccessKey: String?
            let Token: String?
            let Expiration: String?
        }
        let answer: Answer
        do { answer = try JSONDecoder().decode(Answer.self, from: Data(body)) } catch {
            throw ContainerCredentialsError("the credentials endpoint did not answer JSON")
        }
        guard let key = answer.AccessKeyId, !key.isEmpty, let secret = answer.SecretAccessKey, !secret.isEmpty else {
            throw ContainerCredentialsError("the credentials endpoint's answer has no AccessKeyId and SecretAccessKey")
        }
        guard let text = answer.Expiration, let expiration = try? Date(text, strategy: .iso8601) else {
            throw ContainerCredentialsError("the credentials endpoint's answer has no ISO 8601 Expiration")
        }
        return .init(credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: answer.Token), expiration: expiration)
    }
}

/// The container credentials endpoint is misconfigured or answered something unusable.
public struct ContainerCredentialsError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
