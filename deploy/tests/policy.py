#!/usr/bin/env python3
"""BandUp's rules for its infrastructure, checked on the CloudFormation templates themselves
(so they also cover what moto cannot create):

- no security group takes traffic from the whole internet except the load balancer's, on 80 and 443;
- every bucket blocks public access, is encrypted and refuses requests without TLS;
- every data store is encrypted (PostgreSQL, Redis at rest and in transit, buckets, the image
  repository, secrets) and PostgreSQL and Redis survive a zone failure;
- every secret comes from Secrets Manager: no parameter carries a password or key, passwords and
  tokens are dynamic references, containers get them as secrets, never as plain environment;
- and the rest of what the issue asks: the load balancer, the services, the repository, WAF,
  CloudFront.

Usage: policy.py [DEPLOY_DIR]    (exit 0 when every rule holds; the templates of deploy/ by default)
"""
import re
import sys
from pathlib import Path

import yaml
from cfnlint.decode import decode_str

from checks import check, failures

DEPLOY = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent


def load(name):
    text = (DEPLOY / f"{name}.yaml").read_text()
    # CloudFormation refuses YAML anchors and aliases, though cfn-lint and moto accept them.
    shared = [f"line {event.start_mark.line + 1}" for event in yaml.parse(text)
              if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)]
    check(not shared, f"{name}: no YAML anchors or aliases, which CloudFormation refuses ({', '.join(shared)})")
    template, problems = decode_str(text)
    assert not problems, problems
    return template


def resources(template, kind):
    return {name: body.get("Properties", {}) for name, body in template["Resources"].items() if body["Type"] == kind}


def text(node):
    """Every string inside a value (intrinsic functions included), joined: for looking into references."""
    if isinstance(node, dict):
        return " ".join(text(key) + " " + text(value) for key, value in node.items())
    if isinstance(node, list):
        return " ".join(text(value) for value in node)
    return str(node)


