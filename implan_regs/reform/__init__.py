"""Reforms: proposals (drafts based on one version in force), their article-level
operations, publishing them as the next version, and rebasing them.

The diff of a proposal against its base lives in :mod:`implan_regs.diff`; the decree and
cross-reference repair build on that alignment.
"""
