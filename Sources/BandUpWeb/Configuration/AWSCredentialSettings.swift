import AWSSigning
import AsyncHTTPClient
import Foundation

/// The credentials BandUp signs AWS requests with (S3, Bedrock): keys from the environment when
/// they are set, otherwise the task role ECS hands out through its container credentials endpoint
/// (renewed before they expire). Nil when neither is there.
enum AWSCredentialSettings {
    /// - Parameter environment: looks a variable up by its environment name (`AWS_ACCESS_KEY_ID`).
    static func resolve(_ environment: (String) -> String?, http: HTTPClient = .shared) throws -> (any AWSCredentialSource)? {
        let names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
        if let keys = AWSCredentials(environment: Dictionary(uniqueKeysWithValues: names.map { ($0, environment($0) ?? "") })) { return keys }
        let endpoint = try ContainerCredentials.from(environment: environment, readFile: { try String(contentsOfFile: $0, encoding: .utf8) })
        guard let endpoint else { return nil }
        return RefreshingCredentials { try await fetch(endpoint, http: http) }
    }

    /// What to set when there are no credentials.
    static let missing = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a task role (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"

    /// ``resolve(_:http:)`` over settings looked up by key (`awsAccessKeyId`); no credentials, or a
    /// bad endpoint, is one problem, saying what they are `neededFor`.
    static func load(_ value: (String) -> String?, neededFor purpose: String, problems: inout [String]) -> (any AWSCredentialSource)? {
        do {
            if let found = try resolve({ value(configKey($0)) }) { return found }
            problems.append("AWS credentials are needed \(purpose): \(missing)")
        } catch {
            problems.append("\(error)")
        }
        return nil
    }

    /// The key of a setting named by its environment variable (`AWS_ACCESS_KEY_ID` → `awsAccessKeyId`).
    static func configKey(_ environmentName: String) -> String {
        let words = environmentName.lowercased().split(separator: "_")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    /// One GET of the endpoint, tried three times within a few seconds (the endpoint is local to the task).
    static func fetch(_ endpoint: ContainerCredentials, http: HTTPClient) async throws -> RefreshingCredentials.Expiring {
        var request = HTTPClientRequest(url: endpoint.url)
        if let authorization = endpoint.authorization { request.headers.add(name: "Authorization", value: authorization) }
        var delay = Duration.milliseconds(100)
        for attempt in 1... {
            do {
                let response = try await http.execute(request, timeout: .seconds(2))
                let body = try await response.body.collect(upTo: 64 << 10)
                guard response.status == .ok else {
                    throw ContainerCredentialsError("the container credentials endpoint answered HTTP \(response.status.code)")
                }
                return try ContainerCredentials.parse(Array(body.readableBytesView))
            } catch where attempt < 3 {
                try await Task.sleep(for: delay)
                delay *= 4
            }
        }
        preconditionFailure("unreachable")
    }
}
