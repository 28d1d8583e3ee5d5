#!/usr/bin/env python3
"""Sends N prediction requests at concurrency C to predict.cgi through a web server on loopback.

   load.py URL BODY_FILE N C [--ids FILE]
       → prints one JSON line: {"sent":N,"ok":…,"errors":{status:count},"seconds":…}
         --ids FILE: writes the request_id of every 200 answer to FILE, one a line

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
    ids_file = sys.argv[6] if len(sys.argv) == 7 and sys.argv[5] == "--ids" else None
    if len(sys.argv) not in (5, 7) or (len(sys.argv) == 7 and ids_file is None):
        sys.exit("usage: load.py URL BODY_FILE N C [--ids FILE]")
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
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(one, range(count)))
    if ids_file:
        with open(ids_file, "w") as handle:
            handle.writelines(f"{request_id}\n" for request_id in ids)
    errors: dict = {}
    for status in statuses:
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
    print(json.dumps({"sent": count, "ok": statuses.count(200), "errors": errors,
                      "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    main()
