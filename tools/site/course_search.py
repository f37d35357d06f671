"""Sphinx extension for the course site: Sphinx's Chinese search, keeping one-character words.

Sphinx's Chinese index drops every word of one character, so a query such as "p 值" or
"A/B 测试" (glossary terms) cannot match: the search page splits the query at spaces and slashes
and wants every part. Here a single letter or Chinese character is a word too; a single digit,
punctuation mark or English stopword is not.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.search import languages
from sphinx.search.zh import SearchChinese


class CourseSearchChinese(SearchChinese):
    def word_filter(self, stemmed_word: str) -> bool:
        if len(stemmed_word) > 1:
            return True
        word = stemmed_word
        return word.isalnum() and not word.isdigit() and word not in self.stopwords


def setup(app: Sphinx) -> dict:
    languages["zh"] = CourseSearchChinese
    return {"parallel_read_safe": True, "parallel_write_safe": True}
