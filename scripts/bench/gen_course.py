#!/usr/bin/env python3
"""Generates a synthetic course in coursepack's format, seeded and deterministic.

    gen_course.py OUT_DIR --size small|large|huge [--seed N]

small: 10 pages of ~300 words and a 10-question assessment, no media.
large: 1,000 pages; 200 MiB of incompressible media (200 x 512 KiB .jpg and
       10 x 10 MiB .mp4): every 5th page shows an image, every 100th a video.
huge:  as large, with media scaled to about 1 GiB (checks memory does not grow
       with media size).
Two languages (nl, en), so the full build matrix is targets x 2.
"""

import argparse
import json
import os
import random

SIZES = {
    # pages, images, image bytes, videos, video bytes
    "small": (10, 0, 0, 0, 0),
    "large": (1000, 200, 512 * 1024, 10, 10 * 1024 * 1024),
    "huge": (1000, 200, 2560 * 1024, 10, 51 * 1024 * 1024),
}

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "pe", "si", "da", "gu", "re", "no", "li", "ba"]


def words(rng, n):
    out = []
    for _ in range(n):
        out.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return out


def paragraph(rng, n):
    w = words(rng, n)
    sentences, i = [], 0
    while i < len(w):
        k = rng.randint(8, 16)
        s = " ".join(w[i:i + k])
        sentences.append(s[:1].upper() + s[1:] + ".")
        i += k
    return " ".join(sentences)


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def text(rng, n):
    return "{nl: %s, en: %s}" % (q(paragraph(rng, n)), q(paragraph(rng, n)))


# The first bytes of each media format (`coursepack check` compares a file's
# magic bytes with its extension); the rest of the file is random.
MAGIC = {".jpg": b"\xff\xd8\xff\xe0", ".mp4": b"\x00\x00\x00\x18ftypmp42"}


def write_media(path, size, rng):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        magic = MAGIC.get(os.path.splitext(path)[1], b"")
        f.write(magic)
        left = size - len(magic)
        while left > 0:
            chunk = min(left, 1 << 20)
            f.write(rng.randbytes(chunk))
            left -= chunk


def questions(rng):
    lines = []
    for i in range(10):
        qid = f"q{i:02d}"
        kind = ["single-choice", "multiple-response", "true-false", "fill-in", "numeric"][i % 5]
        lines.append(f"    - id: {qid}")
        lines.append(f"      type: {kind}")
        lines.append(f"      prompt: {text(rng, 12)}")
        if kind in ("single-choice", "multiple-response"):
            lines.append("      choices:")
            for c, correct in zip("abcd", (True, kind == "multiple-response", False, False)):
                lines.append(f"        - {{id: {c}, text: {text(rng, 4)}, correct: {str(correct).lower()}}}")
        elif kind == "true-false":
            lines.append("      answer: true")
        elif kind == "fill-in":
            lines.append("      accepted: {nl: [kalo], en: [kalo]}")
        else:
            lines.append("      exact: 42")
        lines.append(f"      feedback: {{correct: {text(rng, 5)}, incorrect: {text(rng, 8)}}}")
    return lines


def generate(out, size, seed):
    pages, images, image_bytes, videos, video_bytes = SIZES[size]
    rng = random.Random(seed)
    media_rng = random.Random(seed + 1)
    os.makedirs(out, exist_ok=True)
    lines = [
        "# yaml-language-server: $schema=../schemas/course.schema.json",
        f"id: bench-{size}",
        'version: "1.0.0"',
        f"iri: https://example.org/courses/bench-{size}",
        "title: {nl: Testcursus, en: Benchmark course}",
        f"description: {text(rng, 20)}",
        "languages: {source: nl, translations: [en]}",
        "authors: [{name: coursepack benchmark generator}]",
        "license:",
        "  spdx: CC0-1.0",
        "  url: https://creativecommons.org/publicdomain/zero/1.0/",
        "  attribution: {nl: Gegenereerd., en: Generated.}",
        "completion: both",
        "lessons:",
    ]
    per_lesson = 50 if pages > 50 else pages
    image_no, video_no = 0, 0
    for p in range(pages):
        if p % per_lesson == 0:
            lines.append(f"  - id: lesson-{p // per_lesson:03d}")
            lines.append(f"    title: {text(rng, 3)}")
            lines.append("    pages:")
        lines.append(f"      - id: page-{p:04d}")
        lines.append(f"        title: {text(rng, 4)}")
        lines.append("        blocks:")
        lines.append(f"          - heading: {text(rng, 5)}")
        lines.append(f"          - text: {text(rng, 300 if size == 'small' else 120)}")
        if images and p % 5 == 4 and image_no < images:
            src = f"assets/img/image-{image_no:03d}.jpg"
            write_media(os.path.join(out, src), image_bytes, media_rng)
            lines.append(f"          - image: {{src: {src}, alt: {text(rng, 8)}}}")
            image_no += 1
        if videos and p % 100 == 99 and video_no < videos:
            src = f"assets/video/video-{video_no:02d}.mp4"
            write_media(os.path.join(out, src), video_bytes, media_rng)
            caps = {}
            for lang in ("nl", "en"):
                cap = f"assets/video/video-{video_no:02d}.{lang}.vtt"
                with open(os.path.join(out, cap), "w", encoding="utf-8") as f:
                    f.write("WEBVTT\n\n00:00.000 --> 00:02.000\n" + paragraph(rng, 6) + "\n")
                caps[lang] = cap
            lines.append("          - video:")
            lines.append(f"              src: {src}")
            lines.append(f"              title: {text(rng, 4)}")
            lines.append(f"              captions: {{nl: {caps['nl']}, en: {caps['en']}}}")
            video_no += 1
    lines += [
        "assessment:",
        "  id: final",
        "  title: {nl: Eindtoets, en: Final test}",
        "  pass_mark: 70",
        "  draw: 10",
        "  attempts: 3",
        "  shuffle: true",
        "  feedback: at-end",
        "  questions:",
    ]
    lines += questions(rng)
    with open(os.path.join(out, "course.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    generate(args.out, args.size, args.seed)


if __name__ == "__main__":
    main()
