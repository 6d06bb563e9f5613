#!/usr/bin/env python3
"""A Python 3 stdlib agent-bus client written the way the public clients work.

urllib, a JSON body, User-Agent Mozilla/5.0, and the cursor rule
since = max(max(ts), now). Our interop tests run it against the embedded bus.

  public_client.py send TO            body from stdin; prints the bus's JSON ack
  public_client.py recv NAME COUNT    long-polls until COUNT messages arrived,
                                      printing one block per message

Environment: AGENT_BUS_URL (required), AGENT_NAME, AGENT_BUS_CHANNEL
(default "default"), AGENT_BUS_UA (default "Mozilla/5.0").
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def config():
    return (
        os.environ["AGENT_BUS_URL"].rstrip("/"),
        os.environ.get("AGENT_BUS_CHANNEL", "default"),
        os.environ.get("AGENT_BUS_UA", "Mozilla/5.0"),
    )


def send(to):
    base, channel, agent = config()
    body = {
        "from": os.environ.get("AGENT_NAME", "python"),
        "to": to,
        "msg": sys.stdin.read(),
        "channel": channel,
    }
    request = urllib.request.Request(
        base + "/send",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": agent},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            print(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        print(f"{error.code} {error.read().decode('utf-8')}", file=sys.stderr)
        sys.exit(1)


def recv(name, count, deadline_seconds=60):
    base, channel, agent = config()
    since = 0.0
    received = 0
    deadline = time.monotonic() + deadline_seconds
    while received < count and time.monotonic() < deadline:
        query = urllib.parse.urlencode(
            {"to": name, "since": repr(since), "block": "true", "channel": channel}
        )
        request = urllib.request.Request(
            f"{base}/recv?{query}", headers={"User-Agent": agent}
        )
        with urllib.request.urlopen(request, timeout=35) as response:
            data = json.loads(response.read())
        for message in data.get("messages") or []:
            stamp = time.strftime("%H:%M:%S", time.gmtime(message["ts"]))
            print(f"[{stamp}Z] from {message['from']}:")
            print(message["msg"])
            print("---", flush=True)
            since = max(since, message["ts"])
            received += 1
        if data.get("now"):
            since = max(since, data["now"])
    sys.exit(0 if received >= count else 3)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "send":
        send(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "recv":
        recv(sys.argv[2], int(sys.argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
