"""Scoring (考核): the rubric as data, and the pure engine that turns a quarter's facts into scores.

Nothing here touches the database or Qt; ``services/review.py`` gathers the facts and stores
the office's manual entries.
"""
