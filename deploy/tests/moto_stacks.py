#!/usr/bin/env python3
"""Creates BandUp's stacks in moto's CloudFormation (moto_server, started here on loopback) in
deployment order, and checks what matters on the resources moto made: Multi-AZ, encrypted and
private PostgreSQL, security-group rules, encrypted buckets, the ECR repository, the ECS
services and tasks, the load balancer. moto applies only some properties of some resources
(a bucket's encryption but not its public access block; an instance's Multi-AZ but not its
deletion protection); deploy/tests/policy.py checks the templates themselves for those.

moto's CloudFormation does not implement every resource type. Before a template goes to moto,
resources of a type moto cannot create are left out (references to them become placeholders),
and so are attributes moto cannot give (`Fn::GetAtt` to them becomes a placeholder). The lists
are printed, and compared with the table in deploy/README.md, so the README stays honest. What
moto cannot create is checked statically by deploy/tests/policy.py instead.

Usage: moto_stacks.py            (exit 0 when every check holds)
"""
import json
import re
import socket
import sys
from pathlib import Path

import boto3
from cfnlint.decode import decode_str
from moto.cloudformation import parsing
from moto.server import ThreadedMotoServer

from checks import check, failures

DEPLOY = Path(__file__).resolve().parent.parent
REGION = "eu-west-2"
STACKS = [
    ("network", {}),
    ("data", {}),
    ("app", {"DomainName": "bandup.example.org",
             "CertificateArn": "arn:aws:acm:eu-west-2:123456789012:certificate/0f0e0d0c-0b0a-4900-8000-000000000001",
             "SmtpUrlSecretArn": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:bandup/production/smtp-AbCdEf",
             "MailFromAddress": "no-reply@bandup.example.org",
             "GoogleClientId": "123456789012-abcdefghijklmnop.apps.googleusercontent.com",
             "GoogleClientSecretArn": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:bandup/production/google-AbCdEf"}),
    ("delivery", {"DomainName": "bandup.example.org", "OriginDomainName": "origin.bandup.example.org",
                  "CloudFrontCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-4900-8000-000000000002"}),
    ("pipeline", {"RepositoryId": "bandup/bandup"}),
]
PLACEHOLDER = "moto-cannot-make-this"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def for_moto(template):
    """The template with what moto cannot make left out; what was left out."""
    models = parsing.get_model_map()
    resources = template["Resources"]
    missing = {name: body["Type"] for name, body in resources.items() if body["Type"] not in models}
    attributes = []

    def rewrite(node):
        if isinstance(node, dict):
            if set(node) == {"Ref"} and node["Ref"] in missing:
                return PLACEHOLDER
            if set(node) == {"Fn::GetAtt"}:
                target, attribute = node["Fn::GetAtt"] if isinstance(node["Fn::GetAtt"], list) else node["Fn::GetAtt"].split(".", 1)
                if target in missing:
                    return PLACEHOLDER
                model = models.get(resources.get(target, {}).get("Type"))
                if model is not None and not model.has_cfn_attr(attribute):
                    attributes.append(f"{resources[target]['Type']}.{attribute}")
                    return PLACEHOLDER
            if set(node) == {"Fn::Sub"}:
                text, variables = (node["Fn::Sub"], {}) if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"]
                for name in missing:
                    text = re.sub(r"\$\{" + re.escape(name) + r"(\.[A-Za-z.]+)?\}", PLACEHOLDER, text)
                return {"Fn::Sub": [text, rewrite(variables)] if variables else text}
            return {key: rewrite(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(value) for value in node]
        if isinstance(node, str):
            # Dynamic references to secrets moto cannot make: a fixed value.
            return re.sub(r"\{\{resolve:secretsmanager:[^}]*\}\}", "moto-secret-value", node)
        return node

    kept = {name: body for name, body in resources.items() if name not in missing}
    for body in kept.values():
        # moto hands a DB instance its parameter group as an object, not a name, and fails: the
        # instance goes without it here (policy.py checks the group's rds.force_ssl).
        if body["Type"] == "AWS::RDS::DBInstance" and body["Properties"].pop("DBParameterGroupName", None) is not None:
            attributes.append("AWS::RDS::DBInstance.DBParameterGroupName (property)")
    for body in kept.values():
        depends = body.get("DependsOn")
        if depends:
            depends = [d for d in ([depends] if isinstance(depends, str) else depends) if d not in missing]
            if depends:
                body["DependsOn"] = depends
            else:
                body.pop("DependsOn")
    template = dict(template, Resources=rewrite(kept), Outputs=rewrite(template.get("Outputs", {})))
    return template, missing, sorted(set(attributes))


def readme_table():
    """The README's table of what moto cannot make: (stack, resource type) pairs."""
    text = (DEPLOY / "README.md").read_text() if (DEPLOY / "README.md").exists() else ""
    section = text.split("## What moto could not create", 1)[-1].split("\n## ", 1)[0] if "## What moto could not create" in text else ""
    rows = set()
    for line in section.splitlines():
        cells = [cell.strip(" `") for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] in {name for name, _ in STACKS}:
            for kind in re.split(r",\s*", cells[1]):
                rows.add((cells[0], kind.strip(" `")))
    return rows


def main():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    client = lambda service: session.client(service, endpoint_url=f"http://127.0.0.1:{port}")
    cfn = client("cloudformation")
    zone = client("route53").create_hosted_zone(Name="bandup.example.org", CallerReference="moto-stacks")["HostedZone"]["Id"].split("/")[-1]
    certificate = client("acm").request_certificate(DomainName="*.bandup.example.org", ValidationMethod="DNS")["CertificateArn"]
    left_out = set()
    try:
        for name, parameters in STACKS:
            template, _ = decode_str((DEPLOY / f"{name}.yaml").read_text())
            template = json.loads(json.dumps(template, default=str))
            adapted, missing, attributes = for_moto(template)
            left_out |= {(name, kind) for kind in missing.values()}
            if name == "delivery":
                parameters = dict(parameters, HostedZoneId=zone)
            if name == "app":
                parameters = dict(parameters, CertificateArn=certificate)
            cfn.create_stack(StackName=f"bandup-{name}", TemplateBody=json.dumps(adapted), Capabilities=["CAPABILITY_IAM"],
                             Parameters=[{"ParameterKey": key, "ParameterValue": value} for key, value in parameters.items()])
            stack = cfn.describe_stacks(StackName=f"bandup-{name}")["Stacks"][0]
            made = cfn.list_stack_resources(StackName=f"bandup-{name}")["StackResourceSummaries"]
            check(stack["StackStatus"] == "CREATE_COMPLETE" and all(r["ResourceStatus"] == "CREATE_COMPLETE" for r in made),
                  f"{name}: moto created {len(made)} resources" + (f"; left out {len(missing)}: {', '.join(sorted(set(missing.values())))}" if missing else "")
                  + (f"; attributes moto cannot give: {', '.join(attributes)}" if attributes else ""))
        verify(client)
        check(left_out == readme_table(), "deploy/README.md lists exactly what moto could not create"
              + ("" if left_out == readme_table() else f" (README {sorted(readme_table() - left_out)} vs moto {sorted(left_out - readme_table())})"))
    finally:
        server.stop()
    print(f"{len(failures)} failed" if failures else "every check holds")
    return 1 if failures else 0


def verify(client):
    ec2, rds, s3, ecr, ecs, elb, iam = (client(s) for s in ("ec2", "rds", "s3", "ecr", "ecs", "elbv2", "iam"))
    # Security groups: only the ALB is open to the internet, on 80 and 443.
    groups = {g["GroupName"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
    by_id = {g["GroupId"]: g for g in groups.values()}
    def name_of(tag_suffix):
        return next(g for g in groups.values() if any(t["Key"] == "Name" and t["Value"].endswith(tag_suffix) for t in g.get("Tags", [])))
    alb, app, db, redis = (name_of(s) for s in ("-alb", "-app", "-postgres", "-redis"))
    open_ports = sorted({(p["FromPort"], p["ToPort"]) for g in groups.values() for p in g["IpPermissions"]
                         if any(r.get("CidrIp") == "0.0.0.0/0" for r in p.get("IpRanges", []))})
    check(open_ports == [(80, 80), (443, 443)] and all(
        not any(r.get("CidrIp") == "0.0.0.0/0" for p in g["IpPermissions"] for r in p.get("IpRanges", [])) for g in groups.values() if g is not alb),
        f"only the load balancer takes traffic from the internet, on 80 and 443 ({open_ports})")
    def sources(group, port):
        return {by_id[pair["GroupId"]]["GroupId"] for p in group["IpPermissions"] if p.get("FromPort") == port for pair in p.get("UserIdGroupPairs", [])}
    check(sources(app, 8080) == {alb["GroupId"]}, "the web tasks take 8080 from the load balancer only")
    worker = name_of("-worker")
    check(sources(db, 5432) == {app["GroupId"], worker["GroupId"]} and not db["IpPermissions"][0].get("IpRanges"),
          "PostgreSQL takes 5432 from the app and the worker only")
    check(sources(redis, 6379) == {app["GroupId"], worker["GroupId"]}, "Redis takes 6379 from the app and the worker only")
    check(not worker["IpPermissions"], "the worker takes no inbound traffic")

    # PostgreSQL: Multi-AZ, encrypted, private, backed up, protected.
    database = rds.describe_db_instances()["DBInstances"][0]
    check(database["MultiAZ"] is True, "PostgreSQL is Multi-AZ")
    check(database["StorageEncrypted"] is True and database.get("KmsKeyId"), "PostgreSQL's storage is encrypted with the data key")
    check(database["PubliclyAccessible"] is False, "PostgreSQL is not publicly accessible")
    check(database["Engine"] == "postgres" and database["EngineVersion"].startswith("15."), f"PostgreSQL 15 ({database['EngineVersion']})")
    check(database["BackupRetentionPeriod"] >= 7, f"PostgreSQL keeps {database['BackupRetentionPeriod']} days of backups")
    check(database["Endpoint"]["Port"] == 5432, "PostgreSQL listens on 5432")
    subnets = {s["SubnetIdentifier"] for s in database["DBSubnetGroup"]["Subnets"]}
    public = {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if any(t["Value"].endswith(("-public-a", "-public-b")) for t in s.get("Tags", []))}
    check(len(subnets) == 2 and not subnets & public, "PostgreSQL lives in the two private subnets")

    # Buckets: encrypted. (moto's CloudFormation applies a bucket's encryption and tags only;
    # public access blocks, versioning and policies are checked by policy.py.)
    for bucket in s3.list_buckets()["Buckets"]:
        name = bucket["Name"]
        rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
        check(bool(rules), f"bucket {name} is encrypted ({rules[0]['ApplyServerSideEncryptionByDefault']['SSEAlgorithm']})")

    # ECR: immutable tags (moto ignores the scan and lifecycle settings: policy.py checks them).
    repository = ecr.describe_repositories()["repositories"][0]
    check(repository["imageTagMutability"] == "IMMUTABLE", "the image repository keeps tags immutable")

    # ECS: two services from one image (moto keeps their counts, not their network or load
    # balancer: policy.py checks those), and what the tasks run with.
    cluster = ecs.list_clusters()["clusterArns"][0]
    services = ecs.describe_services(cluster=cluster, services=ecs.list_services(cluster=cluster)["serviceArns"])["services"]
    check(sorted((s["serviceName"], s["desiredCount"]) for s in services) == [("web", 2), ("worker", 1)],
          "the web (2 tasks) and worker (1 task) services are scaled separately")
    web = next(s for s in services if s["serviceName"] == "web")
    definition = ecs.describe_task_definition(taskDefinition=web["taskDefinition"])["taskDefinition"]["containerDefinitions"][0]
    environment = {e["name"]: e["value"] for e in definition["environment"]}
    secrets = {s["name"]: s["valueFrom"] for s in definition.get("secrets", []) if s}
    check(definition["command"] == ["serve"] and environment["BANDUP_ENV"] == "production" and environment["LOG_FORMAT"] == "json",
          "web tasks run `bandup serve` in production with JSON logs")
    check(set(secrets) >= {"DATABASE_PASSWORD", "REDIS_PASSWORD"} and not any("PASSWORD" in k or "SECRET" in k or "KEY" in k for k in environment),
          "passwords come from Secrets Manager, none from plain environment")
    check(environment["REDIS_URL"].startswith("rediss://") and "sslmode=require" in environment["DATABASE_URL"],
          "PostgreSQL and Redis are reached over TLS")
    check(definition.get("stopTimeout") == 30 and int(environment["SHUTDOWN_GRACE_SECONDS"]) < 30,
          "tasks drain within ECS's stop timeout")
    check(definition["logConfiguration"]["logDriver"] == "awslogs", "logs go to CloudWatch")

    # The load balancer: HTTPS, HTTP redirected, /readyz checks.
    balancer = elb.describe_load_balancers()["LoadBalancers"][0]
    check(balancer["Scheme"] == "internet-facing" and not set(z["SubnetId"] for z in balancer["AvailabilityZones"]) - public,
          "the load balancer faces the internet from the public subnets")
    listeners = {l["Port"]: l for l in elb.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]}
    check(listeners[443]["Protocol"] == "HTTPS" and listeners[443]["Certificates"], "port 443 is HTTPS with the certificate")
    check(listeners[80]["DefaultActions"][0]["Type"] == "redirect" and listeners[80]["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS",
          "port 80 redirects to HTTPS")
    target = elb.describe_target_groups()["TargetGroups"][0]
    check(target["HealthCheckPath"] == "/readyz" and target["TargetType"] == "ip", "the target group checks /readyz")


if __name__ == "__main__":
    sys.exit(main())
