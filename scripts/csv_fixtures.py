"""Writes generated CSV texts and what Python's csv module reads from each to a JSON fixture.

Run through scripts/make-csv-fixtures. Every text is read as the project's CSV reader is
documented to match: `csv.reader` with the default `excel` dialect and the text's delimiter,
`strict=True`, on the text decoded with `utf-8-sig` (a leading byte order mark is skipped) and
opened with `newline=''` (LF, CRLF and a lone CR end a line; line breaks inside quotes are
kept). Blank lines, which `csv.reader` returns as empty lists, are left out: the Swift reader
skips them on purpose. A text that `csv.reader` refuses is recorded with its error instead of
records. Seeded: the same seed writes the same file.
"""
import csv
import io
import json
import random
import sys

SEED = 4180
CASES = 400
SEPARATORS = [",", ";", "\t"]
# Field values with every tricky case: separators, quotes, line breaks of each kind,
# spaces, empty, missing markers, non-ASCII (including a BOM and line-separator characters
# that are not line ends for csv).
ATOMS = [
    "", "", "a", "abc", "42", "-3.5", "1,5", "a;b", "t\tb", " lead", "trail ", "  ", "x y",
    'say "hi"', '"', '""', 'a"b', "line\nbreak", "cr\r\nlf", "lone\rcr", "\n", "\r\n",
    "NA", "?", "null", "é", "naïve café", "日本語", "🐧 penguin", "\ufeffinner", "a\u2028b",
    "form\x0cfeed", "next\x85line", "|pipe", "#hash", "'single'",
]
LINE_ENDS = ["\n", "\r\n", "\r"]


def needs_quotes(value, separator):
    return any(c in value for c in (separator, '"', "\n", "\r")) or value == ""


def write_field(rng, value, separator):
    """The field as a writer might: quoted when it must be, sometimes when it need not be,
    and sometimes with a quote inside an unquoted field (text, not a quote, to csv)."""
    if needs_quotes(value, separator) and (value != "" or rng.random() < 0.5):
        return '"' + value.replace('"', '""') + '"'
    if rng.random() < 0.2:
        return '"' + value.replace('"', '""') + '"'
    return value


def make_text(rng):
    separator = rng.choice(SEPARATORS)
    style = rng.choice(["lf", "crlf", "cr", "mixed"])
    fixed_width = rng.random() < 0.6
    width = rng.randint(1, 5)
    lines = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.1:
            lines.append("")  # a blank line
        n = width if fixed_width else rng.randint(1, 5)
        fields = [write_field(rng, rng.choice(ATOMS), separator) for _ in range(n)]
        if rng.random() < 0.05:
            # Unquoted text around a quote that does not start the field.
            fields[-1] = rng.choice(['x"y', ' "z"', 'ab"'])
        lines.append(separator.join(fields))
    if rng.random() < 0.06:
        # Broken on purpose: text after a closing quote, or a quote never closed.
        broken = rng.choice(['"a"b', '"x" ', '"never closed'])
        lines[rng.randrange(len(lines))] += separator + broken
    ends = {"lf": ["\n"], "crlf": ["\r\n"], "cr": ["\r"], "mixed": LINE_ENDS}[style]
    text = ""
    for index, line in enumerate(lines):
        text += line
        if index < len(lines) - 1 or rng.random() < 0.7:
            text += rng.choice(ends)
    if rng.random() < 0.15:
        text = "\ufeff" + text
    return separator, text


def read(separator, text):
    decoded = text.encode("utf-8").decode("utf-8-sig")
    try:
        rows = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=separator, strict=True))
    except csv.Error as error:
        return {"error": str(error)}
    return {"records": [row for row in rows if row != []]}


def main(path):
    rng = random.Random(SEED)
    cases = []
    for _ in range(CASES):
        separator, text = make_text(rng)
        cases.append({"separator": separator, "text": text, **read(separator, text)})
    fixture = {"python": sys.version.split()[0], "seed": SEED, "cases": cases}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(fixture, out, ensure_ascii=True, indent=1, sort_keys=True)
        out.write("\n")
    errors = sum(1 for case in cases if "error" in case)
    print(f"{path}: {len(cases)} texts, {errors} refused by csv.reader", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
