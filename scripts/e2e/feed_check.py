"""Checks that an Atom feed parses cleanly with feedparser and that its entries are complete.

  feed_check.py FEED.xml
"""

import sys

import feedparser


def main():
    path = sys.argv[1]
    feed = feedparser.parse(path)
    problems = []
    if feed.bozo:
        problems.append(f"not well-formed: {feed.bozo_exception}")
    if feed.version != "atom10":
        problems.append(f"expected Atom 1.0, feedparser reads {feed.version or 'an unknown format'}")
    for key in ("title", "id", "updated"):
        if not feed.feed.get(key):
            problems.append(f"the feed has no {key}")
    if not feed.entries:
        problems.append("the feed has no entries")
    for index, entry in enumerate(feed.entries, 1):
        for key in ("title", "id", "updated", "link"):
            if not entry.get(key):
                problems.append(f"entry {index} has no {key}")
    for problem in problems:
        print(f"feed_check: {path}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"site-check: feed parses cleanly: {feed.feed.title!r}, {len(feed.entries)} entries")


if __name__ == "__main__":
    main()
