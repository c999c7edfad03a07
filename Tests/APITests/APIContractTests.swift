import Foundation
import Testing
@testable import API

/// The contract as the server reads it: BandUp's own `openapi.yaml`, and what a small contract's
/// operations make of parameters.
@Suite struct APIContractTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func bandupsContractIsReadWhole() throws {
        let contract = try APIContract(yaml: try String(contentsOf: Self.repository.appendingPathComponent("openapi.yaml"), encoding: .utf8))
        #expect(contract.operations.count >= 20 && Set(contract.operations.map(\.id)).count == contract.operations.count)
        #expect(contract.operations.allSatisfy { $0.path.hasPrefix("/api/v1/") && !$0.summary.isEmpty && !$0.tags.isEmpty })
        let create = try #require(contract.operation("createAnswer"))
        #expect(create.method == "POST" && create.scopes == ["feedback"] && create.bodies.map(\.type) == ["application/json", "multipart/form-data"])
        #expect(contract.operation("getContract")?.scopes == nil, "the contract itself is public")
        #expect(contract.operation("getMe")?.scopes == [], "any token")
        #expect(contract.operation("getLesson")?.routerPath == "/api/v1/lessons/:slug")
        // Every operation that can refuse documents it, and every problem's schema is the same.
        for operation in contract.operations where operation.scopes != nil {
            #expect(operation.statuses.contains("401") && operation.statuses.contains("429"), "\(operation.id)")
            if !operation.bodies.isEmpty { #expect(operation.statuses.contains("400") && operation.statuses.contains("415"), "\(operation.id)") }
        }
    }

    static let small = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /things/{id}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
            get:
              operationId: getThing
              parameters:
                - {name: size, in: query, schema: {type: number, maximum: 10}}
                - {name: fresh, in: query, schema: {type: boolean}}
                - {name: mode, in: query, required: true, schema: {type: string, enum: [a, b]}}
              responses: {'200': {description: ok}}
        """

    /// Path and query values, and the problems expected (field names).
    static let parameters: [([String: String], [String: [String]], [String])] = [
        (["id": "3"], ["mode": ["a"]], []),
        (["id": "3"], ["mode": ["a"], "size": ["2.5"], "fresh": ["true"]], []),
        (["id": "0"], ["mode": ["a"]], ["id"]),
        (["id": "x"], ["mode": ["a"]], ["id"]),
        (["id": "3"], [:], ["mode"]),
        (["id": "3"], ["mode": ["c"]], ["mode"]),
        (["id": "3"], ["mode": ["a", "b"]], ["mode"]),
        (["id": "3"], ["mode": ["a"], "size": ["11"]], ["size"]),
        (["id": "3"], ["mode": ["a"], "size": ["1e2"]], ["size"]),
        (["id": "3"], ["mode": ["a"], "size": ["NaN"]], ["size"]),
        (["id": "3"], ["mode": ["a"], "fresh": ["yes"]], ["fresh"]),
        (["id": "3"], ["mode": ["a"], "unknown": ["ignored"]], []),
    ]

    @Test(arguments: parameters) func parametersAreReadAsTheirTypes(_ path: [String: String], _ query: [String: [String]], _ fields: [String]) throws {
        let operation = try #require(try APIContract(yaml: Self.small).operation("getThing"))
        #expect(operation.problems(path: path, query: query).map(\.field) == fields, "\(path) \(query)")
    }

    @Test func aContractThatIsNotOpenAPI31IsRefused() {
        #expect(throws: ContractError.self) { try APIContract(yaml: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}") }
        #expect(throws: ContractError.self) { try APIContract(yaml: Self.small.replacingOccurrences(of: "operationId: getThing", with: "summary: no id")) }
    }
}
