"""predict.cgi behind a web server, used the way a client script and the site's answer pages use
it: every address it hands out must lead somewhere under the server that served it.

    python scripts/e2e/cgi_check.py CGI_URL BUNDLE

CGI_URL is where the server maps predict.cgi (http://127.0.0.1:PORT/models/predict.cgi);
BUNDLE the `modelpress bundle` folder it serves (its serving snapshot names the schema, and the
repository's penguin rows are the input). Checks, for penguin_species:
- /health answers, with predict.cgi's own security header sent once (not again by the server);
- a JSON prediction, and the HTML answer to the site's form, whose feedback form posts to
  CGI_URL's path + /requests/ID/feedback; the feedback sent there is recorded;
- a batch job: submitted as CSV, its Location and links under CGI_URL's path, polled through
  the returned status link until it succeeds, its result downloaded through the returned link
  with a row per input row.
Prints what it checked; exits 1 naming every problem.
"""

import csv
import html.parser
import json
import pathlib
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ENDPOINT = "penguin_species"
ROWS = 20


def fetch(url, body=None, content_type=None, accept="application/json", method=None):
    """(status, headers, text) of one request; HTTP errors are answers too."""
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.headers, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


class FeedbackForm(html.parser.HTMLParser):
    """The action and hidden fields of the answer page's feedback form."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.hidden = {}
        self.choices = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "feedback-form" in (attrs.get("class") or "").split():
            self.action = attrs.get("action")
            self._inside = True
        elif self._inside and tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value", "")
        elif self._inside and tag == "option" and attrs.get("value"):
            self.choices.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def main():
    cgi_url, bundle = sys.argv[1].rstrip("/"), pathlib.Path(sys.argv[2])
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(cgi_url))
    cgi_path = urllib.parse.urlsplit(cgi_url).path
    snapshot = json.loads((bundle / "research/registry/serving.json").read_text())
    fields = [field["name"] for field in snapshot["endpoints"][ENDPOINT]["schema"]["fields"]]
    repository = pathlib.Path(__file__).resolve().parents[2]
    with open(repository / "research/data/penguins/penguins.csv", newline="") as file:
        rows = [row for row in csv.DictReader(file) if all(row[name] != "NA" for name in fields)][:ROWS]
    problems = []

    def expect(condition, problem):
        if not condition:
            problems.append(problem)
        return condition

    status, headers, _ = fetch(cgi_url + "/health")
    expect(status == 200, f"/health answered {status}")
    sent = headers.get_all("X-Content-Type-Options") or []
    expect(len(sent) == 1, f"/health: X-Content-Type-Options sent {len(sent)} times: {sent}")

    predict_url = f"{cgi_url}/{ENDPOINT}/predict"
    values = {name: rows[0][name] for name in fields}
    numbers = {name: (float(value) if name != "island" and name != "sex" else value) for name, value in values.items()}
    status, _, text = fetch(predict_url, json.dumps(numbers).encode(), "application/json")
    if expect(status == 200, f"JSON prediction answered {status}: {text[:300]}"):
        answer = json.loads(text)
        expect("request_id" in answer and "feedback_token" in answer, f"JSON prediction without a request id: {answer}")

    form = urllib.parse.urlencode(values).encode()
    status, _, page = fetch(predict_url, form, "application/x-www-form-urlencoded", accept="text/html")
    if expect(status == 200, f"the form's prediction answered {status}: {page[:300]}"):
        parser = FeedbackForm()
        parser.feed(page)
        action = parser.action or ""
        if expect(
            action.startswith(cgi_path + "/requests/") and action.endswith("/feedback"),
            f"the answer page's feedback form posts to {action!r}, not under {cgi_path}/requests/",
        ):
            choice = {"feedback": rows[0]["species"], **parser.hidden}
            status, _, text = fetch(
                origin + action, urllib.parse.urlencode(choice).encode(), "application/x-www-form-urlencoded")
            expect(status == 200, f"feedback at {action} answered {status}: {text[:300]}")
            print(f"cgi_check: the answer page's feedback form posts to {action}: {status}")

    upload = ",".join(fields) + "\n" + "".join(",".join(row[name] for name in fields) + "\n" for row in rows)
    status, headers, text = fetch(f"{cgi_url}/{ENDPOINT}/jobs", upload.encode(), "text/csv")
    if expect(status == 202, f"the job's upload answered {status}: {text[:300]}"):
        job = json.loads(text)
        links = job.get("links", {})
        location = headers.get("Location")
        expect(location == links.get("status"), f"Location {location!r} is not links.status {links.get('status')!r}")
        expect(
            links.get("status") == f"{cgi_path}/jobs/{job['task_id']}",
            f"links.status {links.get('status')!r} is not {cgi_path}/jobs/{job['task_id']}",
        )
        deadline = time.monotonic() + 60
        state = {}
        while time.monotonic() < deadline:
            status, _, text = fetch(origin + links["status"])
            if not expect(status == 200, f"polling {links['status']} answered {status}: {text[:300]}"):
                break
            state = json.loads(text)
            if state.get("status") in ("SUCCESS", "FAILURE"):
                break
            time.sleep(0.2)
        if expect(state.get("status") == "SUCCESS", f"the job did not succeed: {state}"):
            result_link = state.get("links", {}).get("result", links.get("result"))
            status, _, text = fetch(origin + result_link + "?format=csv", accept="text/csv")
            lines = [line for line in text.splitlines() if line]
            expect(status == 200 and len(lines) == ROWS + 1, f"{result_link}: {status}, {len(lines)} lines: {text[:300]}")
            print(f"cgi_check: job {job['task_id']}: {len(rows)} rows through {links['status']} and {result_link}")

    for problem in problems:
        print(f"cgi_check: {cgi_url}: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
