"""Filled by the career part of issue 16."""

__all__ = []
