#!/usr/bin/env python3
"""Drives the stand-ins with the official clients, to show they speak the real formats.

Usage: prove_standins.py BASE_URL

Google's own SDK (pip google-genai) streams from the Gemini stand-in and sees its errors as the
errors the real API gives; AWS's own SDK (pip boto3) streams ConverseStream from the Bedrock
stand-in, signs requests the stand-in accepts, and reads its exception frames. Exits 0 when
every check holds; prints the failed one otherwise.
"""
import json
import sys

import boto3
import botocore.exceptions
from google import genai
from google.genai import errors, types

BASE = sys.argv[1].rstrip("/")


def check(condition, step):
    if not condition:
        raise AssertionError(step)
    print(f"ok - {step}")


SCHEMA = {"type": "OBJECT", "properties": {
    "feedback": {"type": "STRING"},
    "criteria": {"type": "ARRAY", "items": {"type": "OBJECT", "properties": {
        "criterion": {"type": "STRING", "format": "enum", "enum": ["task-response", "lexical-resource"]},
        "band": {"type": "NUMBER"}, "comment": {"type": "STRING"}}}},
    "annotations": {"type": "ARRAY", "items": {"type": "OBJECT", "properties": {"sentence": {"type": "STRING"}}}}},
    "propertyOrdering": ["feedback", "criteria", "annotations"]}


def gemini():
    client = genai.Client(api_key="test-key", http_options=types.HttpOptions(base_url=BASE, api_version="v1beta"))
    config = types.GenerateContentConfig(response_mime_type="application/json", response_schema=SCHEMA, temperature=0.2)
    chunks = list(client.models.generate_content_stream(model="gemini-2.5-flash", contents="Assess this essay.\nRoads are full.", config=config))
    text = "".join(chunk.text or "" for chunk in chunks)
    check(len(chunks) > 3, "google-genai streams several chunks from the Gemini stand-in")
    answer = json.loads(text)
    check(list(answer)[0] == "feedback" and [c["criterion"] for c in answer["criteria"]] == ["task-response", "lexical-resource"],
          "with google-genai's response_schema the joined text parts are the schema's JSON, feedback first, only the allowed criteria")
    check(answer["annotations"][0]["sentence"] == "Roads are full.", "the first annotation quotes the essay")
    prose = "".join(chunk.text or "" for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="x"))
    check(prose.startswith("Task Response:"), "without a schema the answer is prose")
    check(str(chunks[-1].candidates[0].finish_reason).endswith("STOP"), "the last chunk has finishReason STOP")
    check(chunks[-1].usage_metadata.total_token_count == 713, "and usageMetadata")
    for key, code in [("scenario-throttled", 429), ("scenario-unavailable", 503), ("scenario-bad-request", 400)]:
        failing = genai.Client(api_key=key, http_options=types.HttpOptions(base_url=BASE, api_version="v1beta", retry_options=types.HttpRetryOptions(attempts=1)))
        try:
            list(failing.models.generate_content_stream(model="gemini-2.5-flash", contents="x"))
            check(False, f"HTTP {code} raises")
        except errors.APIError as error:
            check(error.code == code and error.message, f"google-genai reads the stand-in's {code} as APIError {code}: {error.message}")


def bedrock():
    client = boto3.client("bedrock-runtime", endpoint_url=BASE, region_name="eu-west-2",
                          aws_access_key_id="AKIDSTANDIN", aws_secret_access_key="standin-secret-key")
    tool = {"toolSpec": {"name": "record_assessment", "description": "Record the assessment.", "inputSchema": {"json": {
        "type": "object", "properties": {"feedback": {"type": "string"}, "criteria": {"type": "array", "items": {
            "type": "object", "properties": {"criterion": {"type": "string", "enum": ["task-response"]}, "band": {"type": "number"}}}}}}}}}
    response = client.converse_stream(modelId="anthropic.claude-3-haiku-20240307-v1:0",
                                      messages=[{"role": "user", "content": [{"text": "Assess this essay.\nRoads are full."}]}],
                                      toolConfig={"tools": [tool], "toolChoice": {"tool": {"name": "record_assessment"}}})
    events = list(response["stream"])
    kinds = [next(iter(event)) for event in events]
    check(kinds[:2] == ["messageStart", "contentBlockStart"] and "messageStop" in kinds and kinds[-1] == "metadata",
          "boto3 reads messageStart, contentBlockStart, contentBlockDelta…, messageStop and metadata from the Bedrock stand-in")
    check(events[1]["contentBlockStart"]["start"]["toolUse"]["name"] == "record_assessment", "the model calls the forced tool")
    answer = json.loads("".join(event["contentBlockDelta"]["delta"]["toolUse"]["input"] for event in events if "contentBlockDelta" in event))
    check([c["criterion"] for c in answer["criteria"]] == ["task-response"] and answer["feedback"].startswith("Task Response"),
          "the toolUse input deltas join into the tool's JSON")
    check(next(event for event in events if "messageStop" in event)["messageStop"]["stopReason"] == "tool_use", "and it stops for tool_use")
    check(events[-1]["metadata"]["usage"]["totalTokens"] == 713, "metadata has the token usage")
    check(True, "boto3's SigV4 signature (model id with a colon) passes the stand-in's check")

    wrong = boto3.client("bedrock-runtime", endpoint_url=BASE, region_name="eu-west-2",
                         aws_access_key_id="AKIDSTANDIN", aws_secret_access_key="not-the-secret")
    try:
        wrong.converse_stream(modelId="m", messages=[{"role": "user", "content": [{"text": "x"}]}])
        check(False, "a wrong signature is refused")
    except botocore.exceptions.ClientError as error:
        check(error.response["Error"]["Code"] == "InvalidSignatureException", "a request signed with the wrong secret is refused")

    try:
        list(client.converse_stream(modelId="standin.scenario-exception",
                                    messages=[{"role": "user", "content": [{"text": "x"}]}])["stream"])
        check(False, "an exception frame raises")
    except botocore.exceptions.EventStreamError as error:
        check(error.response["Error"]["Code"] == "throttlingException", "boto3 reads the stand-in's exception frame as throttlingException")

    for model, code in [("standin.scenario-bad-request", "ValidationException"), ("standin.scenario-throttled", "ThrottlingException")]:
        try:
            client.converse_stream(modelId=model, messages=[{"role": "user", "content": [{"text": "x"}]}])
            check(False, f"{code} raises")
        except botocore.exceptions.ClientError as error:
            check(error.response["Error"]["Code"] == code, f"boto3 reads the stand-in's error as {code}")

    try:
        list(client.converse_stream(modelId="standin.scenario-bad-crc", messages=[{"role": "user", "content": [{"text": "x"}]}])["stream"])
        check(False, "a damaged frame raises")
    except Exception as error:  # botocore raises its own checksum error class
        check("crc" in type(error).__name__.lower() or "checksum" in str(error).lower(), "boto3 rejects the stand-in's damaged frame: " + type(error).__name__)


if __name__ == "__main__":
    try:
        gemini()
        bedrock()
    except AssertionError as failure:
        print(f"not ok - {failure}")
        sys.exit(1)
