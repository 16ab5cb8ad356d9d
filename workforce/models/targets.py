"""Filled by the targets part of issue 16."""

__all__ = []
