#!/usr/bin/env python3
"""A local SMTP server for the mail test (python3-aiosmtpd from Debian).

Usage: mail_sink.py PORT OUT.jsonl
An address starting with "weiger" is refused at RCPT (550).
Each message it receives is appended to OUT.jsonl as one JSON line:
{"aan": [...], "van": ..., "onderwerp": (decoded), "tekst": ..., "headers": {...}}.
It runs until it is killed.
"""
import email
import email.header
import email.policy
import json
import signal
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # an address the test names as refused: as a real server's 550
        if address.startswith("weiger"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        rec = {
            "aan": envelope.rcpt_tos,
            "van": envelope.mail_from,
            "onderwerp": str(msg["subject"]),
            "tekst": msg.get_content(),
            "headers": {k: str(v) for k, v in msg.items()},
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return "250 OK"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    c = Controller(Sink(out), hostname="127.0.0.1", port=port)
    c.start()
    signal.signal(signal.SIGTERM, lambda *a: (c.stop(), sys.exit(0)))
    with open(out + ".ready", "w") as f:
        f.write("ready\n")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
