#!/usr/bin/env python3
"""An agent with no retries, as many are written: one request, and whatever happens, happens.

  one_shot_agent.py send <to> <message>   prints "sent <ts>"
  one_shot_agent.py recv                  prints "got <from>: <body>" per message, then "done"

Configured like the public agent-bus clients: AGENT_BUS_URL, AGENT_NAME,
AGENT_BUS_CHANNEL, AGENT_BUS_UA (empty or unset: Python's own Python-urllib/3.x).
Python 3 standard library only. Any failure ends it with Python's traceback and
exit status 1.
"""
import json
import os
import sys
import urllib.parse
import urllib.request


def request(url, body=None):
    headers = {}
    user_agent = os.environ.get("AGENT_BUS_UA")
    if user_agent:
        headers["User-Agent"] = user_agent
    if body is not None:
        headers["Content-Type"] = "application/json"
    data = None if body is None else json.dumps(body).encode("utf-8")
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=30) as answer:
        return json.loads(answer.read().decode("utf-8"))


def main():
    base = os.environ["AGENT_BUS_URL"].rstrip("/")
    name = os.environ["AGENT_NAME"]
    channel = os.environ.get("AGENT_BUS_CHANNEL", "default")
    if sys.argv[1] == "send":
        answer = request(base + "/send", {"from": name, "to": sys.argv[2], "msg": sys.argv[3], "channel": channel})
        print("sent %s" % answer["ts"], flush=True)
    else:
        query = urllib.parse.urlencode({"to": name, "since": "0", "channel": channel})
        for message in request(base + "/recv?" + query)["messages"]:
            print("got %s: %s" % (message["from"], message["msg"]), flush=True)
        print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
