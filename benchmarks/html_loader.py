"""HTML loader speed: flat pages of <p> and deeply nested <div>s (issue 21 item 5).

Prints seconds per page size and the ratio to the previous size (about 2 for linear time
when the size doubles, about 4 for quadratic), for the loader and, on the small sizes,
for the earlier BeautifulSoup tree-and-insert method it replaced. Run from the repository
root (needs beautifulsoup4 for the comparison column):

    python benchmarks/html_loader.py
"""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from langchain_taskgen.loading.html import _BLOCK_TAGS, BlockHTMLLoader


def earlier_method(text: str) -> str:
    """The loader before issue 21: a BeautifulSoup tree, a break inserted per block."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for tag in soup.find_all(list(_BLOCK_TAGS)):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    blocks = [" ".join(b.split()) for b in soup.get_text().split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def flat(n: int) -> str:
    return "<html><body>" + "".join(f"<p>Paragraph {i} of the page.</p>" for i in range(n))


def nested(n: int) -> str:
    return "<html><body>" + "<div>" * n + "deep text" + "</div>" * n


def timed(func: object, *args: object) -> float:
    started = time.perf_counter()
    func(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    cpu = subprocess.run(
        "lscpu | grep 'Model name'", shell=True, capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"{cpu or platform.processor()}; load {os.getloadavg()[0]:.2f}")
    folder = Path(tempfile.mkdtemp())
    for kind, build, sizes, earlier_up_to in (
        ("flat <p>", flat, (2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000), 8_000),
        ("nested <div>", nested, (25_000, 50_000, 100_000, 200_000, 400_000), 0),
    ):
        print(f"\n{kind:>14} {'kB':>8} {'loader s':>9} {'ratio':>6} {'earlier s':>10} {'ratio':>6}")
        previous = previous_earlier = None
        for n in sizes:
            page = folder / f"{n}.html"
            text = build(n)
            page.write_text(text)
            seconds = timed(lambda p=page: BlockHTMLLoader(p).load())
            ratio = f"{seconds / previous:6.2f}" if previous else " " * 6
            earlier = ""
            if n <= earlier_up_to:
                e = timed(earlier_method, text)
                e_ratio = f"{e / previous_earlier:6.2f}" if previous_earlier else ""
                earlier = f"{e:10.2f} {e_ratio}"
                previous_earlier = e
            print(f"{n:>14} {len(text) / 1000:8.0f} {seconds:9.3f} {ratio} {earlier}")
            previous = seconds


if __name__ == "__main__":
    main()
