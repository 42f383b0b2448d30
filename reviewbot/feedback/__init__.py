"""Reviewers teach the bot: what they say about its inline comments (👍/👎 reactions,
"false positive" replies, resolving a thread without changing the code, fixing the flagged
lines in the next push) is collected per comment, turned into each rule's measured
precision per repository, and a rule reviewers keep rejecting is demoted from inline
comments to the summary.

- signals.py   pure: the signals, the precision, the demotion decision, the line check
- store.py     SQLAlchemy store (SQLite file by default, PostgreSQL by URL)
- collect.py   webhook payloads → feedback, and reading a closed pull request's reactions
"""
