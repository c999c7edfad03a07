#!/usr/bin/env python3
"""Stand-ins for the Gemini and Amazon Bedrock APIs, speaking their real wire formats, for tests.

Usage: ai_standins.py PORT

Gemini:  POST /v1beta/models/{model}:streamGenerateContent?alt=sse  (x-goog-api-key)
         server-sent events, each `data: {GenerateContentResponse JSON}`; the last chunk has a
         finishReason and usageMetadata; errors are non-2xx `{"error": {"code", "message", "status"}}`.
Bedrock: POST /model/{modelId}/converse-stream  (Signature Version 4, service `bedrock`, verified
         here with botocore's own signer) answering `application/vnd.amazon.eventstream`:
         messageStart, [contentBlockStart toolUse], contentBlockDelta..., contentBlockStop, messageStop,
         metadata; exception frames
         (`:message-type: exception`) and JSON errors with `x-amzn-ErrorType`.

The scenario comes from the Gemini API key or the Bedrock model id (`...scenario-NAME`):
  ok (default), bad-request (400), throttled (429), unavailable (503), flaky-N (503 for the first N
  calls of that key, then ok), disconnect (the stream stops mid-answer), malformed (an event that
  is not JSON), slow-first (first text after 3 s), no-finish (the stream ends without finishing),
  bad-crc (Bedrock: a damaged frame), exception (Bedrock: a throttlingException frame mid-stream),
  odd-band (a band that is not a half band).
With Gemini's responseSchema (or a Bedrock tool) the answer is the schema's JSON object, prose first,
banding only the criteria the schema allows; without one it is prose. A schema with `cards` (a
flashcard set) gets twelve cards made from the request's word list and text.
GET /_calls answers how many assessment calls each scenario received (tests use it).

ECS:     GET /v2/credentials/{seconds}  the task-role credentials endpoint ECS runs beside a task
         (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN): the keys the
         Bedrock stand-in verifies, a fresh session token each time and an Expiration {seconds} ahead;
         401 when an Authorization header is sent and is not "standin-container-token". Bedrock
         refuses a session token this endpoint did not issue; /_calls counts fetches as "credentials".
"""
import binascii
import json
import re
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# Credentials the tests give BandUp; the stand-in checks signatures made with them.
ACCESS_KEY, SECRET_KEY = "AKIDSTANDIN", "standin-secret-key"
CALLS, LOCK = {}, threading.Lock()
CONTAINER_TOKEN, ISSUED_TOKENS = "standin-container-token", set()

FEEDBACK = [
    "Task Response: you answer the question and give a clear position, ",
    "though the second body paragraph needs a developed example. ",
    "Coherence and Cohesion: paragraphs are logical and linking is varied \u2014 \"however\" and \"as a result\" are used well. ",
    "Lexical Resource: a good range of topic vocabulary with a few awkward collocations. ",
    "Grammatical Range and Accuracy: a mix of complex structures with occasional errors. ",
    "What went well: a clear overall position \U0001F44D\nWhat to do next: develop each main idea with an example.\n",
]
BANDS = {"task-achievement": 6.5, "task-response": 6.5, "coherence-cohesion": 7.0, "lexical-resource": 6.5,
         "grammatical-range": 6.0, "fluency-coherence": 6.5, "pronunciation": 7.0}
INVENTED = "This sentence does not appear in the learner's answer."


def count(scenario):
    with LOCK:
        CALLS[scenario] = CALLS.get(scenario, 0) + 1
        return CALLS[scenario]


def scenario_of(text):
    match = re.search(r"scenario-([a-z0-9-]+)", text or "")
    return match.group(1) if match else "ok"


def allowed_criteria(schema):
    """The criterion names the request's schema allows (Gemini's responseSchema or a tool's JSON Schema)."""
    try:
        return schema["properties"]["criteria"]["items"]["properties"]["criterion"]["enum"]
    except (KeyError, TypeError):
        return list(BANDS)


