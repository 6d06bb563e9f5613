"""A small agent-bus client on the Python standard library, configured like the public clients.

AGENT_BUS_URL (required), AGENT_NAME (required), AGENT_BUS_CHANNEL (default "default"),
AGENT_BUS_UA (default "Mozilla/5.0": the hosted bus's firewall drops script agents) and
AGENT_BUS_TOKEN (optional).
"""
import decimal
import json
import os
import time
import urllib.parse
import urllib.request


class Bus:
    def __init__(self, env=os.environ):
        self.url = env["AGENT_BUS_URL"].strip().rstrip("/")
        self.name = env["AGENT_NAME"]
        self.channel = env.get("AGENT_BUS_CHANNEL") or "default"
        self.user_agent = env.get("AGENT_BUS_UA") or "Mozilla/5.0"
        self.token = env.get("AGENT_BUS_TOKEN")
        # like the public clients: read what arrives from now on
        self.since = decimal.Decimal(repr(time.time()))

    def _call(self, path, body=None, timeout=60):
        headers = {"User-Agent": self.user_agent}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(self.url + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            # Decimal keeps the bus's timestamps exact: the cursor must not round
            return json.loads(answer.read().decode("utf-8"), parse_float=decimal.Decimal)

    def send(self, to, msg):
        return self._call("/send", {"from": self.name, "to": to, "msg": msg, "channel": self.channel})

    def poll(self):
        """Long-polls for the next messages; an empty list when the bus's long-poll ends."""
        query = urllib.parse.urlencode(
            {"to": self.name, "channel": self.channel, "since": str(self.since), "block": "true"})
        answer = self._call("/recv?" + query)
        messages = answer["messages"]
        newest = max((m["ts"] for m in messages), default=self.since)
        self.since = max(self.since, newest, answer["now"])
        return messages
