"""The printed world: 姓氏笔画 order (`ballots.strokes`) and the PDFs (`ballots.documents`).

Plain data in, bytes out; this package never imports `app`.
"""
