"""Embedding throughput of the default model (use-m3) on 2,000 real sentences per language, and peak memory."""
from __future__ import annotations

import time

from bench.common import md_table, peak_rss_mb, read_tsv, repeat_timing, write_results

N_SENTENCES = 2000


def main() -> None:
    from align.embed import Embedder

    import pandas as pd

    news = read_tsv("ntrex128", "ntrex128_zh_fr.tsv")
    wiki = read_tsv("flores200_devtest", "flores200_devtest_zh_fr.tsv")
    rows = pd.concat([news[["zh", "fr"]], wiki[["zh", "fr"]]]).head(N_SENTENCES)
    texts = {"zh": list(rows.zh), "fr": list(rows.fr)}
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    embedder = Embedder(cache=False, progress=False)
    embedder.encode(["warm up"])
    load_s = time.perf_counter() - started

    results = {}
    for lang, sentences in texts.items():
        timing = repeat_timing(lambda: embedder.encode(sentences), repeats=3)
        results[lang] = {"sentences": len(sentences), **timing,
                         "sentences_per_s": len(sentences) / timing["best_s"],
                         "mean_chars": sum(map(len, sentences)) / len(sentences)}
    peak = peak_rss_mb()
    from align.use_module import available_cores

    data = {"model": "use-m3", "threads": available_cores(), "load_s": load_s, "by_language": results,
            "peak_rss_mb": peak, "rss_before_load_mb": rss_before}
    table = md_table(["language", "sentences", "mean chars", "best s", "median s", "sentences/s"],
                     [[lang, r["sentences"], round(r["mean_chars"], 1), round(r["best_s"], 2), round(r["median_s"], 2),
                       round(r["sentences_per_s"])] for lang, r in results.items()])
    markdown = f"""# Embedding throughput — default model `use-m3`

{N_SENTENCES} real sentences per language (NTREX-128 news, topped up with FLORES-200), encoded with the cache off,
{available_cores()} BLAS threads, best of 3 runs.

{table}

Model load: {load_s:.1f} s. Peak resident memory of the process: {peak:.0f} MB.
"""
    write_results("embed", markdown, data)
    print(markdown)


if __name__ == "__main__":
    main()
