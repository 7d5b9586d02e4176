"""The words of notices, below the parser and the document readers.

What a unit's name looks like and the check every emitted name passes
(:mod:`gzgk.lexicon.names`), the role words, verbs and column headings
(:mod:`gzgk.lexicon.vocabulary`) and the kinds of columns of a 分工表
(:mod:`gzgk.lexicon.columns`). The parser (:mod:`gzgk.parse`) and the Word
and PDF readers (:mod:`gzgk.documents`) both use them; neither imports the
other.
"""

from __future__ import annotations

__all__: list[str] = []
