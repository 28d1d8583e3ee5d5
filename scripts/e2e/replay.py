"""Replays rows of the Adult test file through predict.cgi as a client would, one JSON request
each, with one numeric field moved: served traffic that has drifted in that field only.

    python scripts/e2e/replay.py CGI_URL TEST_FILE --rows 700 --shift age=15

CGI_URL is where the server maps predict.cgi; TEST_FILE the UCI adult.test (no header, ", "
between cells, "?" missing, a "|" comment line). A shifted value is kept within the field's
range in the schema (age at most 90), so that predict.cgi answers every request. Prints how many
were answered; exits 1 naming the first refused request.
"""

import argparse
import csv
import json
import sys
import urllib.error
import urllib.request

HEADER = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    "income",
]
NUMERIC = {"age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"}
MAXIMUM = {"age": 90, "hours-per-week": 99}


def rows(path, count):
    with open(path, newline="", encoding="utf-8") as file:
        for cells in csv.reader(file, skipinitialspace=True):
            if not cells or cells[0].startswith("|"):
                continue
            yield dict(zip(HEADER, cells))
            count -= 1
            if count == 0:
                return


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cgi_url")
    parser.add_argument("test_file")
    parser.add_argument("--rows", type=int, default=700)
    parser.add_argument("--shift", required=True, help="FIELD=AMOUNT, a numeric field")
    args = parser.parse_args()
    field, amount = args.shift.split("=", 1)
    answered = 0
    for row in rows(args.test_file, args.rows):
        row.pop("income", None)
        body = {}
        for name, text in row.items():
            if text == "?":
                body[name] = None
            elif name in NUMERIC:
                value = float(text) + (float(amount) if name == field else 0)
                body[name] = min(value, MAXIMUM.get(name, value))
            else:
                body[name] = text
        request = urllib.request.Request(
            args.cgi_url + "/income_classifier/predict", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                json.load(answer)
        except urllib.error.HTTPError as error:
            print(f"replay: FAIL request {answered + 1} was refused ({error.code}): {error.read()[:300]!r}",
                  file=sys.stderr)
            sys.exit(1)
        answered += 1
    print(f"replay: {answered} rows answered by {args.cgi_url}/income_classifier/predict, {field} moved by {amount}")


if __name__ == "__main__":
    main()