def main():
    templates = {name: load(name) for name in ("network", "data", "app", "delivery", "pipeline")}

    # ---- Security groups: the internet reaches the load balancer's 80 and 443 and nothing else.
    network = templates["network"]
    open_rules = []
    for name, body in network["Resources"].items():
        rules = []
        if body["Type"] == "AWS::EC2::SecurityGroup":
            rules = [(name, rule) for rule in body["Properties"].get("SecurityGroupIngress", [])]
        elif body["Type"] == "AWS::EC2::SecurityGroupIngress":
            rules = [(text(body["Properties"]["GroupId"]), body["Properties"])]
        for group, rule in rules:
            if rule.get("CidrIp") == "0.0.0.0/0" or rule.get("CidrIpv6") == "::/0":
                open_rules.append((group, rule["FromPort"], rule["ToPort"]))
    check(open_rules and all(group == "AlbSecurityGroup" and (low, high) in {(80, 80), (443, 443)} for group, low, high in open_rules),
          f"only the load balancer's security group is open to the internet, on 80 and 443 ({sorted(set(open_rules))})")
    for group in ("DatabaseSecurityGroup", "RedisSecurityGroup"):
        egress = network["Resources"][group]["Properties"].get("SecurityGroupEgress", [])
        check(egress == [{"Description": egress[0]["Description"], "IpProtocol": "-1", "CidrIp": "127.0.0.1/32"}] if egress else False,
              f"{group} sends nothing out")
    alb_egress = network["Resources"]["AlbSecurityGroup"]["Properties"].get("SecurityGroupEgress", [])
    check(len(alb_egress) == 1 and alb_egress[0]["FromPort"] == alb_egress[0]["ToPort"] == 8080
          and alb_egress[0].get("DestinationSecurityGroupId") == {"Ref": "AppSecurityGroup"},
          "the load balancer sends only to the web tasks' 8080 (no default allow-all egress)")
    for name in ("AppSecurityGroup", "WorkerSecurityGroup"):
        egress = network["Resources"][name]["Properties"]["SecurityGroupEgress"]
        check(all(rule.get("CidrIp") != "0.0.0.0/0" or (rule["FromPort"], rule["ToPort"]) == (443, 443) for rule in egress),
              f"{name} goes out to the internet on 443 only")

    # ---- Buckets: private, encrypted, TLS only.
    for stack, template in templates.items():
        policies = resources(template, "AWS::S3::BucketPolicy")
        for name, bucket in resources(template, "AWS::S3::Bucket").items():
            block = bucket.get("PublicAccessBlockConfiguration", {})
            check(all(block.get(flag) is True for flag in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")),
                  f"{stack}: bucket {name} blocks public access")
            check(bool(bucket.get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration")), f"{stack}: bucket {name} is encrypted")
            check(bucket.get("OwnershipControls", {}).get("Rules", [{}])[0].get("ObjectOwnership") == "BucketOwnerEnforced",
                  f"{stack}: bucket {name} has no ACLs")
            denies_plain = any(
                name in text(policy["Bucket"]) and any(
                    statement["Effect"] == "Deny" and statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
                    for statement in policy["PolicyDocument"]["Statement"])
                for policy in policies.values())
            check(denies_plain, f"{stack}: bucket {name} refuses requests without TLS")
            allows = [statement for policy in policies.values() if name in text(policy["Bucket"])
                      for statement in policy["PolicyDocument"]["Statement"] if statement["Effect"] == "Allow"]
            check(all(statement["Principal"] != "*" and "Condition" in statement for statement in allows),
                  f"{stack}: bucket {name} is read only by named services under conditions")

    # ---- Data stores: encrypted, and across two zones.
    data = templates["data"]
    database = resources(data, "AWS::RDS::DBInstance")["Database"]
    check(database["StorageEncrypted"] is True and "KmsKeyId" in database, "PostgreSQL is encrypted at rest with the data key")
    check(database["MultiAZ"] is True and database["PubliclyAccessible"] is False and database["DeletionProtection"] is True,
          "PostgreSQL is Multi-AZ, private and protected from deletion")
    check(int(text(database["BackupRetentionPeriod"]) if not isinstance(database["BackupRetentionPeriod"], dict) else
              data["Parameters"]["DatabaseBackupDays"]["Default"]) >= 7, "PostgreSQL keeps a week of backups or more")
    check(database["Engine"] == "postgres" and str(database["EngineVersion"]).startswith("15."), "PostgreSQL 15")
    parameters = resources(data, "AWS::RDS::DBParameterGroup")["DatabaseParameters"]
    check(parameters["Parameters"].get("rds.force_ssl") == "1", "PostgreSQL refuses connections without TLS")
    redis = resources(data, "AWS::ElastiCache::ReplicationGroup")["Redis"]
    check(redis["AtRestEncryptionEnabled"] is True and redis["TransitEncryptionEnabled"] is True, "Redis is encrypted at rest and in transit")
    check(redis["AutomaticFailoverEnabled"] is True and redis["MultiAZEnabled"] is True and redis["NumCacheClusters"] >= 2,
          "Redis fails over to a replica in the other zone")
    for name, secret in resources(data, "AWS::SecretsManager::Secret").items():
        check("KmsKeyId" in secret and "GenerateSecretString" in secret, f"secret {name} is generated and encrypted with the data key")
    key = resources(data, "AWS::KMS::Key")["DataKey"]
    check(key["EnableKeyRotation"] is True, "the data key rotates")
    repository = resources(templates["app"], "AWS::ECR::Repository")["Repository"]
    check(repository["ImageScanningConfiguration"]["ScanOnPush"] is True and "LifecyclePolicy" in repository
          and "EncryptionConfiguration" in repository, "the image repository scans on push, expires old images and is encrypted")

    # ---- Secrets: from Secrets Manager only.
    for stack, template in templates.items():
        for name, parameter in template.get("Parameters", {}).items():
            if re.search(r"password|secret|token|api_?key|access_?key", name, re.I):
                check("secretsmanager" in parameter.get("AllowedPattern", "") and name.endswith("SecretArn"),
                      f"{stack}: parameter {name} can only name a Secrets Manager secret, not hold one")
    check(all("{{resolve:secretsmanager:" in text(value) for value in (database["MasterUsername"], database["MasterUserPassword"], redis["AuthToken"])),
          "PostgreSQL's password and Redis's token are resolved from Secrets Manager")
    for name, definition in resources(templates["app"], "AWS::ECS::TaskDefinition").items():
        for container in definition["ContainerDefinitions"]:
            environment = [choice for entry in container.get("Environment", [])
                           for choice in (entry["Fn::If"][1:] if isinstance(entry, dict) and "Fn::If" in entry else [entry])
                           if isinstance(choice, dict) and "Name" in choice]  # both branches of a condition count
            plain = [entry["Name"] for entry in environment if re.search(r"PASSWORD|SECRET|TOKEN|API_KEY|ACCESS_KEY", entry["Name"])]
            secrets = [entry for entry in container.get("Secrets", []) if isinstance(entry, dict) and "Name" in entry]
            check(not plain and secrets and all("ValueFrom" in entry for entry in secrets),
                  f"{name}: secrets come from Secrets Manager ({', '.join(entry['Name'] for entry in secrets)}), none in plain environment")
            check(not any("AWS_ACCESS_KEY_ID" in text(entry) for entry in container.get("Environment", [])), f"{name}: credentials come from the task role")

    # ---- The app stack's promises.
    app = templates["app"]
    balancer = resources(app, "AWS::ElasticLoadBalancingV2::LoadBalancer")["LoadBalancer"]
    attributes = {entry["Key"]: entry["Value"] for entry in balancer["LoadBalancerAttributes"]}
    check(int(attributes["idle_timeout.timeout_seconds"]) >= 60, "the load balancer keeps quiet feedback streams open (idle timeout of a minute or more)")
    listeners = resources(app, "AWS::ElasticLoadBalancingV2::Listener")
    check(listeners["HttpListener"]["DefaultActions"][0]["Type"] == "redirect" and listeners["HttpsListener"]["Protocol"] == "HTTPS",
          "HTTP is redirected to HTTPS")
    targets = resources(app, "AWS::ElasticLoadBalancingV2::TargetGroup")["WebTargets"]
    target_attributes = {entry["Key"]: entry["Value"] for entry in targets["TargetGroupAttributes"]}
    check(targets["HealthCheckPath"] == "/readyz" and target_attributes["stickiness.enabled"] == "false", "the target group checks /readyz, without stickiness")
    for name, service in resources(app, "AWS::ECS::Service").items():
        network_config = service["NetworkConfiguration"]["AwsvpcConfiguration"]
        check(network_config["AssignPublicIp"] == "DISABLED" and "private-subnets" in text(network_config["Subnets"])
              and service["DeploymentConfiguration"]["DeploymentCircuitBreaker"]["Rollback"] is True,
              f"service {name} runs in private subnets and rolls back a failed deployment")
    web = resources(app, "AWS::ECS::TaskDefinition")["WebTaskDefinition"]["ContainerDefinitions"][0]
    check(web["StopTimeout"] == 30 and web["HealthCheck"]["Command"][-1].count("/healthz") == 1, "web tasks have a stop timeout and a /healthz check")
    scaling = resources(app, "AWS::ApplicationAutoScaling::ScalingPolicy")
    check({policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"] for policy in scaling.values()}
          >= {"ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization"}, "web and worker scale by target tracking")

    # ---- Delivery: CloudFront with origin access control, WAF.
    delivery = templates["delivery"]
    distribution = resources(delivery, "AWS::CloudFront::Distribution")["Distribution"]["DistributionConfig"]
    assets = next(origin for origin in distribution["Origins"] if origin["Id"] == "assets")
    check("OriginAccessControlId" in assets and distribution["ViewerCertificate"]["MinimumProtocolVersion"].startswith("TLSv1.2"),
          "CloudFront reads assets through origin access control and speaks TLS 1.2 or later")
    check(distribution["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
          and all(behaviour["ViewerProtocolPolicy"] == "redirect-to-https" for behaviour in distribution["CacheBehaviors"]), "CloudFront redirects HTTP to HTTPS")
    acl = resources(delivery, "AWS::WAFv2::WebACL")["WebAcl"]
    statements = text(acl["Rules"])
    check(all(part in statements for part in ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "RateBasedStatement", "SizeConstraintStatement")),
          "WAF has AWS's common and known-bad-inputs rules, a rate limit and a body size limit")
    check(bool(resources(delivery, "AWS::WAFv2::WebACLAssociation")), "WAF is attached")
    app_origin = next(origin for origin in distribution["Origins"] if origin["Id"] == "app")
    verify = [header for header in app_origin.get("OriginCustomHeaders", []) if header["HeaderName"].lower() == "x-origin-verify"]
    first = min(acl["Rules"], key=lambda rule: rule["Priority"])
    match = first["Statement"].get("NotStatement", {}).get("Statement", {}).get("ByteMatchStatement", {})
    check(len(verify) == 1 and "{{resolve:secretsmanager:" in text(verify[0]["HeaderValue"]) and "Block" in first["Action"]
          and text(match.get("SearchString")) == text(verify[0]["HeaderValue"]) and match.get("PositionalConstraint") == "EXACTLY"
          and match.get("FieldToMatch", {}).get("SingleHeader", {}).get("Name", "").lower() == "x-origin-verify",
          "the load balancer serves only CloudFront: a secret header from Secrets Manager, and WAF's first rule blocks requests without it")
    check(distribution["DefaultCacheBehavior"]["OriginRequestPolicyId"] == "33f36d7e-f396-46d9-90e0-52428a34d9dc"
          and all({"Name": "CLIENT_ADDRESS_HEADER", "Value": "CloudFront-Viewer-Address"} in container.get("Environment", [])
                  for definition in resources(templates["app"], "AWS::ECS::TaskDefinition").values() for container in definition["ContainerDefinitions"]),
          "CloudFront sends the viewer's address and the app believes it (CLIENT_ADDRESS_HEADER)")

    print(f"{len(failures)} failed" if failures else "every rule holds")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
