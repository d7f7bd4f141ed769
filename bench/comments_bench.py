"""Grouped comments: grouping 50,000 free texts, and the dashboard of an instansi of 50,000
answers with its groups kept per cycle against grouping them on every request.

    .venv/bin/python bench/comments_bench.py [--texts 50000] [--respondents 50000] [--repeat 5]

1. `method.comments.group_texts` on `--texts` generated answers: the generator's sentences
   (HARAPAN, SARAN) written as respondents write them (60% as they are, 15% in another case
   or with other punctuation, 5% with a typing error in one long word) and 20% answers of
   their own. CPU time, median of `--repeat`.
2. The dashboard page of a regency (40 units; bench/pdf_bench.py's, with `--respondents`
   answers in its published year, every one with a harapan and half with a saran from the
   same mix), requested in-process with Django's test client as the leader, SQLite: warm
   (the groups kept with the cycle: `CommentGroups`) and cold (the kept groups deleted
   before each request: every answer read, its validity checked, grouped and kept, which is
   what each request did before, reading and shuffling every text). CPU and wall medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))


def generated_texts(n: int, seed: int) -> list[str]:
    from berakhlak.generate.synthetic import HARAPAN, SARAN  # noqa: PLC0415 - after the path

    rng = random.Random(seed)
    sentences = HARAPAN + SARAN
    words = " ".join(sentences).replace(",", "").replace(".", "").split()
    out = []
    for i in range(n):
        roll = rng.random()
        text = rng.choice(sentences)
        if roll < 0.60:
            out.append(text)
        elif roll < 0.75:
            text = text.lower() if rng.random() < 0.5 else text.upper()
            out.append(text.rstrip(".") + rng.choice(["", "!", "!!", " .", "..."]))
        elif roll < 0.80:
            long = [w for w in text.split() if len(w) >= 7]
            w = rng.choice(long) if long else text.split()[0]
            p = rng.randrange(1, len(w) - 1)
            out.append(text.replace(w, w[:p] + w[p + 1 :], 1))
        else:
            own = " ".join(rng.choice(words) for _ in range(rng.randint(4, 16)))
            out.append(f"{own} ({i})")
    return out


def grouping(texts: list[str], repeat: int) -> tuple[float, int]:
    from berakhlak.method.comments import group_texts  # noqa: PLC0415 - after the path

    times = []
    groups = []
    for _ in range(repeat):
        started = time.process_time()
        groups = group_texts(texts, "texts:1:None")
        times.append(time.process_time() - started)
    return statistics.median(times), len(groups)


def dashboard(respondents: int, repeat: int) -> dict[str, tuple[float, float]]:
    import django  # noqa: PLC0415 - the settings are chosen first

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    os.environ["BERAKHLAK_DATA_DIR"] = tempfile.mkdtemp(prefix="berakhlak-comments-")
    os.environ["BERAKHLAK_ENV"] = "development"
    django.setup()
    sys.path.insert(0, str(ROOT / "tests"))
    from django.contrib.auth import get_user_model  # noqa: PLC0415 - after django.setup()
    from django.test import Client  # noqa: PLC0415 - after django.setup()
    from django.urls import reverse  # noqa: PLC0415 - after django.setup()

    from berakhlak.responses.models import Response  # noqa: PLC0415 - after django.setup()
    from berakhlak.results.cycle_results import free_texts  # noqa: PLC0415 - after django.setup()
    from berakhlak.results.models import CommentGroups  # noqa: PLC0415 - after django.setup()
    from pdf_bench import regency  # noqa: PLC0415 - after django.setup()

    User = get_user_model()
    cycle = regency(respondents)
    rows = list(Response.objects.filter(cycle=cycle).only("pk"))
    texts = generated_texts(2 * len(rows), seed=5)
    for i, row in enumerate(rows):
        row.harapan, row.saran = texts[2 * i], texts[2 * i + 1] if i % 2 else ""
    Response.objects.bulk_update(rows, ["harapan", "saran"], batch_size=2000)
    client = Client()
    client.force_login(User.objects.get(username="bupati"))
    url = reverse("results:dashboard", kwargs={"pk": cycle.pk})
    assert client.get(url).status_code == 200  # the first request after closing pays the counts
    out = {}
    cpu = []
    for _ in range(repeat):  # what main did on every request besides the rest of the page
        started_cpu = time.process_time()
        texts = free_texts(cycle, len(rows), 10)
        for given in texts.values():
            ordered = sorted(given)
            random.Random(1).shuffle(ordered)
        cpu.append(time.process_time() - started_cpu)
    out["main's reading and shuffling of every text alone"] = (statistics.median(cpu), 0.0)
    for name, drop in (("cold (groups made on the request)", True), ("warm (groups kept)", False)):
        cpu, wall = [], []
        for _ in range(repeat):
            if drop:
                CommentGroups.objects.all().delete()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            assert response.status_code == 200 and b"quote-count" in response.content
        out[name] = (statistics.median(cpu), statistics.median(wall))
    print(f"answers in the published cycle: {Response.objects.filter(cycle=cycle).count():,}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=50_000)
    parser.add_argument("--respondents", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = generated_texts(args.texts, seed=1)
    cpu, groups = grouping(texts, args.repeat)
    print(f"| grouping {len(texts):,} texts into {groups:,} groups | {cpu * 1000:,.0f} ms CPU |")
    for name, (cpu, wall) in dashboard(args.respondents, args.repeat).items():
        print(f"| dashboard, {name} | {cpu * 1000:,.0f} ms CPU | {wall * 1000:,.0f} ms wall |")


if __name__ == "__main__":
    main()
