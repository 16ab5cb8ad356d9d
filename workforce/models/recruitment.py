"""Filled by the recruitment part of issue 16."""

__all__ = []
