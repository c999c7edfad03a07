#!/usr/bin/env python3
"""A real SMTP server for the mail tests (aiosmtpd from PyPI): every message it accepts is written
to DIRECTORY as NNNN.eml (the bytes BandUp sent, after DATA) with NNNN.json beside it (the
envelope: sender, recipients, whether the session was under TLS and who authenticated).

Usage: mail_sink.py PORT DIRECTORY [--tls CERT KEY] [--auth USER:PASSWORD]

--tls offers STARTTLS with that certificate (and requires it before AUTH); --auth requires that
login (PLAIN or LOGIN) before MAIL FROM.
"""
import argparse
import json
import os
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("directory")
parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
parser.add_argument("--auth")
arguments = parser.parse_args()
lock = threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            number = len([name for name in os.listdir(arguments.directory) if name.endswith(".eml")]) + 1
            base = os.path.join(arguments.directory, f"{number:04d}")
            with open(base + ".json.part", "w", encoding="utf-8") as meta:
                json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                           "tls": session.ssl is not None, "login": session.auth_data if isinstance(session.auth_data, str) else None}, meta)
            with open(base + ".eml.part", "wb") as message:
                message.write(envelope.original_content or envelope.content)
            os.rename(base + ".json.part", base + ".json")
            os.rename(base + ".eml.part", base + ".eml")
        return "250 OK: queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    expected_user, expected_password = arguments.auth.split(":", 1)
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == expected_user and auth_data.password.decode() == expected_password:
        return AuthResult(success=True, auth_data=expected_user)
    return AuthResult(success=False, handled=False)


options = {"hostname": "127.0.0.1", "port": arguments.port, "server_hostname": "localhost"}
if arguments.tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*arguments.tls)
    options.update(tls_context=context, require_starttls=True)
if arguments.auth:
    options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(arguments.tls))
controller = Controller(Sink(), **options)
controller.start()
threading.Event().wait()  # until the test kills the process
