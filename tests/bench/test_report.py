"""results.json's shape and the table written into docs/performance.md."""

from bench import report, stats
from tests.bench.sample import results_with


def concluded(**numbers):
    results = results_with(**numbers)
    results["growth"] = stats.growth(results, "S", "L")
    results["budgets"] = stats.as_dicts(stats.check(results))
    results["ok"] = not stats.missed(stats.check(results))
    return results


def test_a_complete_document_has_no_problems():
    assert report.problems(concluded()) == []


def test_missing_parts_are_named_with_their_place():
    results = concluded()
    del results["sizes"]["L"]["pages"]["items"]["floor"]["p95_ms"]
    del results["machine"]["sqlite"]
    del results["load"]["errors"]
    assert report.problems(results) == [
        "machine: no 'sqlite'",
        "sizes.L.pages.items.floor: no 'p95_ms'",
        "load: no 'errors'",
    ]


def test_a_document_without_budgets_is_refused():
    results = concluded()
    del results["budgets"]
    assert report.problems(results) == ["results: no 'budgets'"]


def test_the_table_describes_the_machine_and_marks_misses():
    text = report.table(concluded(items_l=80.0))
    assert "2 cores" in text and "8.0 GiB RAM" in text and "SQLite 3.40.1" in text
    assert "Python 3.11.7" in text and "2025-07-01" in text
    row = "| items `/items/?state=in_progress` | office | 13 | 40.0 | 80.0 | 10.0 | 8.0 | 50.0 |"
    assert f"{row} **MISSED** |" in text
    assert "Budgets missed: items at L: p95 within 3 x SQL floor + 20 ms; items: p95 at L" in text


def test_the_table_says_when_all_budgets_hold():
    assert report.table(concluded()).endswith("**All budgets met.**")


def test_writing_the_docs_replaces_only_the_generated_part(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(f"# Performance\n\nBefore.\n\n{report.BEGIN}\nold\n{report.END}\n\nAfter.\n")
    report.write_docs(path, concluded())
    report.write_docs(path, concluded())
    text = path.read_text()
    assert text.startswith("# Performance\n\nBefore.\n\n<!-- bench:begin -->\nRun of ")
    assert text.endswith("**All budgets met.**\n<!-- bench:end -->\n\nAfter.\n")
    assert "old" not in text and text.count(report.BEGIN) == 1
