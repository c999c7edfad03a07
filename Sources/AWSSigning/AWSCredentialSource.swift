/// Where a signer's credentials come from when a request is about to be signed: fixed keys from
/// the environment, or an ECS task role's temporary keys, renewed before they expire.
public protocol AWSCredentialSource: Sendable {
    /// Credentials valid for at least the next few minutes.
    func credentials() async throws -> AWSCredentials
}

extension AWSCredentials: AWSCredentialSource {
    /// Fixed keys are their own source.
    public func credentials() async throws -> AWSCredentials { self }
}
