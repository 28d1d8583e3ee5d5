#!/usr/bin/env python3
"""The usual Python way of serving, which modelpress replaces, for `make bench-cgi` to compare
against: a long-running Python HTTP server with a scikit-learn random forest (100 trees, mode
imputation, label-encoded categoricals, as the Django REST service modelpress replaces trains
it) that logs every request to SQLite.

    sklearn_server.py PORT DATA_FOLDER DATABASE      (prints "ready" once it listens on 127.0.0.1:PORT)
"""
import csv
import json
import sqlite3
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sklearn.ensemble import RandomForestClassifier

FIELDS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
          "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country"]
CATEGORICAL = {"workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
               "native-country"}


def load(path):
    rows, labels = [], []
    with open(path, newline="") as handle:
        for record in csv.reader(handle, skipinitialspace=True):
            if len(record) != 15:
                continue
            rows.append(dict(zip(FIELDS, record[:14])))
            labels.append(1 if record[14].rstrip(".") == ">50K" else 0)
    return rows, labels


def main() -> None:
    port, folder, database = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rows, labels = load(folder + "/adult.data")
    modes = {f: Counter(r[f] for r in rows if r[f] != "?").most_common(1)[0][0] for f in CATEGORICAL}
    codes = {f: {v: i for i, v in enumerate(sorted({r[f] for r in rows} | {modes[f]}))} for f in CATEGORICAL}

    def encode(row):
        out = []
        for f in FIELDS:
            value = row[f]
            if f in CATEGORICAL:
                value = modes[f] if value in ("?", None) else value
                out.append(codes[f].get(value, codes[f][modes[f]]))
            else:
                out.append(float(value))
        return out

    model = RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=42)
    model.fit([encode(r) for r in rows], labels)
    connection = sqlite3.connect(database, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS request (id INTEGER PRIMARY KEY, input TEXT, label TEXT,"
                       " probability REAL, created_at REAL)")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            row = json.loads(body)
            probability = model.predict_proba([encode({f: str(row[f]) for f in FIELDS})])[0][1]
            label = ">50K" if probability > 0.5 else "<=50K"
            with lock:
                cursor = connection.execute(
                    "INSERT INTO request (input, label, probability, created_at) VALUES (?, ?, ?, ?)",
                    (body.decode(), label, probability, time.time()))
                connection.commit()
            answer = json.dumps({"status": "OK", "label": label, "probability": probability,
                                 "request_id": cursor.lastrowid}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