def card_answer(prompt_text):
    """Flashcards, as a model asked for `{"cards": [...]}` writes them: the words the request lists
    first ("- term: definition"), then the longer words of its text, twelve in all; one card has no
    definition (BandUp must drop it)."""
    listed = re.findall(r"^- ([^:\n]+): (.+)$", prompt_text, re.M)
    cards = [{"term": term.strip(), "partOfSpeech": "noun", "definition": f"(stand-in) {definition.strip()}",
              "example": f"People often talk about {term.strip()} in IELTS essays.", "collocation": f"discuss {term.strip()}",
              "topic": "Stand-in topic"} for term, definition in listed]
    seen = {card["term"].lower() for card in cards}
    for word in re.findall(r"[A-Za-z]{9,}", prompt_text.split("from the text:")[-1]):
        if len(cards) >= 12:
            break
        if word.lower() in seen:
            continue
        seen.add(word.lower())
        cards.append({"term": word.lower(), "partOfSpeech": "noun", "definition": f"the stand-in's meaning of {word.lower()}",
                      "example": f"The word {word.lower()} appears in the lesson.", "collocation": f"a {word.lower()}", "topic": "Stand-in topic"})
    cards.insert(1, {"term": "undefined", "partOfSpeech": "noun", "definition": "", "example": "", "collocation": "", "topic": ""})
    return {"cards": cards}


def answer(prompt_text, schema, scenario):
    """The answer object a model constrained by `schema` writes: prose first, then the bands; the
    first annotation quotes the learner's first sentence, the second is invented (BandUp must drop it).
    A schema asking for `cards` gets flashcards instead."""
    if "cards" in ((schema or {}).get("properties") or {}):
        return card_answer(prompt_text)
    body = prompt_text.split("\n")[-1] if prompt_text else ""
    match = re.match(r"[^.!?]*[.!?]", body.strip())
    annotations = [{"sentence": INVENTED, "problem": "Not the learner's.", "suggestion": INVENTED}]
    if match:
        annotations.insert(0, {"sentence": match.group(0), "problem": "A short sentence that could be joined to the next.",
                               "suggestion": match.group(0)})
    # Evidence: the first criterion quotes the learner, the others an invented phrase (BandUp must drop it).
    criteria = [{"criterion": name, "band": 6.3 if scenario == "odd-band" else BANDS[name], "comment": "Assessed by the stand-in.",
                 "evidence": (match.group(0) if match else "") if index == 0 else INVENTED}
                for index, name in enumerate(n for n in allowed_criteria(schema) if n in BANDS)]
    return {"feedback": "".join(FEEDBACK), "criteria": criteria, "strengths": ["A clear position throughout."],
            "improvements": ["Support each main idea with an example."], "annotations": annotations}


