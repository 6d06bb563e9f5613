"""Splits each text it gets into lower-case words and forwards them to the counter.

  python3 tokenizer.py [--count N]     (stops after N texts; runs until SIGTERM without it)

Forwards to TOKENIZER_FORWARD_TO (default "counter") as "words for <sender>: w1 w2 ...".
"""
import argparse
import os
import re
import sys

from busclient import Bus


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0)
    count = parser.parse_args().count
    bus = Bus()
    forward_to = os.environ.get("TOKENIZER_FORWARD_TO") or "counter"
    print(f"listening as {bus.name} on {bus.channel}", flush=True)
    handled = 0
    while count == 0 or handled < count:
        for message in bus.poll():
            print(f"got {message['from']}: {message['msg']}", flush=True)
            words = re.findall(r"[a-z0-9']+", message["msg"].lower())
            bus.send(forward_to, f"words for {message['from']}: " + " ".join(words))
            handled += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
