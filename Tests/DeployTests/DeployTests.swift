import Foundation
import TestSupport
import Testing

/// The infrastructure in deploy/ checked on every build: cfn-lint, the policy rules (which must
/// also catch a template that breaks them), the stacks created in moto's CloudFormation, and the
/// image, pipeline and scripts building BandUp the same way.
@Suite struct DeployTests {
    static let deploy = BandUpProcess.repositoryRoot.appendingPathComponent("deploy")
    static let templates = ["network", "data", "app", "delivery", "pipeline"]

    @Test func cfnLintFindsNothing() async throws {
        let paths = Self.templates.map { Self.deploy.appendingPathComponent("\($0).yaml").path }
        let (status, output) = try await PythonScript.cfnLintAside(["--format", "parseable"] + paths)
        #expect(status == 0 && output.isEmpty, "cfn-lint: no errors, no warnings, no notes\n\(output)")
    }

    @Test func thePolicyHolds() async throws {
        let (status, output) = try await PythonScript.runAside("deploy/tests/policy.py", [])
        #expect(status == 0 && output.hasSuffix("every rule holds\n"), "\(output)")
        #expect(!output.contains("not ok"), "\(output)")
    }

    /// A template broken on purpose, and the rule the policy test must report for it.
    static let breaches: [(file: String, from: String, to: String, rule: String)] = [
        ("network", "      FromPort: 5432\n      ToPort: 5432\n      SourceSecurityGroupId: !Ref AppSecurityGroup",
         "      FromPort: 5432\n      ToPort: 5432\n      CidrIp: 0.0.0.0/0", "only the load balancer's security group is open to the internet"),
        ("data", "      MultiAZ: true", "      MultiAZ: false", "PostgreSQL is Multi-AZ, private and protected from deletion"),
        ("data", "      StorageEncrypted: true", "      StorageEncrypted: false", "PostgreSQL is encrypted at rest"),
        ("data", "      TransitEncryptionEnabled: true", "      TransitEncryptionEnabled: false", "Redis is encrypted at rest and in transit"),
        ("data", "        BlockPublicPolicy: true", "        BlockPublicPolicy: false", "data: bucket MediaBucket blocks public access"),
        ("app", "            - {Name: LOG_FORMAT, Value: json}", "            - {Name: LOG_FORMAT, Value: json}\n            - {Name: GEMINI_API_KEY, Value: pasted-here}",
         "WebTaskDefinition: secrets come from Secrets Manager"),
        ("app", "            - {Name: LOG_FORMAT, Value: json}", "            - &log {Name: LOG_FORMAT, Value: json}", "app: no YAML anchors or aliases"),
        ("network", "          DestinationSecurityGroupId: !Ref AppSecurityGroup", "          CidrIp: 0.0.0.0/0", "the load balancer sends only to the web tasks' 8080"),
        ("delivery", "                  PositionalConstraint: EXACTLY", "                  PositionalConstraint: CONTAINS", "only CloudFront"),
    ]

    @Test(arguments: breaches) func aBreachIsCaught(_ breach: (file: String, from: String, to: String, rule: String)) async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in Self.templates {
            var text = try String(contentsOf: Self.deploy.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            if name == breach.file {
                #expect(text.contains(breach.from), "the template still has the text this test changes")
                text = text.replacingOccurrences(of: breach.from, with: breach.to)
            }
            try text.write(to: copy.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let (status, output) = try await PythonScript.runAside("deploy/tests/policy.py", [copy.path])
        #expect(status != 0, "\(output)")
        #expect(output.split(separator: "\n").contains { $0.hasPrefix("not ok - ") && $0.contains(breach.rule) }, "\(output)")
    }

    @Test func theStacksCreateInMotosCloudFormation() async throws {
        let (status, output) = try await PythonScript.runAside("deploy/tests/moto_stacks.py", [])
        #expect(status == 0 && output.hasSuffix("every check holds\n") && !output.contains("not ok"), "\(output)")
        for stack in Self.templates { #expect(output.contains("ok - \(stack): moto created"), "\(stack)\n\(output)") }
    }

    @Test func theImageThePipelineAndTheScriptsAgree() async throws {
        let (status, output) = try await PythonScript.runAside("deploy/tests/consistency.py", [])
        #expect(status == 0 && output.hasSuffix("everything agrees\n") && !output.contains("not ok"), "\(output)")
    }
}