def pieces_of(text, size=37):
    """Streamed text in pieces that split words, escapes and surrogate pairs wherever they fall."""
    return [text[index:index + size] for index in range(0, len(text), size)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_calls":
            with LOCK:
                self.send_json(200, CALLS)
        elif re.match(r"^/v2/credentials/\d+$", self.path):
            self.container_credentials(int(self.path.rsplit("/", 1)[1]))
        else:
            self.send_json(404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}})

    def do_POST(self):
        body = self.read_body()
        if re.match(r"^/v1(beta)?/models/[^/:]+:streamGenerateContent", self.path):
            self.gemini(body)
        elif re.match(r"^/model/[^/]+/converse-stream$", self.path):
            self.bedrock(body)
        else:
            self.send_json(404, {"error": {"code": 404, "message": f"no such method {self.path}", "status": "NOT_FOUND"}})

    # ---- Gemini

    def gemini_error(self, status, code, message):
        self.send_json(status, {"error": {"code": status, "message": message, "status": code}})

    def gemini(self, body):
        key = self.headers.get("x-goog-api-key", "")
        scenario = scenario_of(key)
        calls = count(scenario)
        if not key:
            return self.gemini_error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
        if "alt=sse" not in self.path:
            return self.gemini_error(400, "INVALID_ARGUMENT", "This stand-in streams only with alt=sse.")
        try:
            request = json.loads(body)
            text = "".join(part.get("text", "") for content in request["contents"] for part in content["parts"])
            config = request.get("generationConfig") or {}
        except (ValueError, KeyError, TypeError, AttributeError):
            return self.gemini_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        schema = config.get("responseSchema")
        if schema is not None and config.get("responseMimeType") != "application/json":
            return self.gemini_error(400, "INVALID_ARGUMENT", "responseSchema requires responseMimeType application/json.")
        flaky = re.match(r"flaky-(\d+)", scenario)
        if scenario == "bad-request":
            return self.gemini_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.")
        if scenario == "throttled":
            return self.gemini_error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")
        if scenario == "unavailable" or (flaky and calls <= int(flaky.group(1))):
            return self.gemini_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        # With a schema the model writes JSON (ASCII-escaped, as Gemini does); without one, prose.
        pieces = pieces_of(json.dumps(answer(text, schema, scenario))) if schema is not None else FEEDBACK
        if scenario == "slow-first":
            time.sleep(3)
        for index, piece in enumerate(pieces):
            if scenario == "disconnect" and index == 3:
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            if scenario == "malformed" and index == 2:
                self.wfile.write(b"data: {not json\n\n")
                continue
            chunk = {"candidates": [{"content": {"role": "model", "parts": [{"text": piece}]}, "index": 0}],
                     "modelVersion": "gemini-standin"}
            if index == len(pieces) - 1 and scenario != "no-finish":
                chunk["candidates"][0]["finishReason"] = "STOP"
                chunk["usageMetadata"] = {"promptTokenCount": 412, "candidatesTokenCount": 301, "totalTokenCount": 713}
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\r\n\r\n")
            self.wfile.flush()
            time.sleep(0.01)
        self.close_connection = True

    # ---- Bedrock

    def bedrock(self, body):
        model = self.path.split("/")[2]
        scenario = scenario_of(model)
        calls = count(scenario)
        problem = self.signature_problem(body)
        if problem:
            return self.send_json(403, {"message": problem}, {"x-amzn-ErrorType": "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"})
        flaky = re.match(r"flaky-(\d+)", scenario)
        if scenario == "bad-request":
            return self.send_json(400, {"message": "The provided model identifier is invalid."}, {"x-amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"})
        if scenario == "throttled":
            return self.send_json(429, {"message": "Too many requests, please wait before trying again."}, {"x-amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"})
        if scenario == "unavailable" or (flaky and calls <= int(flaky.group(1))):
            return self.send_json(503, {"message": "Service unavailable."}, {"x-amzn-ErrorType": "ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/"})
        try:
            request = json.loads(body)
            text = "".join(block.get("text", "") for message in request["messages"] for block in message["content"])
            tool = (request.get("toolConfig") or {}).get("tools", [{}])[0].get("toolSpec")
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            return self.send_json(400, {"message": "Malformed input request."}, {"x-amzn-ErrorType": "ValidationException:"})
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("x-amzn-RequestId", "standin-request")
        self.send_header("Connection", "close")
        self.end_headers()

        def event(kind, payload, message_type="event", extra=None):
            headers = {":event-type": kind, ":content-type": "application/json", ":message-type": message_type}
            if extra:
                headers.update(extra)
            self.wfile.write(encode_event(headers, json.dumps(payload).encode()))
            self.wfile.flush()

        event("messageStart", {"role": "assistant", "p": "abcd"})
        # With a tool the model calls it, its input JSON streamed in pieces; without one, it writes prose.
        if tool:
            pieces = pieces_of(json.dumps(answer(text, tool["inputSchema"]["json"], scenario), ensure_ascii=False))
            event("contentBlockStart", {"contentBlockIndex": 0, "start": {"toolUse": {"toolUseId": "tooluse_standin01", "name": tool["name"]}}})
        else:
            pieces = FEEDBACK

        def delta(piece):
            return {"contentBlockIndex": 0, "delta": {"toolUse": {"input": piece}} if tool else {"text": piece}}
        if scenario == "slow-first":
            time.sleep(3)
        for index, piece in enumerate(pieces):
            if scenario == "disconnect" and index == 3:
                self.connection.shutdown(2)
                return
            if scenario == "exception" and index == 2:
                self.wfile.write(encode_event({":exception-type": "throttlingException", ":content-type": "application/json",
                                               ":message-type": "exception"}, json.dumps({"message": "Too many tokens, please wait."}).encode()))
                self.wfile.flush()
                self.close_connection = True
                return
            if scenario == "bad-crc" and index == 2:
                frame = bytearray(encode_event({":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event"},
                                               json.dumps(delta(piece)).encode()))
                frame[-1] ^= 0xFF
                self.wfile.write(bytes(frame))
                self.wfile.flush()
                self.close_connection = True
                return
            event("contentBlockDelta", dict(delta(piece), p="ab"))
            time.sleep(0.01)
        event("contentBlockStop", {"contentBlockIndex": 0})
        if scenario != "no-finish":
            event("messageStop", {"stopReason": "tool_use" if tool else "end_turn"})
            event("metadata", {"usage": {"inputTokens": 412, "outputTokens": 301, "totalTokens": 713}, "metrics": {"latencyMs": 512}})
        self.close_connection = True

    def container_credentials(self, lifetime):
        authorization = self.headers.get("Authorization")
        if authorization is not None and authorization != CONTAINER_TOKEN:
            self.send_json(401, {"code": "AccessDenied", "message": "Unable to authenticate the request"})
            return
        number = count("credentials")
        token = f"standin-session-{number}"
        with LOCK:
            ISSUED_TOKENS.add(token)
        expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + lifetime))
        self.send_json(200, {"RoleArn": "arn:aws:iam::123456789012:role/bandup-task", "AccessKeyId": ACCESS_KEY,
                             "SecretAccessKey": SECRET_KEY, "Token": token, "Expiration": expiration})

    def signature_problem(self, body):
        """Recomputes the request's signature with botocore's SigV4 signer: None when it matches."""
        authorization = self.headers.get("Authorization", "")
        match = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/bedrock/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)", authorization)
        if not match:
            return "Missing or malformed Authorization header."
        access_key, _, region, signed_headers, signature = match.groups()
        if access_key != ACCESS_KEY:
            return "The security token included in the request is invalid."
        session = self.headers.get("X-Amz-Security-Token")
        if session is not None:
            with LOCK:
                known = session in ISSUED_TOKENS
            if not known or "x-amz-security-token" not in signed_headers.split(";"):
                return "The security token included in the request is invalid."
        host = self.headers.get("Host")
        request = AWSRequest(method="POST", url=f"http://{host}{self.path}", data=body,
                             headers={name: self.headers[name] for name in signed_headers.split(";") if self.headers.get(name) is not None})
        request.context["timestamp"] = self.headers.get("X-Amz-Date")
        signer = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, self.headers.get("X-Amz-Security-Token")), "bedrock", region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if expected != signature:
            return "The request signature we calculated does not match the signature you provided."
        return None


def encode_event(headers, payload):
    """One event-stream frame: [total][headers length][prelude CRC][headers][payload][message CRC]."""
    encoded = b""
    for name, value in headers.items():
        data = value.encode()
        encoded += bytes([len(name)]) + name.encode() + b"\x07" + struct.pack(">H", len(data)) + data
    total = 12 + len(encoded) + len(payload) + 4
    prelude = struct.pack(">II", total, len(encoded))
    prelude += struct.pack(">I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + encoded + payload
    return message + struct.pack(">I", binascii.crc32(message) & 0xFFFFFFFF)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    print(f"stand-ins listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
