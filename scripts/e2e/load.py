#!/usr/bin/env python3
"""Sends N prediction requests at concurrency C to predict.cgi through a web server on loopback.

   load.py URL BODY_FILE N C [--ids FILE] [--until FILE]
       → prints one JSON line: {"sent":…,"ok":…,"errors":{status:count},"seconds":…}
         --ids FILE: writes the request_id of every 200 answer to FILE, one a line
         --until FILE: after the N, goes on sending until FILE exists (a test's signal that
           what it did during the run is done), at most UNTIL_SECONDS in all

Bounded in count and time; talks only to the URL given (a loopback address in the tests).
Only the standard library, so it runs without a virtual environment.
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request


UNTIL_SECONDS = 120
USAGE = "usage: load.py URL BODY_FILE N C [--ids FILE] [--until FILE]"


def main() -> None:
    if len(sys.argv) < 5:
        sys.exit(USAGE)
    url, body_file, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    options = sys.argv[5:]
    if len(options) % 2 or any(name not in ("--ids", "--until") for name in options[::2]):
        sys.exit(USAGE)
    named = dict(zip(options[::2], options[1::2]))
    ids_file, until_file = named.get("--ids"), named.get("--until")
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        sys.exit("load.py only sends to loopback addresses")
    with open(body_file, "rb") as handle:
        body = handle.read()

    ids: list = []

    def one(_: int) -> int:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                text = answer.read()
                if answer.status == 200 and ids_file:
                    ids.append(json.loads(text)["request_id"])
                return answer.status
        except urllib.error.HTTPError as error:
            print(f"HTTP {error.code}: {error.read()[:300]!r}", file=sys.stderr)
            return error.code
        except OSError as error:
            print(f"request failed: {error}", file=sys.stderr)
            return 0

    started = time.monotonic()
    statuses: list = []
    lock = threading.Lock()
    sent = 0

    def more() -> bool:
        """Whether to send another request, counting it."""
        nonlocal sent
        with lock:
            if sent >= count and (until_file is None or os.path.exists(until_file)):
                return False
            if sent >= count and time.monotonic() - started > UNTIL_SECONDS:
                return False
            sent += 1
            return True

    def worker() -> None:
        while more():
            status = one(0)
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if ids_file:
        with open(ids_file, "w") as handle:
            handle.writelines(f"{request_id}\n" for request_id in ids)
    errors: dict = {}
    for status in statuses:
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
    print(json.dumps({"sent": len(statuses), "ok": statuses.count(200), "errors": errors,
                      "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    main()
