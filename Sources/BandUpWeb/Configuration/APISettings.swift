import Foundation

/// The JSON API's settings: its contract, its rate limits and which browser origins may call it.
struct APISettings: Sendable {
    /// The OpenAPI document the API serves and validates against.
    var contractFile = "openapi.yaml"
    /// Requests per minute one token may make (`API_REQUESTS_PER_MINUTE`).
    var tokenRequestsPerMinute = 120
    /// Requests per minute one address may make, tokens or not (`API_ADDRESS_REQUESTS_PER_MINUTE`).
    var addressRequestsPerMinute = 600
    /// Origins (`https://app.example`) whose pages may call the API from a browser (`API_CORS_ORIGINS`).
    var corsOrigins: Set<String> = []

    static func load(_ value: (String) -> String?, number: (String, String, Int, ClosedRange<Int>) -> Int) -> (APISettings, [String]) {
        var settings = APISettings(), problems: [String] = []
        if let file = value("apiContractFile") { settings.contractFile = file }
        settings.tokenRequestsPerMinute = number("apiRequestsPerMinute", "API_REQUESTS_PER_MINUTE", 120, 1...1_000_000)
        settings.addressRequestsPerMinute = number("apiAddressRequestsPerMinute", "API_ADDRESS_REQUESTS_PER_MINUTE", 600, 1...1_000_000)
        for origin in (value("apiCorsOrigins") ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !origin.isEmpty {
            if let url = URL(string: origin), url.scheme == "https" || url.scheme == "http", url.host != nil, url.path.isEmpty || url.path == "/" {
                settings.corsOrigins.insert(origin.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/")))
            } else {
                problems.append("API_CORS_ORIGINS: '\(origin)' is not an origin such as https://app.example")
            }
        }
        return (settings, problems)
    }
}
