"""What an import remembers of every item it has passed, in memory that does not grow with
the export (issue 10: peak memory flat from a 100 MB to a 1 GB file).

Two things are kept for the whole run: which WordPress ids were already seen (a repeated id is
skipped), and which old paths now answer with a redirect (counted in the report, each once,
however many items or runs name it). As Python sets they cost about 130 bytes per redirect
and 60 per id: +50 MB on a 1 GB export (bench/wordpress.sh, IMPORT_SIZES_MB).

`SeenIds` is a bitmap in blocks of 65,536 ids (8 KB each): WordPress ids are the rows of one
auto-increment table, so a site's ids fill the blocks they touch. `DistinctPaths` keeps the
paths in a temporary table of the import's own database connection, which answers the
count; a batch rolled back takes its paths with it.
"""

from django.db import connection

_BLOCK_BITS = 16


class SeenIds:
    def __init__(self):
        self._blocks: dict[int, bytearray] = {}

    def add(self, wp_id: int) -> bool:
        """Remember `wp_id` (≥ 0); True if it was new."""
        block = self._blocks.get(wp_id >> _BLOCK_BITS)
        if block is None:
            block = self._blocks[wp_id >> _BLOCK_BITS] = bytearray(1 << (_BLOCK_BITS - 3))
        offset = wp_id & ((1 << _BLOCK_BITS) - 1)
        byte, bit = offset >> 3, 1 << (offset & 7)
        if block[byte] & bit:
            return False
        block[byte] |= bit
        return True


class DistinctPaths:
    TABLE = "masthead_wordpress_redirected"

    def __init__(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")  # left by a run this connection did not finish
            cursor.execute(f"CREATE TEMPORARY TABLE {self.TABLE} (path TEXT PRIMARY KEY)")

    def update(self, paths) -> None:
        rows = [(path,) for path in set(paths) if path]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {self.TABLE} (path) VALUES (%s) ON CONFLICT DO NOTHING", rows)

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {self.TABLE}")
            return cursor.fetchone()[0]

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
