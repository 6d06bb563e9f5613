"""Counts the words the tokenizer forwards and reports to whom they are for.

  python3 counter.py [--count N]     (stops after N reports; runs until SIGTERM without it)

Takes "words for <agent>: w1 w2 ..." and sends <agent> "w=n ..." (most frequent first, then
alphabetical).
"""
import argparse
import collections
import sys

from busclient import Bus


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0)
    count = parser.parse_args().count
    bus = Bus()
    print(f"listening as {bus.name} on {bus.channel}", flush=True)
    handled = 0
    while count == 0 or handled < count:
        for message in bus.poll():
            head, _, words = message["msg"].partition(": ")
            if not head.startswith("words for "):
                print(f"ignored {message['from']}: {message['msg']}", flush=True)
                continue
            recipient = head[len("words for "):]
            counts = collections.Counter(words.split())
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            report = " ".join(f"{word}={n}" for word, n in ranked)
            bus.send(recipient, report)
            print(f"reported to {recipient}: {report}", flush=True)
            handled += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
