"""The import's run-long memory (wordpress/tally.py): exact answers in space that does not
grow with the export."""

import pytest
from django.db import transaction

from masthead.wordpress.tally import DistinctPaths, SeenIds


def test_seen_ids_answer_like_a_set_for_dense_sparse_and_huge_ids():
    seen, reference = SeenIds(), set()
    ids = [1, 2, 65535, 65536, 65537, 1, 2**40 + 3, 2**40 + 3, 0, 987654321, 65536, *range(100, 5000, 7), *range(100, 5000, 7)]
    for wp_id in ids:
        assert seen.add(wp_id) == (wp_id not in reference), wp_id
        reference.add(wp_id)


def test_seen_ids_take_a_block_per_65536_ids_not_a_word_per_id():
    seen = SeenIds()
    for wp_id in range(1, 200_000):
        seen.add(wp_id)
    assert len(seen._blocks) == 4 and sum(len(b) for b in seen._blocks.values()) == 4 * 8192


@pytest.mark.django_db(transaction=True)
def test_distinct_paths_count_each_path_once_and_forget_a_rolled_back_batch():
    paths = DistinctPaths()
    paths.update(["/a/", "/b/", "", "/a/"])
    with transaction.atomic():
        paths.update(["/b/", "/c/"])
    with pytest.raises(RuntimeError), transaction.atomic():
        paths.update(["/d/", "/e/"])
        raise RuntimeError("the batch failed")
    assert paths.count() == 3
    paths.close()
    again = DistinctPaths()  # a later run on the same connection starts empty
    assert again.count() == 0
    again.close()
