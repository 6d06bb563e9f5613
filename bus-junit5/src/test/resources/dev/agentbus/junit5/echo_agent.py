#!/usr/bin/env python3
"""A small agent for the extension's tests: answers every message with "echo: <body>".

Configured like the public agent-bus clients: AGENT_BUS_URL, AGENT_NAME,
AGENT_BUS_CHANNEL, AGENT_BUS_UA, AGENT_BUS_TOKEN. Python 3 standard library only.
Prints one line per event, flushed, so that a test can wait for it:
  listening as <name> on <channel>
  got <from>: <body>
  replied to <from>
Ends after --count messages (default: never).
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request


def request(url, body=None):
    headers = {"User-Agent": os.environ.get("AGENT_BUS_UA", "Mozilla/5.0")}
    if body is not None:
        headers["Content-Type"] = "application/json"
    token = os.environ.get("AGENT_BUS_TOKEN")
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body).encode("utf-8")
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=60) as answer:
        return json.loads(answer.read().decode("utf-8"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0, help="messages to answer before exiting; 0 = forever")
    args = parser.parse_args()
    base = os.environ["AGENT_BUS_URL"].rstrip("/")
    name = os.environ["AGENT_NAME"]
    channel = os.environ.get("AGENT_BUS_CHANNEL", "default")
    since = "0"
    answered = 0
    print("listening as %s on %s" % (name, channel), flush=True)
    while args.count == 0 or answered < args.count:
        query = urllib.parse.urlencode({"to": name, "since": since, "block": "true", "channel": channel})
        result = request(base + "/recv?" + query)
        for message in result["messages"]:
            print("got %s: %s" % (message["from"], message["msg"]), flush=True)
            request(base + "/send", {"from": name, "to": message["from"], "msg": "echo: " + message["msg"], "channel": channel})
            print("replied to %s" % message["from"], flush=True)
            answered += 1
        stamps = [m["ts"] for m in result["messages"]] + [result["now"]]
        since = repr(max(float(s) for s in stamps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
