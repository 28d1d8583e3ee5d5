#!/usr/bin/env python3
"""Sends N prediction requests at concurrency C to predict.cgi through a web server on loopback.

   load.py URL BODY_FILE N C   → prints one JSON line: {"sent":N,"ok":…,"errors":{status:count},"seconds":…}

Bounded in count and time; talks only to the URL given (a loopback address in the tests).
Only the standard library, so it runs without a virtual environment.
"""
import json
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def main() -> None:
    url, body_file, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        sys.exit("load.py only sends to loopback addresses")
    with open(body_file, "rb") as handle:
        body = handle.read()

    def one(_: int) -> int:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()
                return answer.status
        except urllib.error.HTTPError as error:
            print(f"HTTP {error.code}: {error.read()[:300]!r}", file=sys.stderr)
            return error.code
        except OSError as error:
            print(f"request failed: {error}", file=sys.stderr)
            return 0

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(one, range(count)))
    errors: dict = {}
    for status in statuses:
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
    print(json.dumps({"sent": count, "ok": statuses.count(200), "errors": errors,
                      "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    main()
